"""What the follow-up records refuse or keep: a return visit before the plan, 防贫保's approved and paid amounts,
an employment income nobody reported, and the employment page's wording."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from assistance.models import EmploymentRecord, InsuranceClaim, Plan
from assistance.services import claims, employment, plans, visits
from households.models import Member
from tests.assistance.measured import measured
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return measured(plans.plan_create(actor=personas.township, household=monitored_a))


class TestReturnVisitDates:
    def test_a_return_visit_dated_before_the_plan_is_refused_and_the_due_date_stays(self, personas, plan):
        due = plan.next_return_due
        with pytest.raises(ValidationError) as error:
            visits.return_visit_record(
                actor=personas.township, plan=plan, visited_on=today() - dt.timedelta(days=1), effect="good"
            )
        assert error.value.message_dict["visited_on"] == [visits.MSG_BEFORE_PLAN.format(made=today())]
        plan.refresh_from_db()
        assert plan.next_return_due == due and not plan.return_visits.exists()

    def test_the_api_answers_400_with_the_message(self, personas, login, plan):
        response = login(personas.township).post(
            f"/api/v1/assistance/plans/{plan.pk}/return-visits/",
            {"visited_on": "2026-01-10", "effect": "good"},
            content_type="application/json",
        )
        assert response.status_code == 400
        assert response.json()["visited_on"] == [visits.MSG_BEFORE_PLAN.format(made=today())]

    def test_the_page_shows_the_refusal_at_the_date(self, personas, login, plan):
        response = login(personas.township).post(
            f"/assistance/plans/{plan.pk}/return-visits/new/",
            {"visited_on": (today() - dt.timedelta(days=3)).isoformat(), "effect": "good"},
        )
        assert response.status_code == 200
        assert "回访日期不能早于帮扶方案制定日期" in response.content.decode()

    def test_a_return_visit_on_or_after_the_plan_day_is_recorded(self, personas, plan):
        Plan.objects.filter(pk=plan.pk).update(created_at=timezone.now() - dt.timedelta(days=10))
        visits.return_visit_record(
            actor=personas.township, plan=plan, visited_on=today() - dt.timedelta(days=10), effect="fair"
        )
        assert plan.return_visits.count() == 1


class TestClaimAmounts:
    def claim(self, personas, household, amount="8000"):
        return claims.claim_create(
            actor=personas.cadre_a, household=household, cause="illness", amount=Decimal(amount), occurred_on=today()
        )

    def test_approving_records_the_approved_amount_within_the_claimed_one(self, personas, monitored_a):
        claim = self.claim(personas, monitored_a)
        with pytest.raises(ValidationError) as missing:
            claims.claim_decide(actor=personas.county_officer, claim=claim, status="approved")
        assert missing.value.message_dict["approved_amount"] == [claims.MSG_APPROVED_REQUIRED]
        with pytest.raises(ValidationError) as over:
            claims.claim_decide(
                actor=personas.county_officer, claim=claim, status="approved", approved_amount=Decimal("9000")
            )
        assert over.value.message_dict["approved_amount"] == [
            claims.MSG_APPROVED_OVER_CLAIMED.format(approved=Decimal("9000"), claimed=Decimal("8000.00"))
        ]
        assert InsuranceClaim.objects.get(pk=claim.pk).status == "submitted"

        claim = claims.claim_decide(
            actor=personas.county_officer, claim=claim, status="approved", approved_amount=Decimal("6000")
        )
        assert (claim.status, claim.approved_amount, claim.paid_amount) == ("approved", Decimal("6000"), None)
        assert monitored_a.events.filter(summary__contains="核定金额 6000 元").exists()

    def test_paying_records_the_paid_amount_within_the_approved_one(self, personas, monitored_a):
        claim = self.claim(personas, monitored_a)
        claims.claim_decide(
            actor=personas.county_officer, claim=claim, status="approved", approved_amount=Decimal("6000")
        )
        with pytest.raises(ValidationError) as missing:
            claims.claim_decide(actor=personas.county_officer, claim=claim, status="paid")
        assert missing.value.message_dict["paid_amount"] == [claims.MSG_PAID_REQUIRED]
        with pytest.raises(ValidationError) as over:
            claims.claim_decide(actor=personas.county_officer, claim=claim, status="paid", paid_amount=Decimal("6500"))
        assert over.value.message_dict["paid_amount"] == [
            claims.MSG_PAID_OVER_APPROVED.format(paid=Decimal("6500"), approved=Decimal("6000.00"))
        ]

        claim = claims.claim_decide(
            actor=personas.county_officer, claim=claim, status="paid", paid_amount=Decimal("5500")
        )
        assert (claim.status, claim.approved_amount, claim.paid_amount) == ("paid", Decimal("6000"), Decimal("5500"))

    def test_the_api_takes_and_shows_the_amounts_and_refuses_in_chinese(self, personas, login, monitored_a):
        claim = self.claim(personas, monitored_a)
        client = login(personas.county_officer)
        url = f"/api/v1/assistance/claims/{claim.pk}/decide/"
        over = client.post(url, {"status": "approved", "approved_amount": "8000.01"}, content_type="application/json")
        assert over.status_code == 400
        assert over.json()["approved_amount"] == [
            claims.MSG_APPROVED_OVER_CLAIMED.format(approved=Decimal("8000.01"), claimed=Decimal("8000.00"))
        ]
        approved = client.post(url, {"status": "approved", "approved_amount": "7000"}, content_type="application/json")
        assert approved.status_code == 200
        assert (approved.json()["approved_amount"], approved.json()["paid_amount"]) == ("7000.00", None)
        paid = client.post(url, {"status": "paid", "paid_amount": "7000"}, content_type="application/json")
        assert (paid.json()["status"], paid.json()["paid_amount"]) == ("paid", "7000.00")
        listed = client.get("/api/v1/assistance/claims/").json()
        rows = listed["results"] if isinstance(listed, dict) else listed
        assert [(r["amount"], r["approved_amount"], r["paid_amount"]) for r in rows] == [
            ("8000.00", "7000.00", "7000.00")
        ]

    def test_the_pages_ask_for_and_show_the_amounts(self, personas, login, monitored_a):
        claim = self.claim(personas, monitored_a)
        client = login(personas.county_officer)
        url = f"/assistance/claims/{claim.pk}/"
        form = client.get(url).content.decode()
        assert "核定金额（元，核准时必填）" in form and "不超过申请金额 8,000.00 元" in form
        assert 'name="paid_amount"' not in form
        refused = client.post(url, {"status": "approved", "approved_amount": "9000"}).content.decode()
        assert "核定金额（9,000.00 元）不能超过申请金额（8,000.00 元）。" in refused
        assert client.post(url, {"status": "approved", "approved_amount": "6000"}).status_code == 302
        paying = client.get(url).content.decode()
        assert 'name="paid_amount"' in paying and "不超过核定金额 6,000.00 元" in paying
        refused = client.post(url, {"status": "paid", "paid_amount": "6000.50"}).content.decode()
        assert "赔付金额（6,000.50 元）不能超过核定金额（6,000.00 元）。" in refused
        assert client.post(url, {"status": "paid", "paid_amount": "5000"}).status_code == 302
        detail = client.get(url).content.decode()
        assert re.search(r"<dt>核定金额</dt><dd>6,000.00 元</dd>", detail)
        assert re.search(r"<dt>赔付金额</dt><dd>5,000.00 元</dd>", detail)
        ledger = client.get("/assistance/claims/").content.decode()
        assert "申请 8,000.00 元 · 核定 6,000.00 元 · 赔付 5,000.00 元" in ledger


class TestEmploymentIncome:
    def test_the_form_leaves_an_unreported_income_blank_and_saves_it_empty(self, personas, login, monitored_a):
        head = Member.objects.get(household=monitored_a, name="张大山")
        Member.objects.filter(pk=head.pk).update(employment_place="out_of_province", employment_months=6)
        year, quarter = employment.quarter_of(today())
        client = login(personas.cadre_a)
        url = f"/assistance/employment/members/{head.pk}/?quarter={year}Q{quarter}"
        page = client.get(url).content.decode()
        income = re.search(r'<input[^>]*name="monthly_income"[^>]*>', page).group(0)
        assert "value=" not in income

        response = client.post(
            url, {"employed": "1", "place": "out_of_province", "months": "6", "monthly_income": "", "quarter": ""}
        )

        assert response.status_code == 302
        record = EmploymentRecord.objects.get(member=head, year=year, quarter=quarter)
        assert (record.employed, record.months, record.monthly_income) == (True, 6, None)
        ledger = client.get(f"/assistance/employment/?quarter={year}Q{quarter}").content.decode()
        assert "未填报" in ledger

    def test_the_employment_page_names_no_county_and_no_seed_file(self, personas, login):
        page = login(personas.township).get("/assistance/employment/").content.decode()
        assert "新丰县" not in page and "004" not in page
        assert "每季度登记就业情况（脱贫劳动力就业台账）" in page
