"""The leading group's 批复 that a county approval is recorded under: its 批复文号 and 批复日期, for a single approval
(services.cases.case_act) and a batch (services.batches) alike.

- A 批复日期 is not before the case's last step before the approval: the leading group decides on what the village,
  the township and the county bureau reported (000 §三(三)5), so not before that was done, nor before the risk was
  found. A date typed 25 years early would print on the township's announcement and disagree with 纳入监测日期.
- One 批复文号 is one 批复 with one date. The same number with the same date is the same 批复 entered as several
  batches (a batch page shows 50 rows; a decision may cover more households); the same number with another date is
  refused, naming the batch that holds it.
- Numbers are the same number when they differ only in how they were typed: the year's brackets (〔〕 is the
  standard's, typed also as [] 【】 () （） ［］ ﹝﹞ 〖〗), full-width digits and letters, and spaces
  (number_key). A number new to the county is kept and printed as typed; one on file already is recorded as the
  county's first batch under it spells it (number_on_file), so one 批复 prints one way in the ledgers.
- A decision is a 批复 either way (records_decision): 000 §三(三)5 has the county bureau "报县委农村工作领导小组审批，
  批复相关乡镇", and the township is answered by the leading group's document whether it approves or refuses, as
  the batch page's 不予批准 always was. So a 不通过 at a county approval that asks a number needs its 批复文号 as a
  通过 does, and is dated and checked the same way; a 退回乡镇补正 is the bureau's, before the decision, and is none.
- A single decision is recorded as a one-case batch (批准 or 不予批准), so that 审批批次, the batch's announcement and
  the ledgers find every decision under its 批复文号, its note written as a batch's (批复文号：X（YYYY-MM-DD）). Its
  批复日期 is the one given, checked as a batch's (record_checks), else the date of its number's earlier batches if
  any (the same 批复), else the day it is recorded."""

import datetime as dt
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import F, Func, QuerySet, Value
from django.utils import timezone

from accounts.scoping import user_scope_prefix
from config.errors import ApplicationError
from workflow.choices import CaseStepStatus, Outcome, StepKind
from workflow.models import Batch, BatchDecision, BatchItem, Case, CaseStep, Step
from workflow.services.batch_snapshots import case_snapshots

DOCUMENT_NUMBER_LIMIT = Batch._meta.get_field("document_number").max_length
MSG_TOO_LONG = "不能超过 {limit} 字。"
# The one example every form and message gives (the batch page's, the case page's, the API's): no county's own
# prefix (永…), as every county running a procedure with a numbered county approval sees them; 农组字 for the
# 县委农村工作领导小组 that decides (000 §三(三)5).
NUMBER_EXAMPLE = "××农组字〔2026〕12号"
MSG_NUMBER_FORM = f"批复文号应由机关代字、括号内的四位年份和以“号”结尾的序号组成，例如：{NUMBER_EXAMPLE}。"
MSG_DOCUMENT_NUMBER = "县级审批通过或不通过，均须填写领导小组的批复文号。"
MSG_DATE_FUTURE = "批复日期不能晚于今天。"
MSG_DATE_NOT_HERE = "批复日期只在县级审批“通过”或“不通过”时填写，本环节不填。"
MSG_ON_FILE = "按已有批复文号“{number}”记录（所填“{typed}”与之为同一文号）。"
MSG_DATE_BEFORE = "批复日期 {day} 早于以下农户上报审批前的最后办理日期，请核对：{names}"
MSG_NUMBER_OTHER_DATE = (
    "批复文号“{number}”已用于 {day} 的批复（{batches}）。同一批复请填写相同的批复日期，不同批复请使用不同文号。"
)
MSG_SINGLE_NUMBER_EARLY = (
    "批复文号“{number}”已用于 {day} 的批复（{batches}），早于本案上报审批前的最后办理日期（{floor}）：请核对批复文号。"
)
DISCOVERED = "发现日期"
FLOOR_DONE = "“{step}”办结"
FLOOR_SKIPPED = "“{step}”免于比对"
# number_key: each bracket to 〔 or 〕, full-width digits and letters to ASCII, spaces dropped (no counterpart).
_WIDE = "".join(chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
_KEY_FROM = "[【(（［﹝〖]】)）］﹞〗" + _WIDE + " \u3000\u00a0\t"
_KEY_TO = "〔" * 7 + "〕" * 7 + "".join(chr(ord(c) - 0xFEE0) for c in _WIDE)
_KEY_TABLE = str.maketrans(_KEY_FROM[: len(_KEY_TO)], _KEY_TO, _KEY_FROM[len(_KEY_TO) :])


# The outcomes of a county approval that are the leading group's 批复, with the batch decision each is recorded as.
DECISIONS = {Outcome.PASS: BatchDecision.APPROVE, Outcome.REJECT: BatchDecision.REJECT}


def records_decision(step: Step, outcome: str) -> bool:
    """Whether acting `outcome` on `step` is the leading group's 批复, with its number and date: a 通过 or 不通过 of
    a county approval that asks a 批复文号 (Step.needs_approval_number; not the county bureau's 审定, 001 §五)."""
    return step.kind == StepKind.COUNTY_APPROVAL and step.needs_approval_number and outcome in DECISIONS


def decision_number_problem(document_number: str) -> str:
    """The message refusing a decision's 批复文号 (records_decision): none typed, or one that is no document number
    ("" when it will do). The case page's form says it at the field; services.cases.case_act refuses it too."""
    if not (document_number or "").strip():
        return MSG_DOCUMENT_NUMBER
    return number_form_problem(document_number)


def approval_note(document_number: str, note: str, decided_on: dt.date | None = None) -> str:
    """The approval step's note: 批复文号：X（YYYY-MM-DD），opinion (selectors_cases.APPROVAL_NOTE reads it back)."""
    head = f"批复文号：{document_number}" + (f"（{decided_on.isoformat()}）" if decided_on else "")
    return head + (f"，{note}" if note else "")


def decision_floors(cases: list[Case], steps: dict[int, CaseStep]) -> dict[int, tuple[dt.date, str]]:
    """The earliest 批复日期 each case allows, with what set it: the day its last step before the approval step
    `steps[case.pk]` was done (the township's publicity, say), else the day its risk was found.

    The last step is the one done last, by the time it was done: a publicity that ran beside the township's audit
    (001: Hebei's parallel steps) may end after it, and two steps done on the same day are told apart by the hour,
    not by whichever row the database returns first. A comparison the county bureau decided to skip (免于比对, 001
    §四) was done that day too; a step skipped because the case closed has no acted_at."""
    floors = {case.pk: (case.discovered_on, DISCOVERED) for case in cases}
    rows = (
        CaseStep.objects.filter(
            case_id__in=list(floors),
            status__in=[CaseStepStatus.DONE, CaseStepStatus.SKIPPED],
            acted_at__isnull=False,
        )
        .order_by("acted_at", "step__order")
        .values_list("case_id", "step__order", "step__name", "outcome", "acted_at")
    )
    last: dict[int, tuple[dt.date, str]] = {}
    for case_id, order, name, outcome, acted_at in rows:
        if order < steps[case_id].step.order:
            done = FLOOR_SKIPPED if outcome == Outcome.SKIP else FLOOR_DONE
            last[case_id] = (timezone.localdate(acted_at), done.format(step=name))  # by time: the latest stays
    for case_id, (day, words) in last.items():
        # A step done on the day the risk was found is still the one the 批复 follows.
        if day >= floors[case_id][0]:
            floors[case_id] = (day, words)
    return floors


def _floor_words(floor: tuple[dt.date, str]) -> str:
    return f"{floor[1]} {floor[0].isoformat()}"


def date_problems(cases: list[Case], steps: dict[int, CaseStep], decided_on: dt.date) -> str:
    """The message refusing `decided_on` for these cases ("" when none is decided before it may be)."""
    floors = decision_floors(cases, steps)
    early = [case for case in cases if decided_on < floors[case.pk][0]]
    if not early:
        return ""
    names = "；".join(
        f"{case.household.head_name or case.household.number}（{_floor_words(floors[case.pk])}）" for case in early
    )
    return MSG_DATE_BEFORE.format(day=decided_on.isoformat(), names=names)


def number_key(document_number: str) -> str:
    """The 批复文号 as compared: 永党农字[2026]91号 and 永党农字〔２０２６〕 91号 are 永党农字〔2026〕91号."""
    return document_number.translate(_KEY_TABLE)


# A 发文字号 (GB/T 9704: 机关代字〔年份〕序号): the agency's code, the year in brackets, the sequence ending in 号,
# read on number_key (so [2026], （2026）, 【2026】 and full-width digits are the standard's 〔2026〕 here too).
_NUMBER_FORM = re.compile(r"[^〔〕]+〔[0-9]{4}〕第?[0-9]+号")


def number_form_problem(document_number: str) -> str:
    """The message refusing a 批复文号 that is not a document number ("" when it is one, or when none is typed: the
    callers say a missing one their own way). The approval cannot be undone and the number prints on the 公告."""
    typed = (document_number or "").strip()
    if not typed or _NUMBER_FORM.fullmatch(number_key(typed)):
        return ""
    return MSG_NUMBER_FORM


def number_form_precheck() -> dict[str, str]:
    """number_form_problem as the case page checks it before its "提交后不能撤回" question (static/js/step_precheck.js,
    through services.step_inputs): the same pattern, on the number folded as number_key folds it (each character of
    fold_from to the one at its place in fold_to, those of fold_drop dropped), with the same message."""
    return {
        "pattern": _NUMBER_FORM.pattern,
        "fold_from": _KEY_FROM[: len(_KEY_TO)],
        "fold_to": _KEY_TO,
        "fold_drop": _KEY_FROM[len(_KEY_TO) :],
        "message": MSG_NUMBER_FORM,
    }


def keyed_batches() -> QuerySet[Batch]:
    """Every batch with its 批复文号 as compared (number_key, in SQL: PostgreSQL's translate drops the characters it
    has no counterpart for), as the alias `number_key` to filter on: the same number however it was typed."""
    key = Func(F("document_number"), Value(_KEY_FROM), Value(_KEY_TO), function="TRANSLATE")
    return Batch.objects.alias(number_key=key)


def decided_under_number(q: str) -> QuerySet[Any] | None:
    """The ids of the cases decided under `q` read as a whole 批复文号 (in whichever spelling), or None when `q` is
    no document number (number_form_problem): the case list's search (workflow.selectors.case_filter) then reads no
    batch at all. Batches are one row per 批复 entered, a county's few thousand at most; unscoped: the caller's
    cases are."""
    if not q or number_form_problem(q):
        return None
    batches = keyed_batches().filter(number_key=number_key(q)).values("pk")
    return BatchItem.objects.filter(batch__in=batches).values("case_id")


def same_number(prefix: str, document_number: str) -> QuerySet[Batch]:
    """The batches recorded in this county (the deciding user's scope) under the 批复文号 however it was typed
    (keyed_batches), oldest first."""
    batches = keyed_batches().filter(region_path=prefix)
    return batches.filter(number_key=number_key(document_number)).order_by("decided_on", "pk")


def same_decision(batch: Batch) -> list[Batch]:
    """The batches the 批复 that `batch` was entered under records with `batch`'s decision, oldest first, `batch`
    among them: what its printed list and its announcement cover (one 批复文号 is one 批复)."""
    return [row for row in same_number(batch.region_path, batch.document_number) if row.decision == batch.decision]


def _batch_words(batch: Batch) -> str:
    """审批批次 3（2026-12-04 批准 3 户）; a one-case batch (a single approval, as the approver saw it) by its
    household and case: 蔡东户，案件6，2026-12-04 批准."""
    item = batch.items.select_related("case__household").first() if batch.count == 1 else None
    if item is None:
        return f"审批批次 {batch.pk}（{batch.decided_on.isoformat()} {batch.get_decision_display()} {batch.count} 户）"
    household = item.case.household
    name = household.head_name or household.number
    return f"{name}户，案件{item.case_id}，{batch.decided_on.isoformat()} {batch.get_decision_display()}"


def describe(batches: list[Batch]) -> str:
    """审批批次 3（2026-12-04 批准 3 户）；蔡东户，案件6，2026-12-04 批准."""
    return "；".join(_batch_words(batch) for batch in batches)


def number_clash(prefix: str, document_number: str, decided_on: dt.date) -> str:
    """The message refusing the number with this date when it is recorded with another one ("" otherwise)."""
    other = [batch for batch in same_number(prefix, document_number) if batch.decided_on != decided_on]
    if not other:
        return ""
    return MSG_NUMBER_OTHER_DATE.format(
        number=document_number, day=other[0].decided_on.isoformat(), batches=describe(other)
    )


def number_on_file(prefix: str, document_number: str) -> str:
    """The 批复文号 as the county's first batch under it spells it (same_number), else as typed: one 批复 is
    recorded, and printed in the ledgers, one way."""
    first = same_number(prefix, document_number).order_by("pk").values_list("document_number", flat=True).first()
    return first or document_number


def on_file_words(actor: Any, document_number: str, outcome: str = Outcome.PASS) -> str:
    """What a confirmation says when the number typed is recorded as on file in another spelling ("" otherwise, and
    for an act other than a decision, which records no number)."""
    typed = (document_number or "").strip() if outcome in DECISIONS else ""
    on_file = number_on_file(user_scope_prefix(actor) or "", typed) if typed else ""
    return MSG_ON_FILE.format(number=on_file, typed=typed) if on_file != typed else ""


def record_checks(
    prefix: str, cases: list[Case], steps: dict[int, CaseStep], document_number: str, decided_on: dt.date
) -> None:
    """The 批复's own checks against the cases and the batches before it, for a batch and a single approval alike:
    a date in the future or before a case's last step before the approval, a number recorded with another date."""
    errors = {}
    if clash := number_clash(prefix, document_number, decided_on):
        errors["document_number"] = clash
    if decided_on > timezone.localdate():
        errors["decided_on"] = MSG_DATE_FUTURE
    elif early := date_problems([case for case in cases if case.pk in steps], steps, decided_on):
        errors["decided_on"] = early
    if errors:
        raise ValidationError(errors)


def single_decision(
    *, actor: Any, case: Case, case_step: CaseStep, deciding: bool, number: str, on: dt.date | None
) -> tuple[str, dt.date | None]:
    """The 批复文号 and 批复日期 of an act on a case's own page or through the API (services.cases.case_act): for a
    decision (records_decision), its number as on file (number_on_file) and the date given, checked as a batch's is
    (record_checks), else single_decision_date. A date given at any other act is refused, not dropped."""
    if not deciding:
        if on is not None:
            raise ValidationError({"decided_on": MSG_DATE_NOT_HERE})
        return number, None
    if not number:
        return number, on  # case_act asks for the number
    prefix = user_scope_prefix(actor) or ""
    if on is None:
        on = single_decision_date(prefix=prefix, case=case, case_step=case_step, document_number=number)
    else:
        record_checks(prefix, [case], {case.pk: case_step}, number, on)  # its messages name the number as typed
    return number_on_file(prefix, number), on


def number_date(prefix: str, document_number: str) -> dt.date:
    """The 批复日期 left blank: that of the number's earlier batches in the county (the same 批复), else today."""
    earlier = same_number(prefix, document_number).values_list("decided_on", flat=True).first()
    return earlier or timezone.localdate()


def single_decision_date(*, prefix: str, case: Case, case_step: CaseStep, document_number: str) -> dt.date:
    """A single decision's 批复日期 when none is given: its number's earlier batches' (the same 批复), else today.
    Raises the message when that date is before the case allows (services.cases.case_act shows it)."""
    earlier = list(same_number(prefix, document_number))
    if not earlier:
        return timezone.localdate()
    day = earlier[0].decided_on
    floor = decision_floors([case], {case.pk: case_step})[case.pk]
    if day < floor[0]:
        raise ApplicationError(
            MSG_SINGLE_NUMBER_EARLY.format(
                number=document_number, day=day.isoformat(), batches=describe(earlier), floor=_floor_words(floor)
            )
        )
    return day


def single_batch_record(
    *, actor: Any, prefix: str, case: Case, outcome: str, document_number: str, decided_on: dt.date, note: str
) -> Batch:
    """The one-case batch of a single decision (批准 for a 通过, 不予批准 for a 不通过: DECISIONS), with the household
    as decided on (the caller recorded the decision)."""
    batch = Batch.objects.create(
        decision=DECISIONS[Outcome(outcome)],
        document_number=document_number,
        decided_on=decided_on,
        note=note,
        region_path=prefix,
        actor=actor,
        count=1,
    )
    case = Case.objects.select_related("household__village__parent").get(pk=case.pk)
    BatchItem.objects.create(
        batch=batch, case=case, region_path=case.region_path, snapshot=case_snapshots([case])[case.pk]
    )
    return batch
