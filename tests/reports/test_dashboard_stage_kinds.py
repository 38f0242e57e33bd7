"""在办事项所处环节 with inclusions and exits open: the exit's steps share names with the inclusion's (村级评议,
县级审批), and the list sorted every step by its position then its name across both procedures, so an exit's 县级审批
(4th of its procedure) stood before the inclusion's 县级部门比对 and one 县级审批 row counted both. Now the steps are
grouped by procedure — 识别纳入, then 风险消除, then 风险再标注 — each group headed and in its procedure's order,
each row opening the case list of that kind at that step."""

import html
import re

import pytest

from workflow.choices import CaseKind, CaseStatus, CaseStepStatus, Channel, StepKind
from workflow.models import Case, CaseStep, Step

pytestmark = pytest.mark.django_db


@pytest.fixture
def both_procedures(cases, registry, personas):
    """a1 at the inclusion's 县级部门比对 (4th) and a2 at its 县级审批 (7th); c1 at the exit's 县级审批 (4th)."""
    inclusion, exit_ = cases.procedures["identification"], cases.procedures["exit"]
    step = {
        "comparison": Step.objects.create(procedure=inclusion, order=4, code="cmp", name="县级部门比对",
                                          role="county_officer", kind=StepKind.DEPARTMENT_COMPARISON),
        "in_approval": Step.objects.create(procedure=inclusion, order=7, code="appr", name="县级审批",
                                           role="county_approver", kind=StepKind.COUNTY_APPROVAL),
        "out_approval": Step.objects.create(procedure=exit_, order=4, code="appr", name="县级审批",
                                            role="county_approver", kind=StepKind.COUNTY_APPROVAL),
    }  # fmt: skip

    def open_case(household, kind, procedure, at):
        case = Case.objects.create(
            kind=kind, household=household, procedure=procedure, channel=Channel.CADRE_VISIT,
            risk_types=["medical_cost"], discovered_on=cases.fresh.discovered_on, status=CaseStatus.OPEN,
            region_path=household.region_path, opened_by=personas.cadre_a,
        )  # fmt: skip
        CaseStep.objects.create(case=case, step=step[at], status=CaseStepStatus.OPEN)
        return case

    return {
        "comparison": open_case(registry.a1, CaseKind.IDENTIFICATION, inclusion, "comparison"),
        "in_approval": open_case(registry.a2, CaseKind.IDENTIFICATION, inclusion, "in_approval"),
        "out_approval": open_case(registry.c1, CaseKind.EXIT, exit_, "out_approval"),
    }


def test_the_steps_are_grouped_by_procedure_in_procedure_order(personas, both_procedures, login):
    client = login(personas.official)

    response = client.get("/reports/dashboard/")

    groups = [(g.label, g.rows) for g in response.context["d"].stage_groups]
    assert groups == [
        ("识别纳入", [("村级公示", 1), ("县级部门比对", 1), ("县级审批", 1)]),
        ("风险消除", [("县级审批", 1)]),
    ]
    table = html.unescape(response.content.decode().split('class="data-table stage-table"')[1].split("</table>")[0])
    shown = re.findall(
        r'<th colspan="2" scope="rowgroup" class="stage-group">(.+?)</th>|<a href="[^"]+">(\D+?)</a>', table
    )
    assert [heading or step for heading, step in shown] == [
        "识别纳入", "村级公示", "县级部门比对", "县级审批", "风险消除", "县级审批",
    ]  # fmt: skip


def test_each_row_opens_the_cases_of_its_procedure_at_that_step(personas, both_procedures, login):
    client = login(personas.official)

    table = client.get("/reports/dashboard/").content.decode().split('class="data-table stage-table"')[1]
    rows = re.findall(r'<tbody data-stage-kind="(\w+)">(.*?)</tbody>', table, re.S)
    links = {
        (kind, html.unescape(name)): html.unescape(link)
        for kind, body in rows
        for link, name in re.findall(r'<th scope="row"><a href="([^"]+)">([^<]+)</a>', body)
    }

    listed = client.get(links[("exit", "县级审批")])
    assert not listed.context["form"].errors
    assert [case.pk for case in listed.context["page"]] == [both_procedures["out_approval"].pk]
    inclusion = client.get(links[("identification", "县级审批")])
    assert [case.pk for case in inclusion.context["page"]] == [both_procedures["in_approval"].pk]


def test_the_chart_is_drawn_with_each_bar_naming_its_procedure_and_opening_what_it_counts(
    personas, both_procedures, login
):
    """Review: the chart was hidden whenever more than one kind of case was open (every county, in practice), as
    its bars' bare step names (县级审批 twice) and links (open_step only) were ambiguous."""
    client = login(personas.official)

    response = client.get("/reports/dashboard/")

    assert 'data-chart="chart-stage"' in response.content.decode()
    spec = response.context["charts"]["chart-stage"]
    assert spec["labels"] == ["识别纳入·村级公示", "识别纳入·县级部门比对", "识别纳入·县级审批", "风险消除·县级审批"]
    for label, count, link in zip(spec["labels"], spec["series"][0]["data"], spec["links"], strict=True):
        listed = client.get(link)
        assert not listed.context["form"].errors, label
        assert listed.context["page"].paginator.count == count, label
    listed = {
        label: [case.pk for case in client.get(link).context["page"]]
        for label, link in zip(spec["labels"], spec["links"], strict=True)
    }
    assert listed["风险消除·县级审批"] == [both_procedures["out_approval"].pk]
    assert listed["识别纳入·县级审批"] == [both_procedures["in_approval"].pk]


def test_one_kind_open_keeps_the_bare_step_names(personas, cases, login):
    spec = login(personas.official).get("/reports/dashboard/").context["charts"]["chart-stage"]

    assert spec["labels"] == ["村级公示"]
    assert "kind=identification" in spec["links"][0]


def test_the_api_names_each_steps_procedure(personas, both_procedures, login):
    """The API's by_stage gave bare step names: 县级审批 twice with nothing to tell the inclusion's from the exit's."""
    data = login(personas.official).get("/api/v1/reports/dashboard/").json()

    assert data["by_stage"] == [
        {"label": "村级公示", "count": 1, "kind": "identification", "procedure": "识别纳入"},
        {"label": "县级部门比对", "count": 1, "kind": "identification", "procedure": "识别纳入"},
        {"label": "县级审批", "count": 1, "kind": "identification", "procedure": "识别纳入"},
        {"label": "县级审批", "count": 1, "kind": "exit", "procedure": "风险消除"},
    ]
