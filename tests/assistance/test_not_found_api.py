"""The assistance API names a household, member or plan the caller may not see in the words of
households.api_fields ("…不存在或不在您的管辖范围内。"), exactly as one that does not exist, never DRF's
"无效主键 … 对象不存在"."""

import datetime as dt

import pytest

from assistance.api import MSG_PLAN_NOT_FOUND
from assistance.services import plans
from households.api_fields import MSG_HOUSEHOLD_NOT_FOUND, MSG_MEMBER_NOT_FOUND
from households.choices import HouseholdType, Relation
from households.services import registry
from tests.clock import today
from tests.households.conftest import member_row

pytestmark = pytest.mark.django_db
MISSING = 10**9


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


@pytest.fixture
def member_b(personas, county):
    rows = [member_row("王五", Relation.HEAD, dt.date(1975, 1, 5), 45)]
    household = registry.household_create(
        actor=personas.cadre_b, village=county.village_b, members=rows, household_type=HouseholdType.ORDINARY
    )
    return household.members.get()


def post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_a_plan_for_another_village_s_household_reads_like_one_for_a_missing_household(personas, login, monitored_a):
    client = login(personas.cadre_b)

    out = post(client, "/api/v1/assistance/plans/", {"household": monitored_a.pk})
    missing = post(client, "/api/v1/assistance/plans/", {"household": MISSING})

    assert out.status_code == 400 and out.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}
    assert missing.status_code == 400 and missing.json() == {"household": [MSG_HOUSEHOLD_NOT_FOUND]}
    assert "无效主键" not in out.content.decode()


@pytest.mark.parametrize("plan_id", ["other village", "missing"])
def test_a_measure_on_another_village_s_plan_reads_like_one_on_a_missing_plan(personas, login, plan, plan_id):
    body = {
        "plan": plan.pk if plan_id == "other village" else MISSING,
        "measure_code": "housing_renovation",
        "responsible_person": "张工",
        "starts_on": today().isoformat(),
    }

    response = post(login(personas.cadre_b), "/api/v1/assistance/measures/", body)

    assert response.status_code == 400 and response.json() == {"plan": [MSG_PLAN_NOT_FOUND]}


def test_members_of_another_village_read_like_missing_ones(personas, login, plan, member_b):
    measure = {"plan": plan.pk, "measure_code": "family_doctor", "responsible_person": "刘医生"}
    measure["starts_on"] = today().isoformat()
    employment = {"year": today().year, "quarter": 1, "employed": True, "months": 3, "monthly_income": "3000"}
    client = login(personas.cadre_a)

    responses = [
        post(client, "/api/v1/assistance/measures/", {**measure, "member": member_b.pk}),
        post(client, "/api/v1/assistance/measures/", {**measure, "member": MISSING}),
        post(client, "/api/v1/assistance/employment/", {**employment, "member": member_b.pk}),
        post(client, "/api/v1/assistance/employment/", {**employment, "member": MISSING}),
    ]

    assert [r.status_code for r in responses] == [400] * 4
    assert [r.json()["member"] for r in responses] == [[MSG_MEMBER_NOT_FOUND]] * 4


def test_claims_and_help_contacts_name_another_village_s_household_in_plain_words(personas, login, monitored_a):
    client = login(personas.cadre_b)
    claim = {"cause": "illness", "occurred_on": today().isoformat(), "amount": "5000"}

    responses = [
        post(client, "/api/v1/assistance/claims/", {**claim, "household": monitored_a.pk}),
        post(client, "/api/v1/assistance/claims/", {**claim, "household": MISSING}),
        post(
            client, "/api/v1/assistance/help-contacts/", {"household": monitored_a.pk, "contact": personas.cadre_b.pk}
        ),
        post(client, "/api/v1/assistance/help-contacts/", {"household": MISSING, "contact": personas.cadre_b.pk}),
    ]

    assert [r.status_code for r in responses] == [400] * 4
    assert [r.json()["household"] for r in responses] == [[MSG_HOUSEHOLD_NOT_FOUND]] * 4
    assert not any("无效主键" in r.content.decode() for r in responses)


def test_a_help_contact_who_cannot_be_chosen_is_refused_in_chinese(personas, login, monitored_a):
    response = post(
        login(personas.cadre_a), "/api/v1/assistance/help-contacts/", {"household": monitored_a.pk, "contact": MISSING}
    )

    assert response.status_code == 400
    assert response.json() == {"contact": ["该账号不存在或不能安排为帮扶联系人。"]}


def test_the_household_s_own_village_may_still_name_it(personas, login, monitored_a):
    response = post(login(personas.cadre_a), "/api/v1/assistance/plans/", {"household": monitored_a.pk})

    assert response.status_code == 201, response.content
