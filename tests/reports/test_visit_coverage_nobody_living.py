"""工作成效's visit coverage of a household whose members all died or moved out: it was due while somebody lived
there, up to the month the last of them left (the member's 状态变更日期), and not after, as the household pages, the
cadre's tile and the 应走访未走访 ledger no longer ask a visit of it (households.selectors_visits.MONTHLY_VISIT). A
member with no 状态变更日期 on record leaves the end unknown: the household stays due as before.

e1 is a monitored (not lifted-out) household of 涂埠镇 village B, monitored from 2026-01-02, its only member 孙九."""

import datetime as dt

import pytest

from households.choices import HouseholdType, LivingStatus, MonitoringCategory, Relation
from households.models import Household, Member
from households.services.member_status import member_set_status
from reports.selectors.visit_coverage import visit_windows
from tests.factories import HouseholdFactory, MemberFactory
from tests.reports.conftest import LIVE_SINCE, download, libreoffice_csv, registered_since
from tests.reports.test_visit_coverage_remark import month, visit

pytestmark = pytest.mark.django_db

YEAR = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
PERIOD = "period=year&date=2026-06-01"


@pytest.fixture
def e1(county) -> Household:
    household = HouseholdFactory(
        village=county.village_b, number="360425100202010", head_name="孙九", household_type=HouseholdType.ORDINARY,
        monitoring_category=MonitoringCategory.MARGINAL, monitoring_start=dt.date(2026, 1, 2),
    )  # fmt: skip
    MemberFactory(household=household, name="孙九", relation=Relation.HEAD)
    registered_since(LIVE_SINCE, household)
    return household


def died(personas, household: Household, on: dt.date) -> None:
    """The only member marked 已故 through the service, by the village's cadre."""
    member_set_status(actor=personas.cadre_b, member=household.members.get(), status=LivingStatus.DECEASED, on=on)


def test_a_household_is_due_up_to_the_month_its_only_member_died(personas, e1):
    died(personas, e1, dt.date(2026, 4, 15))

    window = visit_windows(personas.official, "", *YEAR).get(pk=e1.pk)

    assert (month(window.due_from), month(window.due_to)) == (dt.date(2026, 1, 1), dt.date(2026, 4, 1))
    assert window.due_months == 4  # January–April (before: 12)


def test_it_is_due_up_to_the_month_the_last_member_left(personas, e1):
    """Two members: the wife died in February, then the head, the last one living there, moved out in May."""
    wife = MemberFactory(household=e1, name="李氏", relation=Relation.SPOUSE)
    Member.objects.filter(pk=wife.pk).update(living_status=LivingStatus.DECEASED, status_changed_on=dt.date(2026, 2, 3))
    Member.objects.filter(household=e1, relation=Relation.HEAD).update(
        living_status=LivingStatus.MOVED_OUT, status_changed_on=dt.date(2026, 5, 20)
    )

    assert visit_windows(personas.official, "", *YEAR).get(pk=e1.pk).due_months == 5  # January–May


def test_a_household_still_lived_in_or_whose_last_day_is_unknown_stays_due(personas, e1, county):
    wife = MemberFactory(household=e1, name="李氏", relation=Relation.SPOUSE)
    Member.objects.filter(pk=wife.pk).update(living_status=LivingStatus.DECEASED, status_changed_on=dt.date(2026, 2, 3))
    assert visit_windows(personas.official, "", *YEAR).get(pk=e1.pk).due_months == 12  # the head still lives there

    # The head 已故 too, marked before the 状态变更日期 was kept: when the household emptied is not known.
    Member.objects.filter(household=e1, relation=Relation.HEAD).update(
        living_status=LivingStatus.DECEASED, status_changed_on=None
    )
    assert visit_windows(personas.official, "", *YEAR).get(pk=e1.pk).due_months == 12


def test_the_page_the_api_and_the_workbook_count_it_up_to_the_month_it_emptied(personas, registry, e1, login):
    """涂埠镇: a1, a2, a3 and b1 are 脱贫户, due all 12 months (48), and e1 January–April (4): 52, 5 households.
    e1's visits: March counts; June's (recorded before the death was marked) is after it and does not: 1."""
    visit(e1, dt.date(2026, 3, 10), personas)
    visit(e1, dt.date(2026, 6, 8), personas)
    died(personas, e1, dt.date(2026, 4, 15))
    client = login(personas.official)

    response = client.get(f"/reports/performance/?{PERIOD}")
    town = {row.region.name: row for row in response.context["p"].rows}["涂埠镇"]
    api = client.get(f"/api/v1/reports/performance/?{PERIOD}").json()
    row = next(r for r in api["rows"] if r["name"] == "涂埠镇")
    rows = libreoffice_csv(download(client.get(f"/reports/performance/export/?{PERIOD}")))
    header = next(r for r in rows if "应走访户月数" in r)
    sheet = next(r for r in rows[rows.index(header) :] if r and r[0] == "涂埠镇")

    assert (town.visit_due, town.visit_due_months, town.visit_months) == (5, 52, 1)  # before: 60 due, 2 visited
    assert (row["visit_due_months"], row["visit_months"]) == (52, 1)
    assert (sheet[header.index("应走访户月数")], sheet[header.index("已走访户月数")]) == ("52", "1")
    assert "全户成员均已故或迁出的农户计至最后一人死亡或迁出（状态变更日期）当月" in response.content.decode()
