"""Who changed a family's help and from what (audit review): a measure's edit, a quarter's employment correction and
a plan's edit record the old and new value of each field they changed, in the audit event's before/after and in
the household's history row; a save that changes nothing writes neither."""

import datetime as dt
from decimal import Decimal

import pytest

from accounts.audit_labels import NOTE_HIDDEN
from accounts.choices import Department
from accounts.models import AuditEvent
from assistance.choices import TOWNSHIP_VILLAGE, TOWNSHIP_VILLAGE_LABEL, ReturnCadence
from assistance.models import EmploymentRecord, MeasureType
from assistance.services import measures, plans
from households.models import HouseholdEvent
from tests.assistance.page_forms import page_form
from tests.clock import today

pytestmark = pytest.mark.django_db


def _events(action):
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a, note="低保兜底")


@pytest.fixture
def relief(personas, plan):
    return measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        starts_on=today(),
        responsible_department=Department.CIVIL_AFFAIRS,
        responsible_person="王干部",
        amount=Decimal("3000.00"),
        content="发放临时救助金",
    )


@pytest.fixture
def own_relief(personas, plan):
    """The township and village's own measure: no department yet."""
    return measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="temporary_relief"),
        starts_on=today(),
        responsible_department=TOWNSHIP_VILLAGE,
        responsible_person="王干部",
        amount=Decimal("3000.00"),
        content="发放临时救助金",
    )


class TestTheMeasureEdit:
    def test_the_page_records_the_old_and_new_amount_person_content_and_department(self, personas, login, own_relief):
        # given: the township and village's own measure page, as the cadre opens it
        url = f"/assistance/measures/{own_relief.pk}/"
        cadre = login(personas.cadre_a)
        form = page_form(cadre.get(url).content.decode(), having="edit")
        ends = today() + dt.timedelta(days=90)
        # when: the cadre cuts the amount, names another person, sets an end date and gives it to 民政 (a department
        # once set is the county bureau's to change: test_department_kept)
        form.update(
            amount="300",
            responsible_person="李四",
            content="改为发放300元",
            ends_on=ends.isoformat(),
            responsible_department=Department.CIVIL_AFFAIRS,
        )
        assert cadre.post(url, form).status_code == 302
        # then: the audit event and the history row say what each field was and became
        (event,) = _events("assistance.measure_update")
        civil = str(Department.CIVIL_AFFAIRS.label)
        assert event.actor == personas.cadre_a
        assert event.before == {
            "amount": "3000.00",
            "responsible_person": "王干部",
            "content": "发放临时救助金",
            "ends_on": "",
            "responsible_department": TOWNSHIP_VILLAGE_LABEL,
        }
        assert event.after == {
            "amount": "300.00",
            "responsible_person": "李四",
            "content": "改为发放300元",
            "ends_on": ends.isoformat(),
            "responsible_department": civil,
        }
        history = HouseholdEvent.objects.filter(household=own_relief.household).latest("id")
        assert {(c["label"], c["old"], c["new"]) for c in history.changes} == {
            ("金额（元）", "3000.00", "300.00"),
            ("责任人", "王干部", "李四"),
            ("具体内容", "发放临时救助金", "改为发放300元"),
            ("结束日期", "", ends.isoformat()),
            ("责任部门", TOWNSHIP_VILLAGE_LABEL, civil),
        }

    def test_the_county_bureau_s_reassignment_is_recorded_old_and_new(self, personas, relief):
        measures.measure_update(actor=personas.county_officer, measure=relief, responsible_department=TOWNSHIP_VILLAGE)

        (event,) = _events("assistance.measure_update")
        assert event.actor == personas.county_officer
        assert event.before == {"responsible_department": str(Department.CIVIL_AFFAIRS.label)}
        assert event.after == {"responsible_department": TOWNSHIP_VILLAGE_LABEL}

    def test_the_same_values_again_write_nothing(self, personas, relief):
        audits, history = AuditEvent.objects.count(), HouseholdEvent.objects.count()

        measures.measure_update(
            actor=personas.township, measure=relief, amount=Decimal("3000"), responsible_person=" 王干部 "
        )

        assert (AuditEvent.objects.count(), HouseholdEvent.objects.count()) == (audits, history)

    def test_an_auditor_reading_masked_gets_the_amounts_not_the_content(self, personas, login, relief):
        measures.measure_update(
            actor=personas.township, measure=relief, amount=Decimal("300"), content="因尿毒症透析按月发放"
        )

        page = login(personas.audit_admin).get("/accounts/audit/").content.decode()

        assert "3000.00" in page and "300.00" in page
        assert "尿毒症" not in page and NOTE_HIDDEN in page


class TestTheEmploymentCorrection:
    def _url(self, member):
        year, quarter = today().year, (today().month - 1) // 3 + 1
        return f"/assistance/employment/members/{member.pk}/?quarter={year}Q{quarter}", year, quarter

    def test_the_page_correction_records_the_wage_it_replaced(self, personas, login, monitored_a):
        member = monitored_a.members.get(name="张大山")
        url, year, quarter = self._url(member)
        cadre = login(personas.cadre_a)
        first = {"employed": "1", "place": "in_province", "months": "3", "monthly_income": "3200"}
        assert cadre.post(url, first).status_code == 302
        form = page_form(cadre.get(url).content.decode(), having="months")
        form.update(monthly_income="1200", note="工资按实发更正")
        assert cadre.post(url, form).status_code == 302

        reported, corrected = _events("assistance.employment_save")
        assert reported.before is None
        assert reported.after == {
            "employed": "是",
            "place": "省内县外",
            "months": "3",
            "monthly_income": "3200.00",
            "public_welfare_post": "否",
            "note": "",
        }
        assert corrected.before == {"monthly_income": "3200.00", "note": ""}
        assert corrected.after == {"monthly_income": "1200.00", "note": "工资按实发更正"}
        record = EmploymentRecord.objects.get(member=member, year=year, quarter=quarter)
        assert record.monthly_income == Decimal("1200")

    def test_the_page_submitted_unchanged_writes_nothing(self, personas, login, monitored_a):
        member = monitored_a.members.get(name="张大山")
        url, _, _ = self._url(member)
        cadre = login(personas.cadre_a)
        assert (
            cadre.post(
                url, {"employed": "1", "place": "in_county", "months": "3", "monthly_income": "2800"}
            ).status_code
            == 302
        )
        form = page_form(cadre.get(url).content.decode(), having="months")

        assert cadre.post(url, form).status_code == 302

        assert len(_events("assistance.employment_save")) == 1

    def test_the_api_posting_the_same_quarter_again_writes_nothing_and_a_correction_says_old_and_new(
        self, personas, login, monitored_a
    ):
        member = monitored_a.members.get(name="张大山")
        year, quarter = today().year, (today().month - 1) // 3 + 1
        body = {"member": member.pk, "year": year, "quarter": quarter, "employed": True, "place": "in_county"}
        body |= {"months": 3, "monthly_income": "2800.00"}
        client = login(personas.cadre_a)

        def post(data):
            response = client.post("/api/v1/assistance/employment/", data, content_type="application/json")
            assert response.status_code == 201, response.content.decode()

        post(body)
        post(body)
        post({**body, "months": 2, "monthly_income": "2500"})

        reported, corrected = _events("assistance.employment_save")  # the same body twice: one event
        assert reported.before is None
        assert corrected.before == {"months": "3", "monthly_income": "2800.00"}
        assert corrected.after == {"months": "2", "monthly_income": "2500.00"}


class TestThePlanEdit:
    def test_the_page_records_the_old_and_new_note_and_cadence(self, personas, login, plan):
        url = f"/assistance/plans/{plan.pk}/edit/"
        cadre = login(personas.cadre_a)
        form = page_form(cadre.get(url).content.decode(), having="note")
        due = plan.next_return_due
        form.update(note="产业帮扶为主", return_cadence=str(ReturnCadence.QUARTERLY))

        assert cadre.post(url, form).status_code == 302

        (event,) = _events("assistance.plan_update")
        plan.refresh_from_db()
        assert event.before == {"note": "低保兜底", "return_cadence": "每月", "next_return_due": due.isoformat()}
        assert event.after == {
            "note": "产业帮扶为主",
            "return_cadence": "每季度",
            "next_return_due": plan.next_return_due.isoformat(),
        }
        history = HouseholdEvent.objects.filter(household=plan.household).latest("id")
        assert {(c["field"], c["old"], c["new"]) for c in history.changes} >= {
            ("note", "低保兜底", "产业帮扶为主"),
            ("return_cadence", "每月", "每季度"),
        }

    def test_the_same_note_again_writes_nothing(self, personas, plan):
        audits, history = AuditEvent.objects.count(), HouseholdEvent.objects.count()

        plans.plan_update(actor=personas.township, plan=plan, note="低保兜底 ", return_cadence=ReturnCadence.MONTHLY)

        assert (AuditEvent.objects.count(), HouseholdEvent.objects.count()) == (audits, history)

    def test_an_auditor_reading_masked_does_not_read_the_plan_s_note(self, personas, login, plan):
        """A plan's note is typed about the family's plight (an illness, a debt): hidden like a measure's content."""
        plans.plan_update(
            actor=personas.township, plan=plan, note="户主尿毒症透析，重点保障", return_cadence=ReturnCadence.MONTHLY
        )

        page = login(personas.audit_admin).get("/accounts/audit/").content.decode()

        assert "尿毒症" not in page and NOTE_HIDDEN in page
