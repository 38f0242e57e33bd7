"""在办识别退出事项台账 left 发现渠道 empty on an exit's row: an exit is proposed by the village committee (seed 003
§二2(5)) and its case records no channel. The row says so, or the case's own channel where it has one."""

import pytest

from tests.reports.conftest import days_ago
from tests.reports.test_ledgers_more import rows_of
from workflow.choices import CaseKind, Channel

pytestmark = pytest.mark.django_db


def test_an_exits_row_says_the_village_committee_proposed_it_or_its_own_channel(personas, cases, login, registry):
    from workflow.models import Case

    def exit_case(household, channel):
        return Case.objects.create(
            kind=CaseKind.EXIT, household=household, procedure=cases.procedures[CaseKind.EXIT], channel=channel,
            risk_types=["medical_cost"], discovered_on=days_ago(2), region_path=household.region_path,
            opened_by=personas.cadre_a,
        )  # fmt: skip

    exit_case(registry.c1, "")
    exit_case(cases.d1, Channel.CAMPAIGN)

    header, rows = rows_of(login(personas.county_officer), "open_cases")

    channel = header.index("发现渠道")
    shown = {row[3]: (row[4], row[channel]) for row in rows}
    assert shown[registry.c1.head_name] == ("风险消除", "村两委提出")
    assert shown["孙八"] == ("风险消除", "集中排查")
    assert shown["赵六"] == ("风险再标注", "基层干部排查")
