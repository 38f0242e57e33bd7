"""A stale edit page does not revert what someone else saved since it was shown (concurrency review finding 1d):
the page posts the values it showed, only what this user changed is written, and a field both changed is refused,
named, with the user's input kept."""

import datetime as dt
from decimal import Decimal

import pytest

from assistance.choices import ReturnCadence
from assistance.models import EmploymentRecord, MeasureType
from assistance.services import measures, plans
from assistance.services.claims import MSG_DECIDED_MEANWHILE
from assistance.services.measure_status import MSG_STATUS_MOVED
from tests.assistance.measured import measured
from tests.assistance.page_forms import page_form
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a, note="因病：医疗支出大"))


@pytest.fixture
def measure(personas, plan):
    return measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="family_doctor"),
        member=plan.household.members.get(name="李秀英"),
        starts_on=today(),
        responsible_person="刘医生",
    )


def _opened(client, url, *, having):
    return page_form(client.get(url).content.decode(), having=having)


class TestTheMeasurePage:
    def test_a_stale_page_changing_only_the_person_keeps_the_amount_and_end_date_saved_since(
        self, personas, login, measure
    ):
        # given: the cadre and the township both have the measure's page open
        url = f"/assistance/measures/{measure.pk}/"
        cadre, township = login(personas.cadre_a), login(personas.township)
        cadre_form = _opened(cadre, url, having="edit")
        township_form = _opened(township, url, having="edit")
        ends = today() + dt.timedelta(days=200)
        # when: the township saves an amount and an end date, then the cadre submits the older page (责任人 only)
        township_form.update(amount="3600", ends_on=ends.isoformat())
        assert township.post(url, township_form).status_code == 302
        cadre_form.update(responsible_person="王医生")
        response = cadre.post(url, cadre_form)
        # then: both are kept
        assert response.status_code == 302
        measure.refresh_from_db()
        assert (measure.responsible_person, measure.amount, measure.ends_on) == ("王医生", Decimal("3600"), ends)

    def test_a_field_both_changed_is_refused_by_name_and_the_input_is_kept(self, personas, login, measure):
        url = f"/assistance/measures/{measure.pk}/"
        cadre, township = login(personas.cadre_a), login(personas.township)
        cadre_form = _opened(cadre, url, having="edit")
        township_form = _opened(township, url, having="edit")
        township_form.update(responsible_person="赵医生")
        assert township.post(url, township_form).status_code == 302
        cadre_form.update(responsible_person="王医生", amount="1200")
        response = cadre.post(url, cadre_form)
        assert response.status_code == 200
        page = response.content.decode()
        assert "他人已修改了：责任人（现为 赵医生）" in page
        assert 'value="王医生"' in page  # the cadre's input is shown again, to check and resubmit
        measure.refresh_from_db()
        assert (measure.responsible_person, measure.amount) == ("赵医生", None)

    def test_a_page_submitted_unchanged_writes_nothing_over_a_newer_save(self, personas, login, measure):
        url = f"/assistance/measures/{measure.pk}/"
        cadre, township = login(personas.cadre_a), login(personas.township)
        cadre_form = _opened(cadre, url, having="edit")
        township_form = _opened(township, url, having="edit")
        township_form.update(content="每月随访一次")
        assert township.post(url, township_form).status_code == 302
        cadre.post(url, cadre_form)
        measure.refresh_from_db()
        assert measure.content == "每月随访一次"


class TestThePlanPage:
    def test_a_stale_page_changing_the_note_keeps_the_cadence_saved_since(self, personas, login, plan):
        url = f"/assistance/plans/{plan.pk}/edit/"
        cadre, township = login(personas.cadre_a), login(personas.township)
        cadre_form = _opened(cadre, url, having="note")
        township_form = _opened(township, url, having="note")
        township_form.update(return_cadence=str(ReturnCadence.QUARTERLY))
        assert township.post(url, township_form).status_code == 302
        cadre_form.update(note="因病：已签约家庭医生")
        assert cadre.post(url, cadre_form).status_code == 302
        plan.refresh_from_db()
        assert (plan.return_cadence, plan.note) == (ReturnCadence.QUARTERLY, "因病：已签约家庭医生")

    def test_a_stale_page_changing_the_cadence_keeps_the_note_saved_since(self, personas, login, plan):
        url = f"/assistance/plans/{plan.pk}/edit/"
        cadre, township = login(personas.cadre_a), login(personas.township)
        cadre_form = _opened(cadre, url, having="note")
        township_form = _opened(township, url, having="note")
        township_form.update(note="因病：住院报销后仍有缺口")
        assert township.post(url, township_form).status_code == 302
        cadre_form.update(return_cadence=str(ReturnCadence.BIMONTHLY))
        assert cadre.post(url, cadre_form).status_code == 302
        plan.refresh_from_db()
        assert (plan.return_cadence, plan.note) == (ReturnCadence.BIMONTHLY, "因病：住院报销后仍有缺口")

    def test_the_note_both_changed_is_refused_by_name(self, personas, login, plan):
        url = f"/assistance/plans/{plan.pk}/edit/"
        cadre, township = login(personas.cadre_a), login(personas.township)
        cadre_form = _opened(cadre, url, having="note")
        township_form = _opened(township, url, having="note")
        township_form.update(note="乡镇的说明")
        assert township.post(url, township_form).status_code == 302
        cadre_form.update(note="村里的说明")
        response = cadre.post(url, cadre_form)
        assert response.status_code == 200
        page = response.content.decode()
        assert "他人已修改了：方案说明（致贫返贫风险、帮扶思路）（现为 乡镇的说明）" in page
        assert "村里的说明" in page
        plan.refresh_from_db()
        assert plan.note == "乡镇的说明"


class TestTheEmploymentPage:
    def test_a_stale_page_changing_the_income_keeps_the_months_saved_since(self, personas, login, monitored_a):
        member = monitored_a.members.get(name="张大山")
        year, quarter = today().year, (today().month - 1) // 3 + 1
        url = f"/assistance/employment/members/{member.pk}/?quarter={year}Q{quarter}"
        cadre, township = login(personas.cadre_a), login(personas.township)
        # A first report, then both open the quarter's page.
        first = {"employed": "1", "place": "in_county", "months": "3", "monthly_income": "2800"}
        assert cadre.post(url, first).status_code == 302
        cadre_form = _opened(cadre, url, having="months")
        township_form = _opened(township, url, having="months")
        township_form.update(months="6")
        assert township.post(url, township_form).status_code == 302
        cadre_form.update(monthly_income="3000")
        assert cadre.post(url, cadre_form).status_code == 302
        record = EmploymentRecord.objects.get(member=member, year=year, quarter=quarter)
        assert (record.months, record.monthly_income) == (6, Decimal("3000"))

    def test_a_stale_page_shown_employed_changing_the_income_keeps_the_no_saved_since(
        self, personas, login, monitored_a
    ):
        # given: the quarter's record says 是 (a bool coerced twice must still be 是: review finding M1)
        member = monitored_a.members.get(name="张大山")
        year, quarter = today().year, (today().month - 1) // 3 + 1
        url = f"/assistance/employment/members/{member.pk}/?quarter={year}Q{quarter}"
        cadre, township = login(personas.cadre_a), login(personas.township)
        first = {"employed": "1", "place": "in_county", "months": "3", "monthly_income": "2800"}
        assert cadre.post(url, first).status_code == 302
        cadre_form = _opened(cadre, url, having="months")
        assert cadre_form["employed"] == "1"
        # when: the township sets 否 (2 months worked earlier this year: 否 with 0 months and a wage is refused) and
        # saves; the cadre changes only the income on the older page
        township_form = _opened(township, url, having="months")
        township_form.update(employed="0", place="none", months="2")
        assert township.post(url, township_form).status_code == 302
        cadre_form.update(monthly_income="3000")
        response = cadre.post(url, cadre_form)
        # then: the income is saved and 否 stays
        assert response.status_code == 302, response.content.decode()
        record = EmploymentRecord.objects.get(member=member, year=year, quarter=quarter)
        assert (record.employed, record.monthly_income) == (False, Decimal("3000"))


class TestTheReturnVisitPage:
    """The return visit's 两不愁三保障 boxes: only the ones the cadre toggled are findings (review finding M2)."""

    def test_a_stale_page_keeps_the_problem_a_household_visit_recorded_since(self, personas, login, plan):
        # given: the cadre's return-visit page, open with 住房安全有保障 ticked
        household = plan.household
        url = f"/assistance/plans/{plan.pk}/return-visits/new/"
        cadre, township = login(personas.cadre_a), login(personas.township)
        stale = _opened(cadre, url, having="visited_on")
        assert "housing_ok" in stale["findings"] and "water_ok" in stale["findings"]
        # when: the township records a household visit finding the housing unsafe
        visit_url = f"/households/{household.pk}/visits/new/"
        visit = _opened(township, visit_url, having="notes")
        del visit["housing_ok"]
        visit.update(notes="房屋开裂")
        assert township.post(visit_url, visit).status_code == 302
        household.refresh_from_db()
        assert household.housing_ok is False
        # and the cadre saves the return visit, leaving the housing box as shown and unticking 饮水安全有保障
        stale.update(effect="good", note="已签约家庭医生", findings=[c for c in stale["findings"] if c != "water_ok"])
        assert cadre.post(url, stale).status_code == 302
        # then: the housing problem stays, and the box the cadre toggled is applied
        household.refresh_from_db()
        assert (household.housing_ok, household.water_ok, household.medical_ok) == (False, False, True)


class TestDecisionsOnAStalePage:
    """A decision is made on what the page showed: a claim or measure another user has moved on since is refused,
    not decided again from its new state."""

    def test_a_claim_approved_since_the_page_was_shown_is_not_rejected_by_it(self, personas, login, plan):
        from assistance.models import InsuranceClaim
        from assistance.services import claims
        from tests.factories import UserFactory

        claim = claims.claim_create(
            actor=personas.cadre_a,
            household=plan.household,
            cause="illness",
            amount=Decimal("6000"),
            occurred_on=today(),
        )
        other = UserFactory(
            username="county_officer_2",
            role=personas.county_officer.role,
            region_path=personas.county_officer.region_path,
            region_name=personas.county_officer.region_name,
        )
        url = f"/assistance/claims/{claim.pk}/"
        first, second = login(personas.county_officer), login(other)
        stale = _opened(first, url, having="note")
        fresh = _opened(second, url, having="note")
        fresh.update(status="approved", approved_amount="6000")
        assert second.post(url, fresh).status_code == 302
        stale.update(status="rejected", note="材料不全")
        response = first.post(url, stale)
        assert response.status_code == 200
        assert MSG_DECIDED_MEANWHILE.format(now="已核准") in response.content.decode()
        assert InsuranceClaim.objects.get(pk=claim.pk).status == "approved"

    def test_a_measure_started_since_the_page_was_shown_is_not_stopped_by_it(self, personas, login, measure):
        url = f"/assistance/measures/{measure.pk}/"
        county, township = login(personas.county_officer), login(personas.township)  # 卫健 closes, or the county
        stale = _opened(county, url, having="status")
        fresh = _opened(township, url, having="status")
        fresh.update(status="in_progress")
        assert township.post(url, fresh).status_code == 302
        stale.update(status="stopped", note="户主不愿签约")
        response = county.post(url, stale)
        assert response.status_code == 200
        assert MSG_STATUS_MOVED.format(now="实施中") in response.content.decode()
        measure.refresh_from_db()
        assert measure.status == "in_progress"

    def test_after_the_refusal_the_page_submitted_again_goes_through(self, personas, login, measure):
        url = f"/assistance/measures/{measure.pk}/"
        county, township = login(personas.county_officer), login(personas.township)  # 卫健 closes, or the county
        stale = _opened(county, url, having="status")
        fresh = _opened(township, url, having="status")
        fresh.update(status="in_progress")
        township.post(url, fresh)
        stale.update(status="stopped", note="户主不愿签约")
        again = page_form(county.post(url, stale).content.decode(), having="status")
        assert again["note"] == "户主不愿签约"  # the input is kept
        again["status"] = "stopped"
        assert county.post(url, again).status_code == 302
        measure.refresh_from_db()
        assert measure.status == "stopped"


class TestTheEmploymentConflict:
    def test_the_months_both_changed_are_refused_by_name(self, personas, login, monitored_a):
        member = monitored_a.members.get(name="张大山")
        year, quarter = today().year, (today().month - 1) // 3 + 1
        url = f"/assistance/employment/members/{member.pk}/?quarter={year}Q{quarter}"
        cadre, township = login(personas.cadre_a), login(personas.township)
        first = {"employed": "1", "place": "in_county", "months": "3", "monthly_income": "2800"}
        assert cadre.post(url, first).status_code == 302
        cadre_form = _opened(cadre, url, having="months")
        township_form = _opened(township, url, having="months")
        township_form.update(months="6")
        assert township.post(url, township_form).status_code == 302
        cadre_form.update(months="4", monthly_income="3000")
        response = cadre.post(url, cadre_form)
        assert response.status_code == 200
        assert "本年务工时间（月）（现为 6）" in response.content.decode()
        record = EmploymentRecord.objects.get(member=member, year=year, quarter=quarter)
        assert (record.months, record.monthly_income) == (6, Decimal("2800"))
        # checked, and sent again: the cadre's values are written
        again = page_form(response.content.decode(), having="months")
        assert again["employed"] == "1"  # the other fields show the record as it is now
        assert cadre.post(url, again).status_code == 302
        record.refresh_from_db()
        assert (record.months, record.monthly_income) == (4, Decimal("3000"))
