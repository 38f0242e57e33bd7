"""An API client's token names one request (config.api_once): a retry with the same body is answered with the visit
the token made, but the token sent with another visit is refused with a 409 that says the token was used for another
visit and names what differs; nothing is recorded and the first visit is kept as it was."""

import datetime as dt
import uuid

import pytest

from households.models import Visit
from households.services.visit_once import MSG_ONCE_OTHER_VISIT
from tests.clock import today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def post_visit(client, household, **fields):
    body = {"household": household.pk, "visited_on": today().isoformat(), "notes": "家中正常", **ALL_SECURED, **fields}
    return client.post("/api/v1/visits/", body, content_type="application/json")


def test_the_token_sent_again_with_other_notes_is_refused_409_and_nothing_is_recorded(personas, login, household_a):
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    first = post_visit(client, household_a, once=token)

    again = post_visit(client, household_a, once=token, notes="户主住院，医疗费用较高")

    assert (first.status_code, again.status_code) == (201, 409)
    visit = Visit.objects.get(household=household_a)
    assert again.json() == {
        "detail": MSG_ONCE_OTHER_VISIT.format(visit=visit, fields="走访情况"),
        "extra": {"visit": visit.pk, "fields": ["走访情况"]},
    }
    assert "该提交令牌（once 或 Idempotency-Key）已用于另一次走访" in again.json()["detail"]
    assert visit.notes == "家中正常"


@pytest.mark.parametrize(
    ("changed", "label"),
    [
        ({"income_change": "-3000"}, "收入变化（元，增加为正）"),
        ({"expense_change": "5000"}, "刚性支出变化（元，增加为正）"),
        ({"medical_ok": False}, "基本医疗有保障"),
        ({"kind": "campaign"}, "走访类型"),
        ({"risk_found": True, "risk_types": ["medical_cost"]}, "发现返贫致贫风险、发现的风险类型"),
    ],
)
def test_each_field_of_the_visit_counts(personas, login, household_a, changed, label):
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    assert post_visit(client, household_a, once=token).status_code == 201

    again = post_visit(client, household_a, once=token, **changed)

    assert again.status_code == 409 and again.json()["extra"]["fields"] == label.split("、")
    assert Visit.objects.filter(household=household_a).count() == 1


def test_another_date_under_the_token_is_another_visit(personas, login, household_a):
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    assert post_visit(client, household_a, once=token).status_code == 201

    again = post_visit(client, household_a, once=token, visited_on=(today() - dt.timedelta(days=1)).isoformat())

    assert again.status_code == 409 and again.json()["extra"]["fields"] == ["走访日期"]


def test_another_user_sending_the_token_is_refused(personas, login, household_a):
    token = str(uuid.uuid4())
    assert post_visit(login(personas.cadre_a), household_a, once=token).status_code == 201

    again = post_visit(login(personas.township), household_a, once=token)

    assert again.status_code == 409 and again.json()["extra"]["fields"] == ["走访人"]


def test_a_retry_is_the_same_visit_as_the_visit_records_it_and_a_changed_one_is_not(personas, login, household_a):
    client, token = login(personas.cadre_a), str(uuid.uuid4())
    risks = ["medical_cost", "unemployment"]
    body = {"once": token, "medical_ok": False, "risk_types": risks, "income_change": "-3000"}
    first = post_visit(client, household_a, risk_found=True, **body)

    # the retry leaves out risk_found (its types say it), lists the types in another order and writes the amount
    # with its cents
    retry = {**body, "risk_types": ["unemployment", "medical_cost"], "income_change": "-3000.00"}
    again = post_visit(client, household_a, **retry)
    changed = post_visit(client, household_a, **{**retry, "medical_ok": True})

    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 409)
    assert again.json()["id"] == first.json()["id"]
    assert changed.json()["extra"]["fields"] == ["基本医疗有保障"]
