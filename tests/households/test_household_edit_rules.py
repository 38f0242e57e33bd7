"""The household edit page and PATCH /api/v1/households/<id>/ hold a household's own rules (services.household_rules):
a 户类型 its monitoring category does not allow (000 §三(二), 003 §二2(1)), a monitored household's approved risk types,
a 户编号 not of the village's shape are refused; a 劳动能力 its members' labour skills contradict, and a housing or
water risk recorded 有保障, are asked about ("仍要保存") — before, all of them were saved silently."""

import pytest

from households.choices import HouseholdType, LabourCapacity, LabourSkill, MonitoringCategory, RiskType
from households.models import Household, HouseholdEvent
from households.services.confirm import CONFIRM_FIELD, CONFIRM_LABEL
from households.services.household_rules import (
    HELP_RISK_TYPES_PROCEDURE,
    MSG_RISK_TYPES_PROCEDURE,
    number_error,
    type_error,
)
from tests.households.page_form import changed, page_form

pytestmark = pytest.mark.django_db


def patch(client, household, body):
    return client.patch(f"/api/v1/households/{household.pk}/", body, content_type="application/json")


def monitored(household, category, *, risks=(RiskType.MEDICAL_COST,), household_type=None, **fields):
    """The household as an approved inclusion leaves it (workflow.services.outcomes writes these)."""
    values = {"monitoring_category": category, "risk_types": list(risks)} | fields
    if household_type:
        values["household_type"] = household_type
    Household.objects.filter(pk=household.pk).update(**values)
    household.refresh_from_db()
    return household


def edit_page(client, household):
    return client.get(f"/households/{household.pk}/edit/")


def post_edit(client, household, **changes):
    form = page_form(edit_page(client, household))
    return client.post(f"/households/{household.pk}/edit/", changed(form, **changes))


# 1. 户类型 against the monitoring category


def test_a_marginal_household_cannot_be_edited_into_a_lifted_out_one_on_the_page(personas, login, household_b):
    household = monitored(household_b, MonitoringCategory.MARGINAL)
    # the township's edit: a village may not change 脱贫户 at all (tests/households/test_household_type_roll)
    client = login(personas.township)

    page = post_edit(client, household, household_type=HouseholdType.LIFTED_OUT).content.decode()

    assert type_error(HouseholdType.LIFTED_OUT, MonitoringCategory.MARGINAL) in page
    assert "户类型只能是“一般农户”" in page
    assert "（脱贫不稳定户是脱贫户，边缘易致贫户是一般农户）" in page
    assert "§" not in page  # no internal seed reference ("000 §三(二)") a cadre cannot read
    assert Household.objects.get(pk=household.pk).household_type == HouseholdType.ORDINARY


def test_an_unstable_lifted_out_household_cannot_be_patched_to_ordinary(personas, login, household_a):
    household = monitored(household_a, MonitoringCategory.UNSTABLE_LIFTED_OUT)

    response = patch(login(personas.township), household, {"household_type": "ordinary"})

    assert response.status_code == 400
    assert "户类型只能是“脱贫户”" in response.json()["household_type"][0]
    assert "§" not in response.json()["household_type"][0]
    assert Household.objects.get(pk=household.pk).household_type == HouseholdType.LIFTED_OUT


def test_a_household_not_monitored_may_change_its_type(personas, login, household_a):
    response = patch(login(personas.township), household_a, {"household_type": "ordinary"})

    assert response.status_code == 200, response.content.decode()[:300]
    assert Household.objects.get(pk=household_a.pk).household_type == HouseholdType.ORDINARY


# 2. A monitored household's risk types change only through the procedures


def test_a_monitored_household_s_risk_types_are_shown_read_only_on_the_edit_page(personas, login, household_a):
    household = monitored(household_a, MonitoringCategory.UNSTABLE_LIFTED_OUT)
    client = login(personas.cadre_a)

    page = edit_page(client, household).content.decode()
    post_edit(client, household, risk_types=[RiskType.UNEMPLOYMENT], address="城南村8号")

    assert HELP_RISK_TYPES_PROCEDURE in page
    assert 'name="risk_types" value="medical_cost"' in page and "disabled" in page.split('value="medical_cost"')[1][:80]
    household.refresh_from_db()
    assert household.risk_types == [RiskType.MEDICAL_COST]
    assert household.address == "城南村8号"  # the rest of the page is saved


def test_patching_a_monitored_household_s_risk_types_is_a_400_naming_the_field(personas, login, household_a):
    household = monitored(household_a, MonitoringCategory.UNSTABLE_LIFTED_OUT)
    client = login(personas.cadre_a)

    rewritten = patch(client, household, {"risk_types": ["unemployment"]})
    echoed = patch(client, household, {"risk_types": ["medical_cost"], "address": "城南村8号"})

    assert rewritten.status_code == 400
    assert rewritten.json()["risk_types"] == [MSG_RISK_TYPES_PROCEDURE]
    assert echoed.status_code == 200  # what was read, sent back unchanged, changes nothing
    assert Household.objects.get(pk=household.pk).risk_types == [RiskType.MEDICAL_COST]


def test_a_household_not_monitored_keeps_its_risk_types_editable(personas, login, household_a):
    response = patch(login(personas.cadre_a), household_a, {"risk_types": ["unemployment"]})

    assert response.status_code == 200, response.content.decode()[:300]
    assert Household.objects.get(pk=household_a.pk).risk_types == [RiskType.UNEMPLOYMENT]


# 3. 户编号: the village's code and a 4-digit sequence


@pytest.mark.parametrize("number", ["abc 测试", "3604241002010001", "36042510020100011", "３６０４"])
def test_a_number_not_of_the_village_s_shape_is_refused_by_the_api(personas, login, household_a, number):
    response = patch(login(personas.cadre_a), household_a, {"number": number})

    assert response.status_code == 400
    assert response.json()["number"] == [number_error(household_a.village, number)]
    assert f"本村区划代码 {household_a.village.path}" in response.json()["number"][0]
    assert Household.objects.get(pk=household_a.pk).number != number


def test_a_number_of_the_village_s_shape_is_saved(personas, login, household_a):
    number = f"{household_a.village.path}0099"

    # The old number is retired for good: the change is confirmed (households.services.household_rules).
    response = patch(login(personas.cadre_a), household_a, {"number": number, "confirm_unusual": True})

    assert response.status_code == 200, response.content.decode()[:300]
    assert Household.objects.get(pk=household_a.pk).number == number


def test_the_edit_page_refuses_a_bad_number_and_does_not_offer_a_blank_one(personas, login, household_a):
    client = login(personas.cadre_a)

    edit = edit_page(client, household_a).content.decode()
    new = client.get("/households/new/").content.decode()
    refused = post_edit(client, household_a, number="abc 测试").content.decode()

    assert "留空自动生成" not in edit and "留空自动生成" in new
    assert "户编号应为16位数字" in refused
    assert Household.objects.get(pk=household_a.pk).number == household_a.number


def test_a_new_household_s_typed_number_is_checked_too(personas, login, county, family_rows):
    from households.services import registry

    with pytest.raises(Exception) as refused:
        registry.household_create(
            actor=personas.cadre_a,
            village=county.village_a,
            members=family_rows,
            number="abc",
            household_type=HouseholdType.ORDINARY,
        )

    assert "户编号应为16位数字" in str(refused.value)


# 4. 劳动能力 against the members' labour skills


def _labourers(household):
    household.members.update(labour_skill=LabourSkill.ORDINARY)


def test_no_labour_with_ordinary_labourers_is_asked_on_the_page_before_it_is_saved(personas, login, household_a):
    _labourers(household_a)
    client = login(personas.cadre_a)

    asked = post_edit(client, household_a, labour_capacity=LabourCapacity.NONE).content.decode()
    kept = Household.objects.get(pk=household_a.pk).labour_capacity
    form = page_form(client.get(f"/households/{household_a.pk}/edit/"))
    confirmed = client.post(
        f"/households/{household_a.pk}/edit/",
        changed(form, labour_capacity=LabourCapacity.NONE, **{CONFIRM_FIELD: True}),
    )

    assert "劳动能力填为“无劳动能力”，但按在世成员的劳动技能应为“有劳动能力”" in asked
    assert "不能标注风险消除" in asked and CONFIRM_LABEL in asked
    assert kept == ""
    assert confirmed.status_code == 302
    assert Household.objects.get(pk=household_a.pk).labour_capacity == LabourCapacity.NONE
    event = HouseholdEvent.objects.filter(household=household_a, summary__startswith="修改农户信息").latest("pk")
    assert "已核实确认" in event.summary


def test_no_labour_with_ordinary_labourers_needs_confirm_unusual_in_the_api(personas, login, household_a):
    _labourers(household_a)
    client = login(personas.cadre_a)

    asked = patch(client, household_a, {"labour_capacity": "none"})
    confirmed = patch(client, household_a, {"labour_capacity": "none", "confirm_unusual": True})

    assert asked.status_code == 400
    assert "应为“有劳动能力”" in asked.json()["labour_capacity"][0]
    assert CONFIRM_FIELD in asked.json()
    assert confirmed.status_code == 200, confirmed.content.decode()[:300]
    assert Household.objects.get(pk=household_a.pk).labour_capacity == LabourCapacity.NONE


def test_a_capacity_the_members_bear_out_is_not_asked_about(personas, login, household_a):
    _labourers(household_a)

    response = patch(login(personas.cadre_a), household_a, {"labour_capacity": "has_labour"})

    assert response.status_code == 200


# 5. A housing or water risk recorded 有保障


def test_a_housing_risk_ticked_with_housing_secured_is_asked_on_the_page(personas, login, household_a):
    client = login(personas.cadre_a)

    asked = post_edit(client, household_a, risk_types=[RiskType.UNSAFE_HOUSING]).content.decode()

    assert "风险类型有“唯一住房存在安全问题”，但住房安全有保障填为“是”" in asked
    assert CONFIRM_LABEL in asked
    assert Household.objects.get(pk=household_a.pk).risk_types == []


def test_a_monitored_housing_risk_set_secured_is_asked_and_saved_once_confirmed(personas, login, household_a):
    household = monitored(
        household_a, MonitoringCategory.UNSTABLE_LIFTED_OUT, risks=[RiskType.UNSAFE_HOUSING], housing_ok=False
    )
    client = login(personas.cadre_a)

    asked = patch(client, household, {"housing_ok": True})
    confirmed = patch(client, household, {"housing_ok": True, "confirm_unusual": True})

    assert asked.status_code == 400
    assert "按程序提出风险消除" in asked.json()["housing_ok"][0]
    assert confirmed.status_code == 200
    assert Household.objects.get(pk=household.pk).housing_ok is True
