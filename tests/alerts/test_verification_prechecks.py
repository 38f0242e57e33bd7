"""An alert's verification form checks, before its "提交后不能撤回" confirmation, every input the verification would
refuse (alerts.services.verification_inputs, said by static/js/step_precheck.js as the case step forms say theirs):
the chosen outcome's own inputs, the visit date, the member's health update ticked without a status (or with an
outcome that does not confirm the person), and the outcome the household's standing rules out. The page carries
them, and the page and the service refuse each with the very message the form shows first."""

import datetime as dt
import html
import json
import re

import pytest

from alerts.choices import AlertOutcome
from alerts.models import Alert
from alerts.services.member_gone import MSG_HEAD_FIRST
from alerts.services.member_health import MSG_HEALTH_REQUIRED
from alerts.services.verification import (
    MSG_ALREADY_MONITORED,
    MSG_MONITORED_NO_RISK,
    MSG_NOT_MONITORED,
    MSG_REASON_SHORT,
)
from alerts.services.verification_inputs import verification_inputs
from households.choices import DisabilityGrade, Health, MonitoringCategory, categories_for
from households.models import Household, Member
from tests.alerts.test_member_health import ILLNESS, raise_alert
from tests.clock import today

pytestmark = pytest.mark.django_db
OTHER_OUTCOMES = {AlertOutcome.WRONG_DATA, AlertOutcome.MOVED, AlertOutcome.DECEASED}
# 张大山 is the 户主 of a household with his wife: 已故 and 已迁出 wait for his mark on his own form.
HEAD_GONE = ((AlertOutcome.DECEASED, "去世"), (AlertOutcome.MOVED, "迁出"))


@pytest.fixture
def illness(clerks, people):
    """卫健 新增大病患者: 张大山 (健康 on file), of a household that is not monitored and has no case."""
    row = ["张大山", people["zhang"].id_number, "白血病", f"{today() - dt.timedelta(days=3):%Y-%m-%d}"]
    return raise_alert(clerks["health"], ILLNESS, row)


def prechecks(page: str) -> list[dict]:
    [found] = re.findall(r'data-prechecks="([^"]*)"', page)
    return json.loads(html.unescape(found))


def complete(alert: Alert, outcome: str) -> dict[str, str]:
    """What each outcome needs besides the input a check is about, so that its check is the one refusal said: what
    the visit found (every outcome records a visit), and the outcome's own inputs."""
    needs = {
        AlertOutcome.INCLUDE: {"category": categories_for(alert.household.household_type)[0][0]},
        AlertOutcome.NOT_AT_RISK: {"note": "医保报销后自付不多，家中收入稳定"},
        AlertOutcome.MOVED: {"note": "迁往外省", "left_on": f"{today():%Y-%m-%d}", "left_reason": "work"},
        AlertOutcome.DECEASED: {"note": "11月病故", "left_on": f"{today():%Y-%m-%d}"},
        AlertOutcome.WRONG_DATA: {"department_note": "身份证号与姓名不符"},
    }
    return {"note": "户主在家，情况已了解", **needs.get(outcome, {})}


def posted(alert: Alert, need: dict) -> dict[str, str]:
    """The form as the check would stop it: its outcome (无返贫致贫风险 for a check of any outcome), the outcome's
    other inputs, the ticks and values it is about, and the field it checks left empty or out of range."""
    outcome = need.get("outcome", "" if need["field"] == "outcome" else AlertOutcome.NOT_AT_RISK)
    data = {"outcome": outcome, "visited_on": f"{today():%Y-%m-%d}", **complete(alert, outcome)}
    data |= {name: "on" if value is True else value for name, value in need.get("when", {}).items()}
    if "min" in need:
        data[need["field"]] = f"{dt.date.fromisoformat(need['min']) - dt.timedelta(days=1):%Y-%m-%d}"
    elif "max" in need:
        data[need["field"]] = f"{dt.date.fromisoformat(need['max']) + dt.timedelta(days=1):%Y-%m-%d}"
    elif "min_length" in need:
        data[need["field"]] = "不多"[: need["min_length"] - 1]
    elif need.get("always"):
        data.setdefault(need["field"], Health.SERIOUS)  # the update's status given: refused all the same
    else:
        data[need["field"]] = ""
    return data


def assert_the_service_refuses_each(client, alert: Alert, needs: list[dict]) -> None:
    url = f"/alerts/{alert.pk}/"
    for need in needs:
        form = client.post(url, posted(alert, need)).context["form"]
        said = form.errors.get(need["field"], []) + form.errors.get("__all__", [])
        assert need["message"] in said, (need, form.errors)
    assert Alert.objects.get(pk=alert.pk).status == "pending"


def test_the_form_carries_its_prechecks_and_the_verification_refuses_each_with_the_same_message(
    personas, illness, login
):
    client = login(personas.cadre_a)

    needs = prechecks(client.get(f"/alerts/{illness.pk}/").content.decode())

    assert needs == verification_inputs(illness)
    assert_the_service_refuses_each(client, illness, needs)
    checked = {(need.get("outcome", ""), need["field"]) for need in needs}
    assert {
        ("", "outcome"), ("", "visited_on"), (AlertOutcome.NOT_AT_RISK, "note"), (AlertOutcome.MOVED, "note"),
        (AlertOutcome.DECEASED, "note"), (AlertOutcome.INCLUDE, "note"), (AlertOutcome.MONITORED, "note"),
        (AlertOutcome.WRONG_DATA, "note"), (AlertOutcome.WRONG_DATA, "department_note"),
        (AlertOutcome.INCLUDE, "category"), (AlertOutcome.MONITORED, "outcome"), ("", "member_health"),
        (AlertOutcome.INCLUDE, "member_disability_grade"),
    } <= checked  # fmt: skip
    assert {
        "outcome": AlertOutcome.NOT_AT_RISK,
        "field": "note",
        "message": MSG_REASON_SHORT,
        "min_length": 10,
    } in needs
    [health_required] = [n for n in needs if n["field"] == "member_health" and "outcome" not in n]
    assert health_required == {
        "when": {"update_member_health": True},
        "field": "member_health",
        "message": MSG_HEALTH_REQUIRED,
    }
    refused_update = {n["outcome"] for n in needs if n["field"] == "member_health" and n.get("always")}
    assert refused_update == OTHER_OUTCOMES
    # The household's standing, and 张大山 is the 户主 of a household with his wife: marked on his own form first.
    heads = [MSG_HEAD_FIRST.format(name="张大山", what=what) for what in ("去世", "迁出")]
    assert [n["message"] for n in needs if n["field"] == "outcome" and n.get("always")] == [MSG_NOT_MONITORED, *heads]


def test_the_households_standing_and_the_members_grade_on_file_decide_what_is_checked(personas, illness, people, login):
    Household.objects.filter(pk=illness.household_id).update(monitoring_category=MonitoringCategory.SUDDEN_HARDSHIP)
    Member.objects.filter(pk=people["zhang"].pk).update(
        health=Health.DISABLED, disability_grade=DisabilityGrade.GRADE_2
    )
    client = login(personas.cadre_a)

    needs = prechecks(client.get(f"/alerts/{illness.pk}/").content.decode())

    refused_outcomes = [(n["outcome"], n["message"]) for n in needs if n["field"] == "outcome" and n.get("always")]
    assert refused_outcomes == [
        (AlertOutcome.INCLUDE, MSG_ALREADY_MONITORED),
        (AlertOutcome.NOT_AT_RISK, MSG_MONITORED_NO_RISK),
        *((outcome, MSG_HEAD_FIRST.format(name="张大山", what=what)) for outcome, what in HEAD_GONE),
    ]
    # A disabled member's grade on file is kept when the visit gives none: nothing to check.
    assert not [n for n in needs if n["field"] == "member_disability_grade"]
    assert_the_service_refuses_each(client, illness, needs)


def test_a_monitored_households_page_says_no_risk_is_not_for_it(personas, illness, login):
    Household.objects.filter(pk=illness.household_id).update(monitoring_category=MonitoringCategory.MARGINAL)
    page = login(personas.cadre_a).get(f"/alerts/{illness.pk}/").content.decode()
    assert "不能再选“纳入监测”或“无返贫致贫风险”" in page
