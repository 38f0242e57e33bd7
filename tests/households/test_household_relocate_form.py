"""The 整户迁移 form (households.forms_relocate): every field's error in one round, the groups and grids of each
village marked for the page's script to offer only the chosen village's (templates/households/household_relocate.html,
js/relocate_place.js), grids in their numbers' order and named with their village, and a confirmation naming the
village and the new 户编号."""

import json
import re
from html import unescape

import pytest

from households.choices import RegionLevel
from households.models import Grid, Household
from households.services.registry import MSG_GRID_NOT_IN_VILLAGE, MSG_GROUP_NOT_IN_VILLAGE
from households.services.relocation import MSG_ADDRESS_REQUIRED, MSG_NOTE_REQUIRED, relocate_errors
from tests.factories import region

pytestmark = pytest.mark.django_db


def grid(village, name):
    return Grid.objects.create(village=village, name=name, region_path=village.path)


def test_every_error_is_said_in_one_round(personas, county, household_a, login):
    group_b = region("360425100202001", "城北村一组", RegionLevel.GROUP, county.village_b)
    grid_b = grid(county.village_b, "第一网格")
    body = {"village": county.village_c.pk, "group": group_b.pk, "grid": grid_b.pk, "address": " ", "reason": "other"}

    response = login(personas.county_officer).post(f"/households/{household_a.pk}/relocate/", body)

    errors = response.context["form"].errors
    assert errors["group"] == [MSG_GROUP_NOT_IN_VILLAGE] and errors["grid"] == [MSG_GRID_NOT_IN_VILLAGE]
    assert errors["address"] == [MSG_ADDRESS_REQUIRED] and errors["note"] == [MSG_NOTE_REQUIRED]
    assert Household.objects.get(pk=household_a.pk).village == county.village_a


def test_a_missing_reason_and_village_are_named(personas, county, household_a, login):
    response = login(personas.county_officer).post(f"/households/{household_a.pk}/relocate/", {"address": "x"})

    errors = response.context["form"].errors
    assert errors["village"] == ["请选择迁入村。"] and errors["reason"] == ["请选择迁移原因。"]


def test_the_service_says_every_error_of_its_input_at_once(county):
    group_b = region("360425100202001", "城北村一组", RegionLevel.GROUP, county.village_b)
    grid_b = grid(county.village_b, "第一网格")

    errors = relocate_errors(village=county.village_c, group=group_b, grid=grid_b, address="", reason="other", note="")

    assert set(errors) == {"group", "grid", "address", "note"}


def test_groups_and_grids_are_marked_with_their_village_and_grids_are_in_order(personas, county, household_a, login):
    region("360425100202001", "城北村一组", RegionLevel.GROUP, county.village_b)
    for name in ("第一网格", "第三网格", "第二网格"):
        grid(county.village_b, name)

    page = login(personas.county_officer).get(f"/households/{household_a.pk}/relocate/").content.decode()

    grids = re.findall(rf'data-village="{county.village_b.pk}"[^>]*>(城北村第.网格)<', page)
    assert grids == ["城北村第一网格", "城北村第二网格", "城北村第三网格"]
    assert re.search(rf'data-village="{county.village_b.pk}"[^>]*>城北村一组<', page)
    assert 'data-place="虬津镇张公渡村"' in page and "js/relocate_place.js" in page


def test_the_confirmation_names_the_village_and_the_new_number(personas, county, household_a, login):
    url = f"/households/{household_a.pk}/relocate/"
    client = login(personas.county_officer)

    blank = client.get(url).content.decode()
    again = client.post(url, {"village": county.village_c.pk, "address": "", "reason": "relocation"}).content.decode()

    assert "整户迁入{place}？" in blank and "按迁入村重新编制户编号" in blank
    assert f'data-confirm-submit="确认将张大山户（{household_a.number}）整户迁入虬津镇张公渡村？' in again


def test_the_api_says_every_error_at_once_too(personas, county, household_a, login):
    group_b = region("360425100202001", "城北村一组", RegionLevel.GROUP, county.village_b)
    body = {"village": county.village_c.code, "group": group_b.code, "address": "安置区1号", "reason": "other"}

    response = login(personas.county_officer).post(
        f"/api/v1/households/{household_a.pk}/relocate/", body, content_type="application/json"
    )

    assert response.status_code == 400 and set(response.json()) == {"group", "note"}


def test_the_page_checks_the_village_address_and_reason_before_it_asks(personas, county, household_a, login):
    html = login(personas.county_officer).get(f"/households/{household_a.pk}/relocate/").content.decode()

    prechecks = json.loads(unescape(re.search(r'data-prechecks="([^"]*)"', html).group(1)))
    assert [(rule["field"], rule["message"]) for rule in prechecks] == [
        ("village", "请选择迁入村。"),
        ("address", MSG_ADDRESS_REQUIRED),
        ("reason", "请选择迁移原因。"),
        ("note", MSG_NOTE_REQUIRED),
    ]
    assert prechecks[-1]["when"] == {"reason": "other"} and "js/step_precheck.js" in html and "{#" not in html
