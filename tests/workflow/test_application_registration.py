"""An applicant who is not in the registry (review "phone" findings 11 and 14): the cadre registers the household
from the application without retyping the 18-digit ID number, and comes back to the application to go on."""

import datetime as dt
import re

import pytest

from households import idnumber
from households.models import Household
from tests.households.test_registry_pages import _household_post, _member_post
from tests.workflow.applications_helpers import STRANGER_ID, form_data
from tests.workflow.test_applications_village import apply
from workflow.models.applications import Application
from workflow.services.application_public import application_link_for

pytestmark = pytest.mark.django_db


def _input(page: str, name: str) -> str:
    found = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert found, name
    return found.group(0)


def test_register_the_household_from_an_application_fills_in_the_applicant_and_comes_back(personas, county, login):
    stranger = apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰", phone="13955556666")
    client = login(personas.cadre_a)
    detail = client.get(f"/workflow/applications/{stranger.pk}/").content.decode()
    link = f"/households/new/?application={stranger.pk}"
    assert f'href="{link}">登记该户</a>' in detail

    form = client.get(link).content.decode()

    assert 'value="陈桂兰"' in _input(form, "members-0-name")
    assert f'value="{STRANGER_ID}"' in _input(form, "members-0-id_number")
    assert 'value="13955556666"' in _input(form, "phone")
    assert f"回执号 {stranger.receipt_no}" in form and "保存后回到该申报" in form

    data = _household_post(county, [_member_post(0, "陈桂兰", STRANGER_ID, "head")]) | {"phone": "13955556666"}
    response = client.post(link, data)

    assert response.status_code == 302 and response["Location"] == f"/workflow/applications/{stranger.pk}/"
    household = Household.objects.get(head_name="陈桂兰")
    back = client.get(response["Location"]).content.decode()
    assert f"/households/{household.pk}/" in back and "已建立农户档案" in back  # now found in the registry


def test_an_application_out_of_scope_fills_in_nothing_and_leads_nowhere(personas, county, login):
    other = apply(county.village_b, id_number=STRANGER_ID, name="陈桂兰", phone="13955556666")
    client = login(personas.cadre_a)
    link = f"/households/new/?application={other.pk}"

    form = client.get(link).content.decode()
    assert "陈桂兰" not in form and STRANGER_ID not in form and "13955556666" not in form

    data = _household_post(county, [_member_post(0, "陈桂兰", STRANGER_ID, "head")])
    response = client.post(link, data)
    household = Household.objects.get(head_name="陈桂兰")
    assert response["Location"] == f"/households/{household.pk}/"


def test_phone_numbers_on_the_application_page_can_be_called(personas, county, login):
    application = apply(county.village_a, id_number=STRANGER_ID, name="陈桂兰", phone="13955556666")

    page = login(personas.cadre_a).get(f"/workflow/applications/{application.pk}/").content.decode()

    assert '<a class="tel" href="tel:13955556666">13955556666</a>' in page


def test_the_public_id_number_inputs_take_18_characters_with_spaces_and_the_letter_keyboard(personas, county, client):
    token = application_link_for(actor=personas.cadre_a, village=county.village_a).token
    for url in (f"/apply/{token}/", "/apply/status/"):
        field = _input(client.get(url).content.decode(), "id_number")
        # 24: a number pasted as "360425 19600418 001X" (20 characters) is not cut short; the spaces are dropped.
        assert 'maxlength="24"' in field and 'autocapitalize="characters"' in field
        assert 'spellcheck="false"' in field and 'autocomplete="off"' in field and "inputmode" not in field


def test_the_public_form_still_reads_full_width_digits_and_a_small_x(personas, county, client):
    """18 characters on the page; what a Chinese keyboard types (０-９, x) is still the same number."""
    token = application_link_for(actor=personas.cadre_a, village=county.village_a).token
    number = idnumber.make("360425", dt.date(1985, 5, 5), 1)  # ends in X
    assert number.endswith("X")
    typed = number[:17].translate(str.maketrans("0123456789", "０１２３４５６７８９")) + "x"

    response = client.post(f"/apply/{token}/", form_data(id_number=typed, name="陈桂兰"), REMOTE_ADDR="10.0.0.3")

    assert response.status_code == 302
    assert Application.objects.get().id_number == number
