"""Review finding (township #1): a case proposed for 收入低于监测范围 whose household's recorded per-capita income is
above the monitoring line is flagged on the township's audit as the county's batch page flags it
(selectors_batches.income_contradictions): on the batch audit page, its confirmation, its API queue and the case's
own page beside the township's audit step form (and the county's approval form)."""

from decimal import Decimal

import pytest

from households.services.income import income_save
from screening.models import MonitoringLine
from tests.clock import this_year
from tests.workflow.batch_helpers import at_approval
from tests.workflow.township_helpers import TO_AUDIT, at_township, selection
from workflow.selectors_batches import FLAG_INCOME_ABOVE

pytestmark = pytest.mark.django_db
URL = "/workflow/township-audit/"


def flag_words() -> str:
    return f"不低于{this_year()}年监测标准 6,000 元"


@pytest.fixture
def line():
    year = this_year()
    MonitoringLine.objects.filter(year__gte=year - 1).delete()
    return MonitoringLine.objects.create(year=year, region_prefix="36", region_label="江西省", amount=Decimal("6000"))


@pytest.fixture
def incomes(personas, household_a, household_b, line):
    """张大山's household: 2 people, 20,000 元 each; 王五's: 1 person, 3,000 元."""
    year = this_year()
    income_save(actor=personas.cadre_a, household=household_a, year=year, amounts={"wage_income": Decimal("40000")})
    income_save(actor=personas.cadre_b, household=household_b, year=year, amounts={"wage_income": Decimal("3000")})


@pytest.fixture
def audits(personas, household_a, household_b, incomes):
    """Both at Yongxiu's 乡镇审核, both proposed for income below the line: only 张大山's income contradicts it."""
    rich = at_township(personas, household_a, personas.cadre_a, steps=TO_AUDIT, risk_types=["low_income"])
    poor = at_township(personas, household_b, personas.cadre_b, steps=TO_AUDIT, risk_types=["low_income"])
    return rich, poor


def row_of(page, name):
    return next(part for part in page.split('<li class="card row-card')[1:] if name in part)


def step_form(page, name):
    """The case page's form section for the step `name`."""
    return next(part for part in page.split('<section class="card narrow"')[1:] if f"办理：{name}" in part)


def test_the_township_batch_page_flags_the_income_above_the_line(personas, login, audits):
    page = login(personas.township).get(URL).content.decode()

    rich, poor = row_of(page, "张大山"), row_of(page, "王五")
    assert "data-income-flag" in rich and FLAG_INCOME_ABOVE in rich and flag_words() in rich
    assert "请核实风险类型和收入后再审核" in rich
    assert FLAG_INCOME_ABOVE not in poor


def test_the_confirmation_and_the_api_queue_carry_the_flag(personas, login, audits):
    rich, poor = audits
    client = login(personas.township)

    confirm = client.post(URL, {"case": selection(audits), "outcome": "pass", "note": "情况属实"}).content.decode()
    listed = confirm.split("data-selected")[1]
    assert "确认通过 2 户" in confirm and listed.count(FLAG_INCOME_ABOVE) == 1

    rows = {row["id"]: row for row in client.get("/api/v1/township-audits/").json()["results"]}
    assert flag_words() in rows[rich.pk]["income_flag"] and rows[poor.pk]["income_flag"] == ""


def test_the_case_page_flags_it_beside_the_township_audit_form(personas, login, audits):
    rich, poor = audits
    client = login(personas.township)

    form = step_form(client.get(f"/workflow/cases/{rich.pk}/").content.decode(), "乡镇审核")
    assert "data-income-flag" in form and flag_words() in form and "请核实风险类型和收入后再审核" in form
    assert FLAG_INCOME_ABOVE not in client.get(f"/workflow/cases/{poor.pk}/").content.decode()


def test_a_case_proposed_for_another_risk_is_not_flagged(personas, login, household_a, incomes):
    case = at_township(personas, household_a, personas.cadre_a, steps=TO_AUDIT)  # medical costs

    page = login(personas.township).get(f"/workflow/cases/{case.pk}/").content.decode()

    assert "办理：乡镇审核" in page and FLAG_INCOME_ABOVE not in page


def test_a_user_with_no_audit_form_on_the_case_is_not_shown_it(personas, login, audits):
    page = login(personas.cadre_a).get(f"/workflow/cases/{audits[0].pk}/").content.decode()
    assert "张大山" in page and FLAG_INCOME_ABOVE not in page


def test_the_county_approval_form_on_the_case_page_flags_it_too(personas, login, household_a, incomes):
    case = at_approval(personas, household_a, personas.cadre_a, risk_types=["low_income"])

    form = step_form(login(personas.approver).get(f"/workflow/cases/{case.pk}/").content.decode(), "县级审批")

    assert FLAG_INCOME_ABOVE in form and flag_words() in form and "请核实风险类型和收入后再审批" in form
