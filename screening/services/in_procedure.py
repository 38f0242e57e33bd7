"""A screening result whose household has an inclusion case open is in that case's hands (000 §三(三); DOMAIN.md
"Identification procedure"): once the procedure has started, it ends inside it, withdrawn or refused at a step, never
by a 核实不纳入 on the worklist, which would have the screening ledger say "checked, not included" while the case says
"being included".

So the result is 已提议纳入监测 while the case is open, whatever the route: a case opened on a hit proposes it
(workflow.services.case_opening.take_up_screening_hit); a hit that appears while a case is open (a run after the
household changed — the opening itself may declare an unsafe house —, the county's 不予排除) is taken up here the same
way; and a dismissal is refused. When the case ends without inclusion the proposal goes back to 待处理 with how it
ended (screening.receivers → results.result_reopen)."""

from typing import Any

from django.db.models import QuerySet

from screening.choices import ResultStatus
from screening.models import ScreeningResult
from screening.selectors_inclusion import case_words, inclusion_cases_open, open_inclusion_cases

MSG_DISMISS_IN_PROCEDURE = (
    "该户的{case}正在办理，不能核实不纳入：纳入程序启动后须在程序内办结。"
    "如核实不应纳入，请在案件中撤回或在相应环节作出不通过决定。"
)
TAKE_UP_NOTE = "该户{case}正在办理，筛查结果随案件办理"
STATUS_LABEL = "筛查结果状态"


def status_change(old: str, new: str) -> list[dict[str, str]]:
    """The history row's and audit event's record of the result's status, old → new (a dismissal from 待处理 and
    one from 已排除 read alike in the summary)."""
    return [{"field": "status", "label": STATUS_LABEL, "old": ResultStatus(old).label, "new": ResultStatus(new).label}]


def dismiss_refusal(*, household_id: int) -> str:
    """Why the household's screening result may not be dismissed ("" when it may): an inclusion case is open."""
    case = inclusion_cases_open([household_id]).get(household_id)
    return MSG_DISMISS_IN_PROCEDURE.format(case=case) if case else ""


def results_take_up(*, results: QuerySet[ScreeningResult], actor: Any = None) -> dict[int, int]:
    """Propose the hits among `results` whose household has an inclusion case open, each through the results'
    one status change (results.result_move, with its history row; `actor`: whoever made it a hit again, None for
    a run). A result someone acted on meanwhile keeps their act. Returns {household id: the case's id} of those
    taken up (a run logs them as handed to that case: run_apply.log_taken_up)."""
    from screening.services.results import result_move  # results asks this module first (dismiss_refusal)

    hits = results.filter(status=ResultStatus.HIT)
    taken: dict[int, int] = {}
    for household_id, case in open_inclusion_cases(hits.values("household_id")).items():
        result = hits.filter(household_id=household_id).first()
        note = TAKE_UP_NOTE.format(case=case_words(case))
        if result is not None and result_move(actor=actor, result=result, action="propose", note=note):
            taken[household_id] = case.pk
    return taken
