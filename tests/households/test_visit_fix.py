"""更正 and 作废 of a visit saved by mistake (finding "visits"): the wrong income change, the wrong household, the same
visit twice. The old values stay on record, a voided visit counts nowhere, and a visit another record rests on is
refused with what to do instead."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from households.choices import RiskType, VisitKind
from households.models import HouseholdEvent, Visit
from households.selectors_visits import household_last_visit, household_visit_years, last_month_unvisited
from households.services import visit_fix
from households.services.visit_changes import year_changes
from households.services.visits import visit_record
from tests.clock import this_year, today
from tests.households.visit_body import ALL_SECURED

pytestmark = pytest.mark.django_db


def record(actor, household, **extra):
    return visit_record(
        actor=actor,
        household=household,
        visited_on=extra.pop("visited_on", today()),
        findings=extra.pop("findings", ALL_SECURED),
        **extra,
    )


def test_the_visitor_corrects_a_mistyped_income_change_and_the_old_value_is_kept(personas, household_a):
    visit = record(personas.cadre_a, household_a, income_change=Decimal("-20000"), confirm_changes=True)

    visit_fix.visit_correct(
        actor=personas.cadre_a,
        visit=visit,
        reason="多输了一个0",
        income_change=Decimal("-2000"),
        expense_change=None,
        notes="",
    )

    visit.refresh_from_db()
    assert visit.income_change == Decimal("-2000")
    assert visit.correction_reason == "多输了一个0" and visit.corrected_by == personas.cadre_a
    assert year_changes(household_a, today().year).income == Decimal("-2000")
    event = HouseholdEvent.objects.filter(household=household_a).first()
    assert "多输了一个0" in event.summary
    assert event.changes == [
        {"field": "income_change", "label": "收入变化（元，增加为正）", "old": "-20000.00", "new": "-2000.00"}
    ]
    audit = AuditEvent.objects.get(action="visit.correct")
    assert audit.before == {"income_change": "-20000.00"} and audit.after == {"income_change": "-2000.00"}
    assert audit.object_id == str(visit.pk)


def test_a_correction_needs_its_reason_and_a_change(personas, household_a):
    visit = record(personas.cadre_a, household_a, income_change=Decimal("-200"))

    with pytest.raises(ValidationError) as no_reason:
        visit_fix.visit_correct(
            actor=personas.cadre_a, visit=visit, reason=" ", income_change=Decimal("-20"), expense_change=None, notes=""
        )
    with pytest.raises(ValidationError) as nothing:
        visit_fix.visit_correct(
            actor=personas.cadre_a,
            visit=visit,
            reason="核对",
            income_change=Decimal("-200"),
            expense_change=None,
            notes="",
        )

    assert no_reason.value.message_dict == {"reason": [visit_fix.MSG_CORRECT_REASON]}
    assert nothing.value.message_dict == {"reason": [visit_fix.MSG_NO_CHANGE]}
    assert not AuditEvent.objects.filter(action="visit.correct").exists()


def test_a_voided_visit_stays_on_record_but_counts_nowhere(personas, household_a):
    earlier = record(personas.cadre_a, household_a, visited_on=today() - dt.timedelta(days=40))
    twice = record(personas.cadre_a, household_a, income_change=Decimal("-3000"))

    visit_fix.visit_void(actor=personas.cadre_a, visit=twice, reason="重复录入")

    twice.refresh_from_db()
    assert twice.voided_at is not None and twice.voided_by == personas.cadre_a and twice.void_reason == "重复录入"
    assert Visit.objects.filter(pk=twice.pk).exists()
    assert household_last_visit(household_a) == earlier
    assert year_changes(household_a, this_year()).income == Decimal(0)
    assert dict(household_visit_years(household_a)).get(today().year, 0) == (
        1 if earlier.visited_on.year == today().year else 0
    )
    assert AuditEvent.objects.filter(action="visit.void", object_id=str(twice.pk)).exists()


def test_a_household_whose_only_visit_of_last_month_was_voided_is_unvisited_again(personas, household_a):
    last_month = today().replace(day=1) - dt.timedelta(days=1)
    visit = record(personas.cadre_a, household_a, visited_on=last_month)
    assert household_a not in last_month_unvisited(type(household_a).objects.all(), today())

    visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="记错农户")

    assert household_a in last_month_unvisited(type(household_a).objects.all(), today())


def test_voiding_the_visit_that_changed_the_households_status_puts_it_back(personas, household_a):
    record(personas.cadre_a, household_a, visited_on=today() - dt.timedelta(days=3))
    wrong = record(personas.cadre_a, household_a, findings={**ALL_SECURED, "housing_ok": False})
    household_a.refresh_from_db()
    assert household_a.housing_ok is False

    visit_fix.visit_void(actor=personas.cadre_a, visit=wrong, reason="记错农户")

    household_a.refresh_from_db()
    assert household_a.housing_ok is True
    event = HouseholdEvent.objects.filter(household=household_a).first()
    assert {"field": "housing_ok", "label": "住房安全有保障", "old": "否", "new": "是"} in event.changes


def test_a_void_needs_its_reason_and_happens_once(personas, household_a):
    visit = record(personas.cadre_a, household_a)

    with pytest.raises(ValidationError) as no_reason:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="")
    visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="重复")
    with pytest.raises(ValidationError) as again:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="重复")

    assert no_reason.value.message_dict == {"reason": [visit_fix.MSG_VOID_REASON]}
    assert again.value.messages[0].startswith("这条走访已于")
    assert AuditEvent.objects.filter(action="visit.void").count() == 1


def test_only_the_visitor_or_township_staff_may_fix_a_visit(personas, household_a, county):
    from tests.factories import UserFactory

    colleague = UserFactory(
        username="cadre_a2", role=personas.cadre_a.role, region_path=county.village_a.path, region_name="城南村"
    )
    visit = record(personas.cadre_a, household_a)

    with pytest.raises(PermissionDenied):
        visit_fix.visit_void(actor=colleague, visit=visit, reason="重复")
    visit_fix.visit_void(actor=personas.township, visit=visit, reason="乡镇审核发现重复")

    visit.refresh_from_db()
    assert visit.voided_by == personas.township


def test_the_visitor_has_thirty_days_then_the_township(personas, household_a):
    visit = record(personas.cadre_a, household_a)
    Visit.objects.filter(pk=visit.pk).update(created_at=timezone.now() - dt.timedelta(days=31))
    visit.refresh_from_db()

    with pytest.raises(ValidationError) as late:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="重复")
    visit_fix.visit_void(actor=personas.township, visit=visit, reason="重复")

    assert "超过30天" in late.value.messages[0] and "乡镇工作人员" in late.value.messages[0]


def test_voiding_a_visit_whose_risk_was_flagged_withdraws_the_flag_when_no_case_was_opened_from_it(
    personas, household_a, django_capture_on_commit_callbacks
):
    from screening.models import RiskFlag

    with django_capture_on_commit_callbacks(execute=True):
        visit = record(
            personas.cadre_a,
            household_a,
            risk_found=True,
            risk_types=[RiskType.MEDICAL_COST],
            findings={**ALL_SECURED},
            income_change=Decimal("-500"),
        )
    flag = RiskFlag.objects.get(household=household_a, is_active=True)
    visit_fix.visit_correct(
        actor=personas.cadre_a,
        visit=visit,
        reason="金额写错",
        income_change=Decimal("-50"),
        expense_change=None,
        notes="",
    )

    visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="记错农户")

    flag.refresh_from_db()
    assert flag.is_active is False
    assert not RiskFlag.objects.filter(household=household_a, is_active=True).exists()
    void = AuditEvent.objects.get(action="visit.void")
    assert "撤回这次走访报送乡镇的风险标记（大病重病重残医疗支出大）" in void.summary
    withdrawn = AuditEvent.objects.get(action="screening.flag_withdraw")
    assert withdrawn.object_id == str(flag.pk) and withdrawn.before == {"is_active": "是"}
    assert HouseholdEvent.objects.filter(household=household_a, summary__contains="撤回风险标记").exists()


def test_voiding_one_of_a_visit_saved_twice_keeps_the_flag_the_other_found(
    personas, household_a, django_capture_on_commit_callbacks
):
    from screening.models import RiskFlag

    found = {"risk_found": True, "risk_types": [RiskType.MEDICAL_COST], "findings": {**ALL_SECURED}}
    with django_capture_on_commit_callbacks(execute=True):
        record(personas.cadre_a, household_a, **found)
        twice = record(personas.cadre_a, household_a, **found, confirm_same_visit=True)

    visit_fix.visit_void(actor=personas.cadre_a, visit=twice, reason="重复录入")

    assert RiskFlag.objects.filter(household=household_a, is_active=True).count() == 1


def test_an_alerts_or_a_plans_visit_is_refused_saying_where_to_handle_it(personas, household_a):
    visit = record(personas.cadre_a, household_a)
    Visit.objects.filter(pk=visit.pk).update(kind=VisitKind.ALERT)
    visit.refresh_from_db()

    with pytest.raises(ValidationError) as refused:
        visit_fix.visit_void(actor=personas.cadre_a, visit=visit, reason="重复")

    assert refused.value.messages == [visit_fix.MSG_KIND_HELD.format(kind="预警核实")]
