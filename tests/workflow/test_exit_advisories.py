"""Before a risk is marked eliminated: fewer than six months since inclusion, or no measure in place, is said to
whoever opens, reviews or approves the exit (workflow.advisories; the measures check comes from assistance). They
inform and never block."""

import datetime as dt

import pytest
from django.utils import timezone

from assistance.choices import MeasureStatus
from assistance.models import MeasureType
from assistance.services import measures, plans
from households.models import Household
from tests.workflow.helpers import act_after_publicity
from workflow.advisories import exit_advisories, months_between
from workflow.choices import CaseKind, Channel, Outcome
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


def included(household, months_ago: int):
    today = timezone.localdate()
    year, month = divmod(today.year * 12 + today.month - 1 - months_ago, 12)
    start = dt.date(year, month + 1, min(today.day, 28))
    Household.objects.filter(pk=household.pk).update(monitoring_start=start)
    household.refresh_from_db()
    return household


def measure_under_way(actor, household):
    plan = plans.plan_create(actor=actor, household=household)
    # One that answers the household's risk: another would be questioned (assistance.fit).
    measure_type = (
        MeasureType.objects.filter(for_member=False, risk_types__overlap=household.risk_types).order_by("pk").first()
    )
    measure = measures.measure_add(
        actor=actor, plan=plan, measure_type=measure_type, member=None, starts_on=timezone.localdate(),
        responsible_person="王干部",
    )  # fmt: skip
    return measures.measure_set_status(actor=actor, measure=measure, status=MeasureStatus.IN_PROGRESS)


def test_months_between_counts_whole_months():
    assert months_between(dt.date(2026, 3, 1), dt.date(2026, 3, 31)) == 0
    assert months_between(dt.date(2026, 3, 1), dt.date(2026, 4, 1)) == 1
    assert months_between(dt.date(2026, 3, 15), dt.date(2026, 9, 14)) == 5
    assert months_between(dt.date(2026, 3, 15), dt.date(2026, 9, 15)) == 6


def test_a_recent_inclusion_without_measures_is_said_on_the_form_and_the_case(personas, login, monitored_a):
    household = included(monitored_a, 2)
    client = login(personas.cadre_a)

    form = client.get(f"/workflow/households/{household.pk}/cases/new/").content.decode()
    assert "如发起风险消除，请注意" in form and "纳入监测仅 2 个月" in form and "尚未落实帮扶措施" in form
    assert '<option value="exit" selected>' in form  # a monitored household's case is its exit, by default

    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, channel=Channel.CADRE_VISIT)
    page = client.get(f"/workflow/cases/{case.pk}/").content.decode()
    assert "风险消除前请核实" in page and "纳入监测仅 2 个月" in page  # it informs; the case is open all the same


def test_six_months_and_a_measure_under_way_say_nothing(personas, login, monitored_a):
    household = included(monitored_a, 7)
    assert exit_advisories(household, timezone.localdate()) == [
        "尚未落实帮扶措施（帮扶方案中没有实施中或已完成的措施），风险消除前一般应至少落实一项。"
    ]
    measure_under_way(personas.township, household)

    assert exit_advisories(household, timezone.localdate()) == []
    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, channel=Channel.CADRE_VISIT)
    assert "data-exit-advisories" not in login(personas.cadre_a).get(f"/workflow/cases/{case.pk}/").content.decode()


def test_the_county_approver_sees_them_in_the_batch(personas, login, monitored_a):
    household = included(monitored_a, 1)
    case = case_open(actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, channel=Channel.CADRE_VISIT)
    for actor, code in (
        (personas.cadre_a, "village_review"),
        (personas.cadre_a, "village_publicity"),
        (personas.township, "township_audit"),
    ):
        case = act_after_publicity(actor=actor, case=case, step_code=code, outcome=Outcome.PASS)

    page = login(personas.approver).get("/workflow/batches/").content.decode()

    assert household.head_name in page
    assert "纳入监测仅 1 个月" in page and "尚未落实帮扶措施" in page
