"""Every 逾期事项 tile on the dashboard opens the list of what it counts (review of reports, finding 2), in the region
shown, and that list counts as many: 公示期满未办结 and 超过办结时限 the overdue page's two reasons, 上月未走访 the
household list, 预警超期未核实 the alert worklist's 已逾期, 回访超期 the return visits already overdue. For the official
(the county), the county officer drilled into a township and a village, and the township officer.

Fixtures: tests/reports/conftest.py (cases: a3's identification past its 15-day limit, b1's re-mark fresh) and
fixtures_departments.py (c1's alert overdue; a1's, a3's and c1's return visits overdue); here b1's re-mark has a
publicity ended yesterday and c1 (虬津镇) a re-mark past both."""

import html
import re

import pytest

from tests.reports.conftest import days_ago
from workflow.choices import CaseKind, CaseStepStatus, Channel, StepKind
from workflow.models import Case, CaseStep, Step

pytestmark = pytest.mark.django_db

TILES = ("公示期满未办结", "超过办结时限", "上月未走访的监测户和脱贫户", "预警超期未核实", "回访超期")
TILE = re.compile(r'<a class="stat-card[^"]*" data-overdue="([^"]+)" href="([^"]+)">')


@pytest.fixture
def late(cases, departments, registry, personas):
    remark = cases.procedures[CaseKind.REMARK]
    publicity = Step.objects.create(
        procedure=remark, order=1, code="publicity", name="村级公示", role="village_cadre",
        kind=StepKind.PUBLICITY, days=5,
    )  # fmt: skip
    CaseStep.objects.create(case=cases.fresh, step=publicity, status=CaseStepStatus.OPEN, ends_on=days_ago(1))
    c1 = Case.objects.create(
        kind=CaseKind.REMARK, household=registry.c1, procedure=remark, channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"], discovered_on=days_ago(30), region_path=registry.c1.region_path,
        opened_by=personas.cadre_a,
    )  # fmt: skip
    CaseStep.objects.create(case=c1, step=publicity, status=CaseStepStatus.OPEN, ends_on=days_ago(3))
    return cases


def tiles(client, query: str = "") -> dict[str, tuple[int, str]]:
    response = client.get(f"/reports/dashboard/{query}")
    counts = {item.label: item.count for item in response.context["d"].overdue}
    links = {label: html.unescape(href) for label, href in TILE.findall(response.content.decode())}
    assert set(links) == set(TILES)
    return {label: (counts[label], links[label]) for label in TILES}


def listed(client, link: str) -> int:
    response = client.get(link)
    assert response.status_code == 200, link
    form = response.context.get("form")
    assert form is None or not form.errors, (link, form.errors)
    # The 超过办结时限 tab lists the self-applications waiting past the limit too (test_dashboard_overdue_applications).
    applications = response.context.get("applications")
    return response.context["page"].paginator.count + (applications.count if applications else 0)


@pytest.mark.parametrize(
    ("who", "region", "expected"),
    [
        # 回访超期: a1 and c1, and a3, a 脱贫户 helped under its plan (assistance.following.assisted_q).
        ("official", "", {"公示期满未办结": 2, "超过办结时限": 2, "预警超期未核实": 1, "回访超期": 3}),
        ("county_officer", "township2", {"公示期满未办结": 1, "超过办结时限": 1, "预警超期未核实": 1, "回访超期": 1}),
        ("county_officer", "village_a", {"公示期满未办结": 0, "超过办结时限": 1, "预警超期未核实": 0, "回访超期": 2}),
        ("township", "", {"公示期满未办结": 1, "超过办结时限": 1, "预警超期未核实": 0, "回访超期": 2}),
    ],
)
def test_each_overdue_tile_opens_a_list_of_as_many(personas, county, late, login, who, region, expected):
    client = login(getattr(personas, who))

    shown = tiles(client, f"?region={getattr(county, region).code}" if region else "")

    assert {label: count for label, (count, _) in shown.items() if label in expected} == expected
    for label, (count, link) in shown.items():
        assert listed(client, link) == count, (label, link)


def test_the_links_name_the_list_and_the_region(personas, county, late, login):
    shown = tiles(login(personas.county_officer), f"?region={county.township2.code}")

    code, path = county.township2.code, county.township2.path
    assert shown["公示期满未办结"][1] == f"/workflow/overdue/?reason=publicity_ended&township={code}"
    assert shown["超过办结时限"][1] == f"/workflow/overdue/?reason=past_limit&township={code}"
    assert shown["预警超期未核实"][1] == f"/alerts/?status=overdue&village={code}"
    assert shown["回访超期"][1] == f"/assistance/return-visits/?show=overdue&township={path}"
    county_wide = tiles(login(personas.official))
    assert county_wide["超过办结时限"][1] == "/workflow/overdue/?reason=past_limit"
    assert county_wide["回访超期"][1] == "/assistance/return-visits/?show=overdue"
