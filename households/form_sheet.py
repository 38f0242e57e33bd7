"""The 监测对象基础信息采集表 (seed 003 三(二)) as households.selectors.household_form_sheet fills it in.

The sheet is filled in when screening finds a household that meets the monitoring standard ("针对排查中发现符合监测
标准的农户，同时认真填写监测对象基础信息釆集表"), before any approval: while the household's inclusion is in progress
its category and risks are the ones proposed, not yet on the household. The registry knows no procedure (DESIGN.md:
dependencies point one way), so the app that holds the proposal registers where to read it
(register_sheet_proposal: workflow, the open inclusion case), and the sheet prints it marked 拟定."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from households.models import Household, HouseholdIncome, Member


@dataclass(frozen=True)
class SheetProposal:
    """A category and risks proposed for a household and not decided yet (an open inclusion case's)."""

    category: str  # households.choices.MonitoringCategory, "" when the proposal names none
    risk_types: list[str]  # households.choices.RiskType codes (主要风险, the monitoring standard's)
    national_risk_types: list[str]  # households.choices.NationalRiskType codes (风险类型)


ProposalSource = Callable[[Any, Household], SheetProposal | None]  # (actor, household)
_sources: dict[str, ProposalSource] = {}


def register_sheet_proposal(app: str, source: ProposalSource) -> None:
    """A later app's proposal for a household in its actor's scope, or None when it holds none."""
    _sources[app] = source


def sheet_proposal(*, actor: Any, household: Household) -> SheetProposal | None:
    """The first proposal a registered app holds for the household, or None."""
    for source in _sources.values():
        proposal = source(actor, household)
        if proposal is not None:
            return proposal
    return None


@dataclass(frozen=True)
class SheetMember:
    member: Member
    age: int


@dataclass(frozen=True)
class FormSheet:
    """What the sheet prints of one household: the household, its living members with their age on the day, the
    latest year's income, and the code lists as ticked boxes. `proposed` says the category and risks are an open
    inclusion's, printed 拟定, rather than the household's own."""

    household: Household
    county: str
    township: str
    village_group: str  # 新山村一组, or 新山村 when the household has no group
    members: list[SheetMember]
    income: HouseholdIncome | None
    income_total: Decimal | None  # 工资性 + 生产经营性 + 财产性 + 转移性
    net_income: Decimal | None  # the total less 生产经营性支出, the numerator of 人均纯收入
    rigid_total: Decimal | None  # 医疗 + 教育 + 灾害 + 其他刚性支出
    categories: list[tuple[str, bool]]
    household_types: list[tuple[str, bool]]
    risk_labels: list[str]  # 主要风险（监测标准）
    national_risks: list[tuple[str, bool]]
    guarantees: list[tuple[str, bool]]
    today: dt.date
    proposed: bool = False

    # Empty rows under the members, for a member the visit finds that is not registered yet.
    MIN_MEMBER_ROWS = 6

    @property
    def blank_member_rows(self) -> range:
        return range(max(self.MIN_MEMBER_ROWS - len(self.members), 1))
