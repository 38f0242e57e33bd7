"""What the applicant reported is carried into the village's forms: the new-household form started from a
self-application and the verification form that turns it into an identification case. The risk types and the
两不愁三保障 the ticks speak for are filled in and marked "来自申报：<the farmer's words>", they stay editable, and
what no field takes (the written account, which member is ill) is listed in a note instead of being guessed."""

import re

import pytest

from households.models import Household
from tests.households.test_registry_pages import _household_post, _member_post
from tests.workflow.applications_helpers import HEAD_ID, STRANGER_ID
from tests.workflow.test_applications_village import apply
from workflow.services.application_public import application_submit

pytestmark = pytest.mark.django_db

SITUATION = "房子是六十年代的土坯房，去年雨季后墙体开裂；孙子初二不去上学了，在家帮忙。"
MORE = "补充：老伴腰椎手术后一直吃药，家里的井水浑浊，吃水要到三里外去挑。"


def _checkbox(page: str, name: str, value: str | None = None) -> str:
    value_part = f'[^>]*value="{value}"' if value else ""
    found = re.search(rf'<input type="checkbox" name="{name}"{value_part}[^>]*>', page)
    assert found, (name, value)
    return found.group(0)


def _checked(page: str, name: str, value: str | None = None) -> bool:
    return " checked" in _checkbox(page, name, value)


def _label_of(page: str, name: str, value: str | None = None) -> str:
    """The text of the checkbox's label (its mark, if any, is in it)."""
    start = page.index(_checkbox(page, name, value))
    return page[start : page.index("</label>", start)]


def supplement(village, **values) -> None:
    """The same farmer (ID number and phone) sends again while the application is pending: a supplement."""
    application_submit(village=village, name="陈桂兰", situation=MORE, consent=True, **values)


@pytest.fixture
def stranger_application(county):
    return apply(
        county.village_a,
        id_number=STRANGER_ID,
        name="陈桂兰",
        phone="13955556666",
        risk_types=["unsafe_housing", "school_dropout"],
        situation=SITUATION,
    )


def test_the_new_household_form_carries_the_reported_risks_and_guarantees_marked_as_from_the_application(
    personas, county, login, stranger_application
):
    page = login(personas.cadre_a).get(f"/households/new/?application={stranger_application.pk}").content.decode()

    assert _checked(page, "risk_types", "unsafe_housing") and _checked(page, "risk_types", "school_dropout")
    assert not _checked(page, "risk_types", "medical_cost") and not _checked(page, "risk_types", "low_income")
    assert "来自申报：唯一的住房不安全" in _label_of(page, "risk_types", "unsafe_housing")
    assert "来自申报：上小学、初中的孩子不去上学了" in _label_of(page, "risk_types", "school_dropout")
    assert "来自申报" not in _label_of(page, "risk_types", "medical_cost")

    assert not _checked(page, "housing_ok") and not _checked(page, "education_ok")
    assert "来自申报：唯一的住房不安全" in _label_of(page, "housing_ok")
    assert "来自申报：上小学、初中的孩子不去上学了" in _label_of(page, "education_ok")
    for untouched in ("food_clothing_ok", "medical_ok", "water_ok"):
        assert _checked(page, untouched) and "来自申报" not in _label_of(page, untouched)


def test_what_the_form_has_no_field_for_is_listed_in_a_note_and_nothing_is_guessed(
    personas, county, login, stranger_application
):
    page = login(personas.cadre_a).get(f"/households/new/?application={stranger_application.pk}").content.decode()

    note = page[page.index("未自动填入") :]
    assert SITUATION in note  # the farmer's own account has no field on the form
    assert "未写明是哪个孩子" in note and "在校生状况" in note
    # The student status of the members is left for the visit: the child is not even registered yet.
    assert 'name="members-0-student_stage"' in page and "来自申报" not in page[page.index('id="member-forms"') :]


def test_a_supplement_adds_its_ticks_and_its_account(personas, county, login, stranger_application):
    supplement(
        county.village_a, id_number=STRANGER_ID, phone="13955556666", risk_types=["medical_cost", "unsafe_water"]
    )
    page = login(personas.cadre_a).get(f"/households/new/?application={stranger_application.pk}").content.decode()

    assert _checked(page, "risk_types", "medical_cost") and _checked(page, "risk_types", "unsafe_water")
    assert not _checked(page, "water_ok") and "来自申报：吃水、饮水有困难" in _label_of(page, "water_ok")
    # A large medical bill is a risk, not a sign that basic medical care is not secured: left as it was.
    assert _checked(page, "medical_ok") and "来自申报" not in _label_of(page, "medical_ok")
    note = page[page.index("未自动填入") :]
    assert SITUATION in note and MORE in note and "补充申报（回执号" in note
    assert "未写明是哪位家庭成员、是患病还是残疾" in note


def test_the_prefilled_fields_stay_editable_and_the_household_is_saved_as_the_cadre_verified(
    personas, county, login, stranger_application
):
    client = login(personas.cadre_a)
    link = f"/households/new/?application={stranger_application.pk}"
    data = _household_post(county, [_member_post(0, "陈桂兰", STRANGER_ID, "head")])
    # The visit found the house repaired: the cadre unticks the housing risk and ticks 住房安全有保障 again.
    data |= {"risk_types": ["school_dropout"], "education_ok": ""}

    response = client.post(link, data)

    assert response.status_code == 302
    household = Household.objects.get(head_name="陈桂兰")
    assert household.risk_types == ["school_dropout"]
    assert household.housing_ok is True and household.education_ok is False


def test_an_application_out_of_scope_fills_in_no_risk(personas, county, login):
    other = apply(
        county.village_b, id_number=STRANGER_ID, name="陈桂兰", phone="13955556666", risk_types=["unsafe_housing"]
    )
    page = login(personas.cadre_a).get(f"/households/new/?application={other.pk}").content.decode()

    assert not _checked(page, "risk_types", "unsafe_housing") and _checked(page, "housing_ok")
    assert "来自申报" not in page and "未自动填入" not in page


def test_the_case_form_for_a_registered_household_is_prefilled_likewise(personas, county, login, household_a):
    Household.objects.filter(pk=household_a.pk).update(medical_ok=False)  # what an earlier visit found
    application = apply(county.village_a, risk_types=["unsafe_housing", "medical_cost"], situation=SITUATION)
    supplement(county.village_a, id_number=HEAD_ID, phone="13812345678", risk_types=["unsafe_water"])

    page = login(personas.cadre_a).get(f"/workflow/applications/{application.pk}/to-case/").content.decode()

    for code in ("unsafe_housing", "medical_cost", "unsafe_water"):
        assert _checked(page, "risk_types", code) and "来自申报：" in _label_of(page, "risk_types", code)
    assert not _checked(page, "housing_ok") and "来自申报：唯一的住房不安全" in _label_of(page, "housing_ok")
    assert not _checked(page, "water_ok") and "来自申报：吃水、饮水有困难" in _label_of(page, "water_ok")
    # Not reported by the application: the household's own status, unmarked.
    assert not _checked(page, "medical_ok") and "来自申报" not in _label_of(page, "medical_ok")
    assert _checked(page, "education_ok") and "来自申报" not in _label_of(page, "education_ok")
    note = page[page.index("未自动填入") :]
    assert SITUATION in note and MORE in note and "是患病还是残疾" in note
