"""在办事项所处环节 (review: the bars were the step kinds, 民主评议, 乡镇审核, 公告标识, where the case list shows
the steps' own names, and 乡镇汇总初审 and 乡镇审核 made one bar; no bar could be opened): one bar per step, under the
name the case list shows, in procedure order, each opening the case list filtered to that step."""

import pytest
from django.urls import reverse

from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, StepKind
from workflow.models import Case, CaseStep, Step

pytestmark = pytest.mark.django_db


@pytest.fixture
def township_steps(cases, registry, personas):
    """b1's re-mark at 乡镇审核, and a1's at 乡镇汇总初审 before it: both steps of the township's audit kind."""
    fresh = Case.objects.get(household=registry.b1, status=CaseStatus.OPEN)
    summary = Step.objects.create(procedure=fresh.procedure, order=4, code="summary", name="乡镇汇总初审",
                                  role="township_officer", kind=StepKind.TOWNSHIP_AUDIT)  # fmt: skip
    audit = Step.objects.create(procedure=fresh.procedure, order=5, code="audit", name="乡镇审核",
                                role="township_officer", kind=StepKind.TOWNSHIP_AUDIT)  # fmt: skip
    other = Case.objects.create(
        kind=CaseKind.REMARK, household=registry.a1, procedure=fresh.procedure, channel=Channel.CADRE_VISIT,
        risk_types=["medical_cost"], discovered_on=fresh.discovered_on, status=CaseStatus.OPEN,
        region_path=registry.a1.region_path, opened_by=personas.cadre_a,
    )  # fmt: skip
    CaseStep.objects.create(case=other, step=summary, status=CaseStepStatus.OPEN)
    CaseStep.objects.create(case=fresh, step=audit, status=CaseStepStatus.OPEN)
    return other, fresh


def test_the_bars_are_the_case_lists_steps_and_each_opens_its_cases(personas, township_steps, login):
    at_summary, at_audit = township_steps
    client = login(personas.official)

    response = client.get("/reports/dashboard/")

    d = response.context["d"]
    assert d.by_stage == [("村级公示", 1), ("乡镇汇总初审", 1), ("乡镇审核", 1)]
    spec = response.context["charts"]["chart-stage"]
    # Two kinds open (an inclusion and re-marks): each bar names its procedure.
    assert spec["labels"] == ["识别纳入·村级公示", "风险再标注·乡镇汇总初审", "风险再标注·乡镇审核"]
    # The inclusion's step and the re-marks' are two groups: the bars' links name the kind, as the table's do.
    page = response.content.decode()
    link = spec["links"][1]
    assert "kind=remark" in link
    assert link.startswith(reverse("workflow:cases") + "?") and f'href="{link.replace("&", "&amp;")}"' in page
    listed = client.get(link)
    assert listed.status_code == 200 and not listed.context["form"].errors
    assert [case.pk for case in listed.context["page"]] == [at_summary.pk]
    assert [case.pk for case in client.get(spec["links"][2]).context["page"]] == [at_audit.pk]


def test_a_townships_bars_open_its_cases_only(personas, township_steps, county, login):
    client = login(personas.official)

    spec = client.get(f"/reports/dashboard/?region={county.township.code}").context["charts"]["chart-stage"]

    assert f"village={county.township.code}" in spec["links"][0]
    assert client.get(spec["links"][0]).context["form"].errors == {}
