"""Amounts on the assistance pages have thousands separators, as the household's income tab has (registry filter
yuan): a measure read "12345.00 元", a claim "申请 12345.00 元" and the employment ledger "3456.50"."""

from decimal import Decimal

import pytest

from assistance.models import MeasureType
from assistance.services import claims, employment, measures, plans
from tests.clock import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(personas, monitored_a):
    return plans.plan_create(actor=personas.township, household=monitored_a)


@pytest.fixture
def doctor(personas, plan):
    """A 卫健 measure (personas.clerk's department) of 12,345 yuan."""
    return measures.measure_add(
        actor=personas.township,
        plan=plan,
        measure_type=MeasureType.objects.get(code="family_doctor"),
        member=plan.household.members.get(name="李秀英"),
        starts_on=today(),
        responsible_person="刘医生",
        amount=Decimal("12345"),
        confirm_unusual=True,
    )


def test_a_measure_amount_separates_thousands_on_every_page_showing_it(personas, login, county, plan, doctor):
    cadre = login(personas.cadre_a)
    clerk = login(personas.clerk)
    pages = {
        "measure list": cadre.get("/assistance/measures/"),
        "measure": cadre.get(f"/assistance/measures/{doctor.pk}/"),
        "plan": cadre.get(f"/assistance/households/{plan.household_id}/"),
        "publicity": cadre.get(f"/assistance/publicity/{county.village_a.code}/print/"),
        "department": clerk.get("/assistance/department/"),
        "department measure": clerk.get(f"/assistance/department/{doctor.pk}/"),
    }

    for name, response in pages.items():
        page = response.content.decode()
        assert "12,345.00" in page, name
        assert ">12345.00" not in page and " 12345.00" not in page, name  # the edit form's input keeps 12345.00


def test_a_claim_separates_thousands_in_the_claimed_approved_and_paid_amounts(personas, login, plan):
    claim = claims.claim_create(
        actor=personas.cadre_a,
        household=plan.household,
        cause="illness",
        amount=Decimal("12345"),
        occurred_on=today(),
    )
    claims.claim_decide(actor=personas.county_officer, claim=claim, status="approved", approved_amount=Decimal("12000"))
    claims.claim_decide(actor=personas.county_officer, claim=claim, status="paid", paid_amount=Decimal("11500.5"))
    client = login(personas.county_officer)

    listed = client.get("/assistance/claims/").content.decode()
    shown = client.get(f"/assistance/claims/{claim.pk}/").content.decode()
    on_plan = login(personas.cadre_a).get(f"/assistance/households/{plan.household_id}/").content.decode()

    assert "申请 12,345.00 元 · 核定 12,000.00 元 · 赔付 11,500.50 元" in listed
    for page in (shown, on_plan):
        assert "12,345.00 元" in page and "12345.00" not in page
    assert "<dd>12,000.00 元</dd>" in shown and "<dd>11,500.50 元</dd>" in shown


def test_the_employment_ledger_separates_thousands_in_the_monthly_income(personas, login, monitored_a):
    member = monitored_a.members.get(name="张大山")
    year, quarter = today().year, (today().month - 1) // 3 + 1
    employment.employment_record_save(
        actor=personas.cadre_a,
        member=member,
        year=year,
        quarter=quarter,
        employed=True,
        place="in_county",
        months=3,
        monthly_income=Decimal("3456.5"),
    )

    page = login(personas.cadre_a).get(f"/assistance/employment/?quarter={year}Q{quarter}").content.decode()

    assert '<td data-label="月均收入">3,456.50</td>' in page and "3456.50" not in page
