"""Review finding 8: the home tile said 超期事项 0 while /workflow/overdue/ listed 2 cases, both green-channel cases a
day old. One definition of 超期 (workflow.selectors_deadlines) is read by the home tile, the dashboard and the
overdue page: past the procedure's configured limit, or a publicity past its period still open. A green channel's
owed steps are 欠办, and 超期 only once the procedure's limit, counted from the channel's opening, has passed."""

import datetime as dt

import pytest
from django.utils import timezone

from tests.clock import today
from tests.workflow.helpers import case_act
from tests.workflow.steps_helpers import open_case
from tests.workflow.test_green_channel import open_green
from workflow.choices import CaseStepStatus, Outcome
from workflow.models import Case, CaseStep, Procedure

pytestmark = pytest.mark.django_db


def tile(client) -> dict:
    return next(t for t in client.get("/").context["tiles"] if t["label"] == "超期事项")


def listed(client, query: str = "") -> int:
    return client.get(f"/workflow/overdue/{query}").context["page"].paginator.count


def dashboard(client) -> dict[str, int]:
    return {item.label: item.count for item in client.get("/reports/dashboard/").context["d"].overdue}


def approved_ahead(personas, household, **extra):
    """A green-channel case the township and county approved ahead: the village's steps are owed."""
    case = open_green(personas.county_officer, household, **extra)
    case_act(actor=personas.township, case=case, step_code="township_audit", outcome=Outcome.PASS)
    case_act(
        actor=personas.approver,
        case=case,
        step_code="county_approval",
        outcome=Outcome.PASS,
        document_number="永巩固〔2026〕3号",
    )
    return case


def test_a_day_old_green_channel_case_is_owed_not_overdue_and_every_count_agrees(personas, login, household_a):
    case = approved_ahead(personas, household_a)
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
    client = login(personas.township)

    assert tile(client)["count"] == listed(client) == 0
    assert tile(client)["url"] == "/workflow/overdue/"
    assert dashboard(client)["超过办结时限"] == 0
    green = client.get("/workflow/green-channel/").content.decode()
    assert "张大山" in green and "欠办" in green and "超期：" not in green
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "欠办" in page and "欠办环节不计超期" in page and "超期：" not in page


def test_owed_steps_become_overdue_once_the_limit_from_the_channels_opening_has_passed(personas, login, household_a):
    """The county configured 15 days. The disaster was found 20 days ago, the channel opened today: not late.
    Sixteen days after the opening it is, on the tile, the list, the dashboard and the case page alike."""
    Procedure.objects.filter(code="yongxiu_identification").update(limit_days=15)
    case = approved_ahead(personas, household_a, discovered_on=today() - dt.timedelta(days=20))
    client = login(personas.township)
    assert tile(client)["count"] == listed(client) == dashboard(client)["超过办结时限"] == 0
    assert (
        f"补办期限 {today() + dt.timedelta(days=15):%Y-%m-%d}"
        in client.get(f"/workflow/cases/{case.pk}/").content.decode()
    )

    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - dt.timedelta(days=16))
    assert tile(client)["count"] == listed(client) == 1
    assert dashboard(client)["超过办结时限"] == listed(client, "?reason=past_limit") == 1
    green = client.get("/workflow/green-channel/").content.decode()
    assert "欠办" in green and "超期：超过办结时限" in green
    assert "超期：超过办结时限" in client.get(f"/workflow/cases/{case.pk}/").content.decode()


def test_a_publicity_past_its_period_is_overdue_on_the_tile_as_on_the_list(personas, login, household_a):
    case = open_case(personas, household_a)
    case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)
    CaseStep.objects.filter(case=case, step__code="village_publicity", status=CaseStepStatus.OPEN).update(
        posted_on=today() - dt.timedelta(days=8), ends_on=today() - dt.timedelta(days=2)
    )
    client = login(personas.township)

    assert tile(client)["count"] == listed(client) == 1
    assert dashboard(client)["公示期满未办结"] == listed(client, "?reason=publicity_ended") == 1
    assert dashboard(client)["超过办结时限"] == listed(client, "?reason=past_limit") == 0
    assert "超期：公示期满未办结" in login(personas.cadre_a).get("/workflow/").content.decode()
