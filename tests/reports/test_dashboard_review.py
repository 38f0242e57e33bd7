"""The dashboard as the county official reads it (review official_ledgers 6, 9, 10, 13): persons beside households,
a trend that counts what 工作成效 counts, help contacts and visits since inclusion, the national risk codes, and
the page's phone layout. Fixtures: tests/reports/conftest.py (registry: a1 two persons, a2, b1, c1 one each)."""

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from accounts.roles import Role
from households.choices import LivingStatus, MonitoringCategory, NationalRiskType, Relation, RiskType
from households.models import Household, Visit
from reports.ledgers.base import Filters
from reports.ledgers.households import HOUSEHOLD_COLUMNS, household_rows
from reports.ledgers.national import NATIONAL_COLUMN
from reports.selectors.dashboard import TREND_MONTHS
from reports.selectors.monitoring import Changes, monitoring_changes
from tests.factories import HouseholdFactory, MemberFactory, UserFactory
from workflow.choices import CaseKind, CaseStatus, Channel
from workflow.models import Case

pytestmark = pytest.mark.django_db

RISK_NOTE = "一户可有多种风险类型"


def months_ago(today: dt.date, n: int, day: int = 10) -> dt.date:
    year, month = divmod(today.year * 12 + today.month - 1 - n, 12)
    return dt.date(year, month + 1, day)


def month_end(first: dt.date) -> dt.date:
    return (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def approved(household, kind, closed, procedure, by, category=""):
    return Case.objects.create(
        kind=kind, household=household, procedure=procedure, channel=Channel.CADRE_VISIT, risk_types=["low_income"],
        category=category, discovered_on=closed - dt.timedelta(days=10), status=CaseStatus.APPROVED,
        region_path=household.region_path, closed_on=closed, opened_by=by,
    )  # fmt: skip


# 6 ─ 户数 and 人数, and the trend


def test_the_dashboard_gives_persons_beside_households_in_total_and_by_category(personas, registry, login):
    """a1 (head and son) and b1 are 边缘易致贫户, a2 脱贫不稳定户, c1 突发严重困难户; b1's late father is not
    counted."""
    MemberFactory(household=registry.b1, name="赵老", relation=Relation.FATHER, living_status=LivingStatus.DECEASED)
    client = login(personas.official)

    response = client.get("/reports/dashboard/")
    d = response.context["d"]
    api = client.get("/api/v1/reports/dashboard/").json()

    assert (d.monitored, d.monitored_persons) == (4, 5)
    assert dict(d.persons_by_category) == {"脱贫不稳定户": 1, "边缘易致贫户": 3, "突发严重困难户": 1}
    page = response.content.decode()
    assert "监测对象 4 户 5 人" in page
    marginal = page[page.index('data-category="边缘易致贫户"') :]
    assert "2 <span" in marginal[:300] and "3 人" in marginal[:300]
    assert (api["monitored"], api["monitored_persons"]) == (4, 5)
    assert {p["label"]: p["count"] for p in api["persons_by_category"]}["边缘易致贫户"] == 3


def test_the_trend_counts_a_month_as_the_monthly_report_counts_its_added_and_removed(personas, registry, cases, login):
    """Two months ago e1, registered as monitored with no case of this system, came in on its 纳入监测日期; f1 was
    included by a case four months ago and its exit was approved last month. Each month's figures equal 工作成效's
    for that month (monitoring_changes over the month, the current one up to today)."""
    today = timezone.localdate()
    HouseholdFactory(
        village=registry.a1.village, number="360425100201021", head_name="纳入未审批",
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=months_ago(today, 2),
    )  # fmt: skip
    f1 = HouseholdFactory(village=registry.a1.village, number="360425100201022", head_name="已消除")
    approved(f1, CaseKind.IDENTIFICATION, months_ago(today, 4), cases.procedures["identification"], personas.cadre_a)
    approved(f1, CaseKind.EXIT, months_ago(today, 1), cases.procedures["exit"], personas.cadre_a)
    client = login(personas.official)

    trend = client.get("/reports/dashboard/").context["d"].trend
    api = client.get("/api/v1/reports/dashboard/").json()["trend"]

    columns = [trend[k] for k in ("months", "added", "removed", "exited")]
    months = {m: (a, r, e) for m, a, r, e in zip(*columns, strict=True)}
    assert len(months) == TREND_MONTHS and trend["months"][-1] == f"{today:%Y-%m}"
    assert months[f"{months_ago(today, 2):%Y-%m}"][0] >= 1  # e1, which no approved case brought in
    assert months[f"{months_ago(today, 1):%Y-%m}"][1:] >= (1, 1)  # f1 out, by its exit
    households = Household.objects.filter(is_active=True)
    for label, (added, removed, exited) in months.items():
        first = dt.date(int(label[:4]), int(label[5:]), 1)
        report = monitoring_changes(households, length=0, start=first, end=min(month_end(first), today))
        expected = report.get("", Changes())
        assert (added, removed, exited) == (
            expected.added_households,
            expected.removed_households,
            expected.exited_households,
        ), label
    assert api == trend


def test_the_trend_note_says_it_counts_as_the_performance_page(personas, cases, login):
    page = login(personas.official).get("/reports/dashboard/").content.decode()

    assert "近12个月监测对象新增与减少（户）" in page
    assert "与“工作成效”监测对象变动的本期新增、本期减少同一口径" in page
    assert "未经本系统审批的户不在其中" not in page


# 9 ─ help contacts and visits since inclusion


def test_the_tiles_count_monitored_households_without_a_contact_and_never_visited_since_inclusion(
    personas, registry, county, login
):
    """a1 has a contact and was visited only before its inclusion; a2's contact has left; b1 was visited after its
    inclusion; c1 has neither. a3 is not monitored."""
    a1, a2, b1 = registry.a1, registry.a2, registry.b1
    a1.help_contact = personas.cadre_a
    a1.save(update_fields=["help_contact"])
    gone = UserFactory(username="gone", role=Role.VILLAGE_CADRE, region_path=county.village_a.path, is_active=False)
    a2.help_contact = gone
    a2.save(update_fields=["help_contact"])
    for household, day in ((a1, a1.monitoring_start - dt.timedelta(days=1)), (b1, b1.monitoring_start)):
        Visit.objects.create(
            household=household, region_path=household.region_path, visited_on=day, visitor=personas.cadre_a
        )
    client = login(personas.official)

    response = client.get("/reports/dashboard/")
    d = response.context["d"]
    township2 = client.get(f"/reports/dashboard/?region={county.township2.code}").context["d"]
    api = client.get("/api/v1/reports/dashboard/").json()

    assert (d.no_contact, d.never_visited) == (3, 3)  # a2, b1, c1; a1, a2, c1
    assert (township2.no_contact, township2.never_visited) == (1, 1)  # c1
    assert (api["no_contact"], api["never_visited"]) == (3, 3)
    page = response.content.decode()
    tile = page[page.index('data-coverage="未安排帮扶联系人"') :][:600]
    assert "/assistance/contacts/?show=needs_contact&amp;kind=monitored" in tile and "3 <span" in tile
    assert "纳入监测以来从未走访" in page
    listed = client.get("/assistance/contacts/?show=needs_contact&kind=monitored")
    assert listed.context["page"].paginator.count == d.no_contact


# 10 ─ national risk codes


def test_the_national_risk_breakdown_counts_as_the_ledgers_column(personas, registry, county, login):
    """a1 (大病重病 with no national code stored) is 因病; h1 stored 因残 and 因学; i1's income below the line alone, in
    a household with a member who can work, is 其他 (缺劳动力 where nobody can). The ledger's 国家系统风险类型 column
    gives the same counts."""
    HouseholdFactory(
        village=county.village_b, number="360425100202031", head_name="已记录", risk_types=[RiskType.MEDICAL_COST,
        RiskType.SCHOOL_DROPOUT], national_risk_types=[NationalRiskType.DISABILITY, NationalRiskType.EDUCATION],
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=dt.date(2026, 2, 1),
    )  # fmt: skip
    low_income = HouseholdFactory(
        village=county.village_b, number="360425100202032", head_name="低收入", risk_types=[RiskType.LOW_INCOME],
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=dt.date(2026, 2, 1),
    )  # fmt: skip
    MemberFactory(household=low_income, name="低收入", relation=Relation.HEAD)
    client = login(personas.official)

    response = client.get("/reports/dashboard/")
    national = dict(response.context["d"].by_national_risk)
    api = client.get("/api/v1/reports/dashboard/").json()

    assert list(national) == [str(label) for label in NationalRiskType.labels]
    assert {k: v for k, v in national.items() if v} == {"因病": 1, "因残": 1, "因学": 1, "其他": 1}
    column = [c.header for c in HOUSEHOLD_COLUMNS].index(NATIONAL_COLUMN.header)
    ledger = Counter(
        str(NationalRiskType(code).label)
        for row in household_rows(personas.official, Filters())
        for code in set(NATIONAL_COLUMN.convert(row[column]))
    )
    assert {k: v for k, v in national.items() if v} == dict(ledger)
    assert {p["label"]: p["count"] for p in api["by_national_risk"]} == national
    page = response.content.decode()
    assert "风险类型（国家系统）" in page and page.count(RISK_NOTE) == 2


# 13 ─ phone layout (the browser check is tests/e2e/test_reports_phone.py)


def test_the_category_chart_lists_households_and_persons_under_it_and_its_legend_is_not_paged(
    personas, registry, login
):
    page = login(personas.official).get("/reports/dashboard/").content.decode()
    card = page[page.index("<h2>监测对象类别</h2>") :][:1500]

    assert 'class="data-table category-table"' in card and "突发严重困难户" in card and "人数" in card
    charts = (Path(settings.BASE_DIR) / "static/js/charts.js").read_text()
    assert 'type: "scroll"' not in charts and 'type: "plain"' in charts


def test_the_reports_tabs_wrap_and_the_unit_column_stays_in_view(personas, login):
    page = login(personas.official).get("/reports/performance/?period=month&date=2026-06-01").content.decode()

    assert '<nav class="tabs tabs-wrap" aria-label="台账统计">' in page
    css = (Path(settings.BASE_DIR) / "static/css/app.css").read_text()
    assert ".tabs.tabs-wrap { flex-wrap: wrap;" in css
    assert ".table-wrap .perf-table tbody th:first-child" in css and "position: sticky; left: 0;" in css
