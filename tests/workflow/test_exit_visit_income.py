"""A fall in income recorded at a visit after the yearly figures were entered speaks for the exit (风险消除; seed 003
§二2(5): only an income 持续稳定): one that puts the estimated per-capita income (the visit's own notice's estimate)
inside the monitoring line refuses the exit, naming the visit's date and the estimate, until the cadre updates the
year's figures; one that leaves it above the line is an advisory to confirm."""

from decimal import Decimal

import pytest

from config.errors import ApplicationError
from households.models import Visit
from households.services.income import income_save
from households.services.visit_changes import large_drop
from screening.models import MonitoringLine
from tests.clock import this_year, today
from tests.workflow.helpers import exit_ready
from workflow.advisories import exit_advisories
from workflow.choices import CaseKind, CaseStatus
from workflow.models import Case
from workflow.services.cases import case_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def line():
    return MonitoringLine.objects.create(
        year=this_year(), region_prefix="36", region_label="江西省", amount=Decimal("7300"), inclusive=False
    )


def visit(personas, household, change, visited_on=None):
    return Visit.objects.create(
        household=household,
        region_path=household.region_path,
        visited_on=visited_on or today(),
        visitor=personas.cadre_a,
        income_change=Decimal(change),
    )


def open_exit(personas, household):
    return case_open(
        actor=personas.cadre_a, household=household, kind=CaseKind.EXIT, confirm_advisories=True, channel=""
    )


def test_a_visit_drop_below_the_line_refuses_the_exit_on_the_service_the_api_and_the_form(
    personas, login, monitored_a, line
):
    # 60,000 per person on file, two living members: a fall of 110,000 leaves about 5,000 a person.
    exit_ready(monitored_a)
    visit(personas, monitored_a, "-110000")
    notice = large_drop(monitored_a, this_year(), today())
    said = f"{today():%Y-%m-%d}走访记录的收入变化"
    estimate = "按此估算人均纯收入约 5,000.00 元，低于"

    with pytest.raises(ApplicationError) as error:
        open_exit(personas, monitored_a)
    client = login(personas.cadre_a)
    api = client.post("/api/v1/cases/", {"household": monitored_a.pk, "kind": "exit", "confirm_advisories": True})
    form = client.get(f"/workflow/households/{monitored_a.pk}/cases/new/").content.decode()

    assert "约 5,000.00 元" in notice.message  # the visit told the same estimate
    message = error.value.message
    assert said in message and estimate in message and "监测标准 7,300 元" in message
    assert f"请先核实并更新{this_year()}年度收支" in message and "不能标注“风险消除”" in message
    assert api.status_code == 400 and said in api.content.decode() and "5,000.00" in api.content.decode()
    assert said in form and "5,000.00" in form
    assert not Case.objects.exists()

    # The cadre verifies and enters the year's figures: the visit recorded before them no longer speaks.
    income_save(
        actor=personas.cadre_a, household=monitored_a, year=this_year(), amounts={"wage_income": Decimal("40000")}
    )
    assert open_exit(personas, monitored_a).status == CaseStatus.OPEN


def test_a_visit_drop_that_stays_above_the_line_is_an_advisory_to_confirm(personas, login, monitored_a, line):
    exit_ready(monitored_a)
    visit(personas, monitored_a, "-20000")  # 60,000 − 10,000 a person: 50,000, above 7,300
    client = login(personas.cadre_a)

    refused = client.post("/api/v1/cases/", {"household": monitored_a.pk, "kind": "exit"})
    advice = exit_advisories(monitored_a, today())
    confirmed = client.post("/api/v1/cases/", {"household": monitored_a.pk, "kind": "exit", "confirm_advisories": True})

    said = (
        f"{today():%Y-%m-%d}走访记录的收入变化（{this_year()}年收支录入后累计减少 20,000.00 元），"
        "按此估算人均纯收入约 50,000.00 元，仍高于监测标准 7,300 元"
    )
    assert any(said in item for item in advice)
    assert refused.status_code == 400 and said in refused.json()["confirm_advisories"][0]
    assert confirmed.status_code == 201


def test_a_drop_the_yearly_figures_already_count_or_a_rise_says_nothing(personas, monitored_a, line):
    exit_ready(monitored_a)
    visit(personas, monitored_a, "-110000", visited_on=today().replace(year=this_year() - 1, day=1))  # last year's
    visit(personas, monitored_a, "5000")  # a rise this year

    assert not [item for item in exit_advisories(monitored_a, today()) if "走访记录的收入变化" in item]
    assert open_exit(personas, monitored_a).status == CaseStatus.OPEN
