import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from assistance.choices import ClaimCause, Effect, MeasureStatus
from assistance.models import HelpContactAssignment, MeasureType, Plan, PlanMeasure
from assistance.services import claims, contacts, employment, measure_status, measures, plans, visits
from config.errors import ApplicationError
from households.choices import EmploymentPlace, HouseholdType
from households.models import Household, Visit
from tests.assistance.measured import measured
from tests.clock import today
from tests.factories import UserFactory
from workflow.services import cases
from workflow.services.green_channel import case_open_green_channel

pytestmark = pytest.mark.django_db


def _plan(actor, household):
    return plans.plan_create(actor=actor, household=household)


def _measure(actor, plan, code="serious_illness_relief", member=None, **extra):
    measure_type = MeasureType.objects.get(code=code)
    if member is None and measure_type.for_member:
        member = plan.household.members.order_by("pk").last()
    values = {"starts_on": today(), "responsible_person": "王医生", **extra}
    return measures.measure_add(actor=actor, plan=plan, measure_type=measure_type, member=member, **values)


class TestPlans:
    def test_a_plan_for_a_monitored_household_is_created_with_its_return_visit_due_a_month_on(
        self, personas, monitored_a
    ):
        plan = _plan(personas.township, monitored_a)
        assert plan.pre_monitoring is False
        assert plan.next_return_due == today() + dt.timedelta(days=30)
        assert AuditEvent.objects.filter(action="assistance.plan_create", object_id=str(plan.pk)).exists()

    def test_an_ordinary_household_that_is_not_monitored_gets_no_plan(self, personas, household_a):
        # A lifted-out household (脱贫户) gets one, monitored or not (tests/assistance/test_lifted_out_plan.py).
        Household.objects.filter(pk=household_a.pk).update(household_type=HouseholdType.ORDINARY)
        household_a.refresh_from_db()
        with pytest.raises(ApplicationError) as error:
            _plan(personas.township, household_a)
        assert error.value.message == plans.MSG_NOT_MONITORED
        assert not Plan.objects.exists()

    def test_a_household_in_the_green_channel_gets_help_before_inclusion(self, personas, household_a):
        from households.services.visits import visit_record
        from tests.workflow.helpers import allow_green_channel

        allow_green_channel(household_a)  # the test county's Yongxiu procedure has none of its own (seed 000)
        visit_record(actor=personas.cadre_a, household=household_a, visited_on=today(), notes="入户核查")
        case_open_green_channel(
            actor=personas.township,
            household=household_a,
            cause="disaster",
            reason="7月暴雨房屋倒塌",
            village_study="村两委研究同意先行救助",
            channel="cadre_visit",
            risk_types=["disaster_loss"],
            category="sudden_hardship",
        )
        plan = _plan(personas.cadre_a, household_a)
        assert plan.pre_monitoring is True

    def test_an_ordinary_identification_case_does_not_open_help_before_inclusion(self, personas, household_a):
        Household.objects.filter(pk=household_a.pk).update(household_type=HouseholdType.ORDINARY)
        household_a.refresh_from_db()
        cases.case_open(
            actor=personas.cadre_a,
            household=household_a,
            kind="identification",
            channel="cadre_visit",
            risk_types=["disaster_loss"],
            national_risk_types=["natural_disaster"],
            category="sudden_hardship",
        )
        with pytest.raises(ApplicationError) as error:
            _plan(personas.cadre_a, household_a)
        assert error.value.message == plans.MSG_NOT_MONITORED

    def test_one_plan_per_household(self, personas, monitored_a):
        _plan(personas.township, monitored_a)
        with pytest.raises(ApplicationError, match="一户一方案"):
            _plan(personas.township, monitored_a)

    def test_an_official_may_not_make_plans(self, personas, monitored_a):
        with pytest.raises(PermissionDenied):
            _plan(personas.official, monitored_a)

    def test_a_cadre_of_another_village_may_not_make_the_plan(self, personas, monitored_a):
        with pytest.raises(PermissionDenied):
            _plan(personas.cadre_b, monitored_a)


class TestMeasures:
    def test_a_measure_takes_the_catalogue_default_unit_and_is_recorded_in_the_household_history(
        self, personas, monitored_a
    ):
        plan = _plan(personas.township, monitored_a)
        measure = _measure(personas.township, plan, amount=Decimal("3000"))
        assert measure.responsible_department == "medical_insurance"
        assert measure.responsible_unit == "医疗保障局"
        assert measure.status == MeasureStatus.PLANNED
        assert monitored_a.events.filter(summary__contains="大病专项救助").exists()

    def test_a_measure_no_department_runs_falls_to_the_township_and_village(self, personas, monitored_a):
        # 结对帮扶 has neither a department nor a unit in the catalogue: it is the township's and village's own work.
        plan = _plan(personas.township, monitored_a)
        measure = _measure(
            personas.township, plan, code="pairing", confirm_mismatch=True, mismatch_reason="帮助申请大病救助"
        )
        assert measure.responsible_department == "" and measure.responsible_unit == "乡镇、村"

    def test_a_measure_ending_before_it_starts_is_refused_at_the_end_date(self, personas, monitored_a):
        plan = _plan(personas.township, monitored_a)
        with pytest.raises(ValidationError) as error:
            _measure(personas.township, plan, ends_on=today() - dt.timedelta(days=1))
        assert error.value.message_dict["ends_on"] == [measures.MSG_ENDS_BEFORE_START]
        assert not PlanMeasure.objects.exists()

    def test_a_negative_amount_is_refused(self, personas, monitored_a):
        plan = _plan(personas.township, monitored_a)
        with pytest.raises(ValidationError) as error:
            _measure(personas.township, plan, amount=Decimal("-1"))
        assert error.value.message_dict["amount"] == [measures.MSG_NEGATIVE_AMOUNT]

    def test_a_person_level_measure_needs_a_member(self, personas, monitored_a):
        plan = _plan(personas.township, monitored_a)
        measure_type = MeasureType.objects.get(code="skills_training")
        with pytest.raises(ValidationError) as error:
            measures.measure_add(
                actor=personas.township,
                plan=plan,
                measure_type=measure_type,
                starts_on=today(),
                responsible_person="李",
            )
        assert "一人一措施" in error.value.message_dict["member"][0]

    def test_status_moves_only_along_the_table_and_a_finished_measure_stays_finished(self, personas, monitored_a):
        plan = _plan(personas.township, monitored_a)
        measure = _measure(personas.township, plan)
        measure_status.measure_set_status(actor=personas.township, measure=measure, status=MeasureStatus.IN_PROGRESS)
        with pytest.raises(ValidationError):
            measure_status.measure_set_status(actor=personas.county_officer, measure=measure, status=MeasureStatus.DONE)
        measure_status.measure_set_status(  # 医保's measure: closed by the county bureau (or 医保), not the township
            actor=personas.county_officer, measure=measure, status=MeasureStatus.DONE, note="已报销 3000 元"
        )
        with pytest.raises(ApplicationError, match="不能改为"):
            measure_status.measure_set_status(
                actor=personas.township, measure=measure, status=MeasureStatus.STOPPED, note="x"
            )
        measure.refresh_from_db()
        assert (measure.status, measure.completed_on, measure.effect_note) == ("done", today(), "已报销 3000 元")


class TestDepartmentHandOff:
    def test_the_clerk_of_the_responsible_department_marks_the_measure_done(self, personas, monitored_a):
        plan = _plan(personas.township, monitored_a)
        measure = _measure(personas.township, plan, code="family_doctor")  # 卫健: the clerk's department
        measure_status.measure_complete_by_department(actor=personas.clerk, measure=measure, note="已签约家庭医生")
        measure.refresh_from_db()
        assert measure.status == MeasureStatus.DONE
        assert measure.completed_by == personas.clerk
        assert monitored_a.events.filter(summary__startswith="卫生健康委员会办结").exists()

    def test_a_clerk_cannot_touch_another_departments_measure(self, personas, monitored_a):
        plan = _plan(personas.township, monitored_a)
        measure = _measure(personas.township, plan)  # 医保, not 卫健
        with pytest.raises(PermissionDenied):
            measure_status.measure_complete_by_department(actor=personas.clerk, measure=measure, note="x")
        assert PlanMeasure.objects.get(pk=measure.pk).status == MeasureStatus.PLANNED

    def test_the_clerk_sees_only_their_departments_measures(self, personas, monitored_a):
        from assistance.selectors import department_measure_list

        plan = _plan(personas.township, monitored_a)
        mine = _measure(personas.township, plan, code="family_doctor")
        _measure(personas.township, plan)
        _measure(
            personas.township, plan, code="housing_renovation", confirm_mismatch=True, mismatch_reason="房屋待鉴定"
        )
        assert list(department_measure_list(actor=personas.clerk)) == [mine]
        assert list(department_measure_list(actor=personas.township)) == []


class TestHelpContacts:
    def test_reassigning_a_contact_keeps_the_history(self, personas, monitored_a):
        first = contacts.help_contact_assign(
            actor=personas.township, household=monitored_a, contact=personas.cadre_a, starts_on=today()
        )
        with pytest.raises(ValidationError) as error:
            contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.township)
        assert error.value.message_dict["reason"] == [contacts.MSG_REASON_REQUIRED]
        contacts.help_contact_assign(
            actor=personas.township, household=monitored_a, contact=personas.township, reason="原联系人退休"
        )
        history = list(HelpContactAssignment.objects.filter(household=monitored_a).order_by("pk"))
        assert [(a.contact, a.ends_on) for a in history] == [(personas.cadre_a, today()), (personas.township, None)]
        assert first.pk == history[0].pk
        monitored_a.refresh_from_db()
        assert monitored_a.help_contact == personas.township

    def test_a_contact_set_before_the_history_is_kept_when_replaced(self, personas, monitored_a):
        from households.models import Household

        Household.objects.filter(pk=monitored_a.pk).update(help_contact=personas.cadre_a)
        monitored_a.refresh_from_db()
        contacts.help_contact_assign(
            actor=personas.township, household=monitored_a, contact=personas.township, reason="工作调动"
        )
        history = HelpContactAssignment.objects.filter(household=monitored_a).order_by("pk")
        assert [(a.contact, a.ends_on) for a in history] == [(personas.cadre_a, today()), (personas.township, None)]

    def test_a_contact_from_another_township_is_refused_in_chinese(self, personas, county, monitored_a):
        other = UserFactory(
            username="cadre_c", role="village_cadre", region_path=county.village_c.path, region_name="张公渡村"
        )
        with pytest.raises(ValidationError) as error:
            contacts.help_contact_assign(actor=personas.county_officer, household=monitored_a, contact=other)
        assert error.value.message_dict["contact"] == [contacts.MSG_CONTACT_NOT_COVERING]
        assert not HelpContactAssignment.objects.exists()

    def test_a_cadre_of_the_neighbouring_village_is_refused_as_they_cannot_open_the_file(self, personas, monitored_a):
        with pytest.raises(ValidationError) as error:
            contacts.help_contact_assign(actor=personas.township, household=monitored_a, contact=personas.cadre_b)
        assert error.value.message_dict["contact"] == [contacts.MSG_CONTACT_NOT_COVERING]
        assert not HelpContactAssignment.objects.exists()


class TestReturnVisits:
    def test_a_return_visit_is_a_household_visit_and_moves_the_due_date(self, personas, monitored_a):
        plan = measured(_plan(personas.township, monitored_a))
        Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - dt.timedelta(days=5))  # made before it
        day = today() - dt.timedelta(days=2)
        visits.return_visit_record(
            actor=personas.cadre_a, plan=plan, visited_on=day, effect=Effect.GOOD, note="已住院报销"
        )
        plan.refresh_from_db()
        assert plan.next_return_due == day + dt.timedelta(days=30)
        visit = Visit.objects.get(household=monitored_a)
        assert visit.kind == "return"
        assert "成效明显" in visit.notes

    def test_a_plan_whose_due_date_passed_is_overdue_in_its_township(self, personas, county, monitored_a):
        from assistance.selectors import overdue_count, return_visit_overview

        plan = measured(_plan(personas.township, monitored_a))
        assert overdue_count(actor=personas.township) == 0
        Plan.objects.filter(pk=plan.pk).update(next_return_due=today() - dt.timedelta(days=1))
        assert overdue_count(actor=personas.township) == 1
        rows = return_visit_overview(actor=personas.county_officer).rows
        assert [(r["region"].name, r["overdue"]) for r in rows] == [("涂埠镇", 1)]
        # a return visit today puts it right again
        visits.return_visit_record(actor=personas.cadre_a, plan=plan, visited_on=today(), effect=Effect.FAIR)
        assert overdue_count(actor=personas.township) == 0


class TestClaims:
    def test_a_monitored_household_may_claim(self, personas, monitored_a):
        claim = claims.claim_create(
            actor=personas.cadre_a,
            household=monitored_a,
            cause=ClaimCause.ILLNESS,
            amount=Decimal("5000"),
            occurred_on=today(),
        )
        assert claim.status == "submitted"

    def test_an_unmonitored_household_is_refused_with_the_rule(self, personas, household_a):
        with pytest.raises(ApplicationError) as error:
            claims.claim_create(
                actor=personas.cadre_a,
                household=household_a,
                cause=ClaimCause.DISASTER,
                amount=Decimal("5000"),
                occurred_on=today(),
            )
        assert error.value.message == claims.MSG_NOT_ELIGIBLE

    def test_an_incident_long_before_monitoring_a_duplicate_and_an_absurd_amount_are_refused(
        self, personas, monitored_a
    ):
        def claim(**extra):
            values = {"cause": ClaimCause.ILLNESS, "amount": Decimal("5000"), "occurred_on": today(), **extra}
            return claims.claim_create(actor=personas.cadre_a, household=monitored_a, **values)

        # Monitored since 2025-03-01: the illness that brought it in may be up to a year earlier, not seven.
        with pytest.raises(ValidationError) as error:
            claim(occurred_on=dt.date(2019, 1, 1))
        assert error.value.message_dict["occurred_on"] == [
            "出险日期 2019-01-01 早于该户纳入监测（2025-03-01）一年以上，不在防贫保救助范围内。"
        ]
        assert claim(occurred_on=dt.date(2024, 6, 1)).pk
        with pytest.raises(ValidationError) as error:
            claim(amount=Decimal("99999999"))
        assert error.value.message_dict["amount"] == ["申请金额超过 500,000 元，请核实金额。"]
        # The same incident twice: refused while the first stands, allowed again once it was refused.
        first = claim(occurred_on=today() - dt.timedelta(days=3))
        with pytest.raises(ApplicationError, match="请勿重复申报"):
            claim(occurred_on=today() - dt.timedelta(days=3))
        assert claim(occurred_on=today() - dt.timedelta(days=3), cause=ClaimCause.DISASTER).pk  # another cause
        with pytest.raises(PermissionDenied, match="防贫保理赔由县乡村振兴局核定"):
            claims.claim_decide(actor=personas.approver, claim=first, status="rejected", note="材料不全")
        claims.claim_decide(actor=personas.county_officer, claim=first, status="rejected", note="材料不全")
        assert claim(occurred_on=today() - dt.timedelta(days=3)).pk

    def test_every_one_of_the_three_categories_is_eligible(self, personas, household_a):
        from households.choices import MonitoringCategory

        for category in MonitoringCategory.values:
            household_a.monitoring_category = category
            assert claims.claim_eligible(household_a)
        household_a.monitoring_category = ""
        assert not claims.claim_eligible(household_a)


class TestEmployment:
    def test_a_quarter_is_recorded_once_per_member_and_can_be_corrected(self, personas, household_a):
        member = household_a.members.get(name="张大山")
        year, quarter = employment.quarter_of(today())
        values = {"year": year, "quarter": quarter, "employed": True, "place": EmploymentPlace.IN_PROVINCE}
        employment.employment_record_save(
            actor=personas.cadre_a, member=member, months=3, monthly_income=Decimal("3200"), **values
        )
        record = employment.employment_record_save(actor=personas.cadre_a, member=member, months=4, **values)
        assert record.months == 4

    def test_employed_without_a_place_is_refused(self, personas, household_a):
        member = household_a.members.get(name="张大山")
        year, quarter = employment.quarter_of(today())
        with pytest.raises(ValidationError) as error:
            employment.employment_record_save(
                actor=personas.cadre_a, member=member, year=year, quarter=quarter, employed=True, months=13
            )
        assert set(error.value.message_dict) == {"place", "months"}
