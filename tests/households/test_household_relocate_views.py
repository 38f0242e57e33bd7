"""整户迁移 on the household page and at POST /api/v1/households/{id}/relocate/ (households.services.relocation):
offered to the township and the county, confirmed before acting, refused in Chinese at the field or above the form."""

import pytest

from accounts.models import AuditEvent
from households.choices import RegionLevel
from households.models import Household
from households.services.registry import MSG_GROUP_NOT_IN_VILLAGE
from households.services.relocation import MSG_ADDRESS_REQUIRED, MSG_OTHER_TOWNSHIP, MSG_RELOCATE_ROLE
from tests.factories import region
from workflow.choices import CaseKind, Channel
from workflow.relocation import MSG_OPEN_CASE
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def form(village, **extra):
    return {"village": village.pk, "address": "新村安置点8栋2单元", "reason": "relocation", **extra}


def test_the_township_moves_a_household_from_its_page(personas, county, household_a, login):
    client = login(personas.township)
    detail = client.get(f"/households/{household_a.pk}/").content.decode()
    assert f"/households/{household_a.pk}/relocate/" in detail and "整户迁移" in detail
    page = client.get(f"/households/{household_a.pk}/relocate/").content.decode()
    # Its own villages only, the one it is in excluded; the page says what follows and asks before acting.
    assert "城北村" in page and "张公渡村" not in page and f'value="{county.village_a.pk}"' not in page
    assert "data-confirm-submit" in page and f"原户编号 {household_a.number} 记入变更记录" in page

    response = client.post(f"/households/{household_a.pk}/relocate/", form(county.village_b))

    assert response.status_code == 302
    moved = Household.objects.get(pk=household_a.pk)
    assert moved.village == county.village_b and moved.number.startswith(county.village_b.path)
    shown = client.get(response.url).content.decode()
    assert f"已迁入涂埠镇城北村，新户编号 {moved.number}" in shown
    history = client.get(f"/households/{moved.pk}/?tab=history").content.decode()
    assert "由涂埠镇城南村迁入涂埠镇城北村" in history


def test_form_errors_are_shown_at_their_fields_in_chinese(personas, county, household_a, login):
    group_b = region("360425100202001", "城北村一组", RegionLevel.GROUP, county.village_b)
    client = login(personas.county_officer)
    url = f"/households/{household_a.pk}/relocate/"

    blank = client.post(url, form(county.village_b, address=" ", reason="other"))
    elsewhere = client.post(url, form(county.village_c, group=group_b.pk))

    assert blank.status_code == 200 and elsewhere.status_code == 200
    assert blank.context["form"].errors["address"] == [MSG_ADDRESS_REQUIRED]
    assert elsewhere.context["form"].errors["group"] == [MSG_GROUP_NOT_IN_VILLAGE]
    assert MSG_GROUP_NOT_IN_VILLAGE in elsewhere.content.decode()
    assert Household.objects.get(pk=household_a.pk).village == county.village_a


def test_a_village_cadre_sees_no_button_and_is_told_to_report_to_the_township(personas, county, household_a, login):
    client = login(personas.cadre_a)

    detail = client.get(f"/households/{household_a.pk}/").content.decode()
    page = client.get(f"/households/{household_a.pk}/relocate/").content.decode()
    refused = client.post(f"/households/{household_a.pk}/relocate/", form(county.village_b))

    assert f"/households/{household_a.pk}/relocate/" not in detail
    assert MSG_RELOCATE_ROLE in page and "<form" not in page.split("data-refusal")[1].split("</section>")[0]
    assert MSG_RELOCATE_ROLE in refused.content.decode()
    assert Household.objects.get(pk=household_a.pk).village == county.village_a


def test_an_open_case_is_named_on_the_page(personas, county, household_a, login):
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category="sudden_hardship",
    )

    page = login(personas.township).get(f"/households/{household_a.pk}/relocate/").content.decode()

    assert MSG_OPEN_CASE.format(case=case.get_kind_display(), opened=f"{case.discovered_on:%Y-%m-%d}") in page


def test_the_api_moves_a_household_and_answers_with_it(personas, county, household_a, login):
    client = login(personas.county_officer)
    body = {"village": county.village_c.code, "address": "张公渡村安置区1号", "reason": "marriage"}

    response = client.post(f"/api/v1/households/{household_a.pk}/relocate/", body, content_type="application/json")

    assert response.status_code == 200, response.content.decode()
    data = response.json()
    assert data["village"] == county.village_c.code and data["number"].startswith(county.village_c.path)
    assert AuditEvent.objects.filter(action="household.relocate_out", region_path=county.village_a.path).exists()


def test_the_api_refuses_the_township_another_township_and_the_cadre(personas, county, household_a, login):
    body = {"village": county.village_c.code, "address": "张公渡村安置区1号", "reason": "relocation"}
    url = f"/api/v1/households/{household_a.pk}/relocate/"

    township = login(personas.township).post(url, body, content_type="application/json")
    nearby = {**body, "village": county.village_b.code}
    cadre = login(personas.cadre_a).post(url, nearby, content_type="application/json")
    unknown = login(personas.township).post(url, {**body, "village": "999"}, content_type="application/json")

    assert township.status_code == 400 and township.json()["village"] == [MSG_OTHER_TOWNSHIP]
    assert cadre.status_code == 403 and MSG_RELOCATE_ROLE in cadre.content.decode()
    assert unknown.status_code == 400 and "没有区划代码为 999 的村" in unknown.json()["village"][0]
    assert Household.objects.get(pk=household_a.pk).village == county.village_a


def test_a_patch_of_the_village_names_the_relocate_endpoint(personas, county, household_a, login):
    response = login(personas.township).patch(
        f"/api/v1/households/{household_a.pk}/", {"village": county.village_b.code}, content_type="application/json"
    )

    assert response.status_code == 400
    assert "/api/v1/households/{id}/relocate/" in response.json()["village"][0]
