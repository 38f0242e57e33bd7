import datetime as dt

import pytest
from django.utils import timezone

from config.errors import ApplicationError
from households.choices import MonitoringCategory
from tests.workflow.helpers import act, case_act, post_publicity
from workflow.choices import CaseKind, CaseStatus, Channel, DayType, Outcome
from workflow.models import CalendarDay, CaseStep, Objection, Procedure
from workflow.services.cases import case_open
from workflow.services.objections import objection_add, objection_resolve
from workflow.services.procedures import procedure_activate, procedure_deactivate
from workflow.workdays import publicity_end

pytestmark = pytest.mark.django_db


def test_calendar_days():
    assert publicity_end(dt.date(2025, 9, 29), 5, DayType.CALENDAR) == dt.date(2025, 10, 4)


def test_working_days_follow_the_holiday_calendar():
    # Posted Monday 29 Sep 2025: 30 Sep is a workday, 1-8 Oct the National Day holiday, 11 Oct (Sat) a make-up
    # workday; so the five working days are 30 Sep, 9, 10, 11 and 13 Oct.
    assert publicity_end(dt.date(2025, 9, 29), 5, DayType.WORKING) == dt.date(2025, 10, 13)
    # An ordinary week: posted Monday, five working days end the next Monday.
    assert publicity_end(dt.date(2025, 6, 9), 5, DayType.WORKING) == dt.date(2025, 6, 16)


def test_working_days_beyond_the_package_use_overrides_then_weekdays():
    # 2030 is unknown to chinese_calendar: Monday to Friday, unless the table says otherwise.
    assert publicity_end(dt.date(2030, 1, 7), 5, DayType.WORKING) == dt.date(2030, 1, 14)
    CalendarDay.objects.create(date=dt.date(2030, 1, 8), is_workday=False, note="调休")
    assert publicity_end(dt.date(2030, 1, 7), 5, DayType.WORKING) == dt.date(2030, 1, 15)


def _to_publicity(personas, household):
    case = case_open(
        actor=personas.cadre_a,
        household=household,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    return case_act(actor=personas.cadre_a, case=case, step_code="village_review", outcome=Outcome.PASS)


def test_publicity_cannot_pass_before_its_end(personas, household_a):
    case = _to_publicity(personas, household_a)
    step = CaseStep.objects.get(case=case, step__code="village_publicity")
    assert step.ends_on == timezone.localdate() + dt.timedelta(days=5)
    CaseStep.objects.filter(pk=step.pk).update(posted_on=timezone.localdate())
    with pytest.raises(ApplicationError, match="公示期至"):
        case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    CaseStep.objects.filter(pk=step.pk).update(ends_on=timezone.localdate() - dt.timedelta(days=1))
    case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)


def test_objection_blocks_until_verified(personas, household_a):
    case = _to_publicity(personas, household_a)
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(
        ends_on=dt.date(2000, 1, 1), posted_on=dt.date(2000, 1, 1)
    )
    with pytest.raises(ApplicationError, match="只能对正在公示"):
        objection_add(actor=personas.cadre_a, case=case, step_code="village_review", raised_by_name="李四", content="x")
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四", content="该户有轿车"
    )
    with pytest.raises(ApplicationError, match="异议"):
        case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    with pytest.raises(Exception, match="须由"):
        objection_resolve(actor=personas.township, objection=objection, upheld=False, resolution="核实")
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="车辆为农用车")
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    assert case.status == CaseStatus.OPEN
    assert set(case.events.values_list("action", flat=True)) >= {"objection_add", "objection_resolve"}


def test_upheld_objection_keeps_blocking(personas, household_a):
    case = _to_publicity(personas, household_a)
    CaseStep.objects.filter(case=case, step__code="village_publicity").update(
        ends_on=dt.date(2000, 1, 1), posted_on=dt.date(2000, 1, 1)
    )
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_publicity", raised_by_name="李四", content="有门面房"
    )
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=True, resolution="属实")
    with pytest.raises(ApplicationError, match="异议"):
        case_act(actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.PASS)
    case = case_act(
        actor=personas.cadre_a, case=case, step_code="village_publicity", outcome=Outcome.REJECT, note="异议成立"
    )
    assert case.status == CaseStatus.REJECTED


def test_laiyuan_cannot_skip_comparison_after_an_objection(personas, household_a):
    procedure_deactivate(actor=personas.county_officer, procedure=Procedure.objects.get(code="yongxiu_identification"))
    Procedure.objects.filter(code="laiyuan_identification").update(region_prefix="360425", is_active=False)
    procedure_activate(actor=personas.county_officer, procedure=Procedure.objects.get(code="laiyuan_identification"))
    case = case_open(
        actor=personas.cadre_a,
        household=household_a,
        kind=CaseKind.IDENTIFICATION,
        channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"],
        national_risk_types=["illness"],
        category=MonitoringCategory.SUDDEN_HARDSHIP,
    )
    case = case_act(actor=personas.cadre_a, case=case, step_code="household_check", outcome=Outcome.PASS)
    objection = objection_add(
        actor=personas.cadre_a, case=case, step_code="village_review_publicity", raised_by_name="李四", content="疑问"
    )
    objection_resolve(actor=personas.cadre_a, objection=objection, upheld=False, resolution="已解释")
    post_publicity(case)
    case = case_act(actor=personas.cadre_a, case=case, step_code="village_review_publicity", outcome=Outcome.PASS)
    case = case_act(actor=personas.township, case=case, step_code="township_check", outcome=Outcome.PASS)
    with pytest.raises(ApplicationError, match="不能免于比对"):
        case_act(actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.SKIP)
    act(actor=personas.county_officer, case=case, step_code="county_comparison", outcome=Outcome.PASS)
    assert Objection.objects.visible_to(personas.cadre_b).count() == 0
