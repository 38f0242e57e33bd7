"""The household screening form (入户排查表, seed 003 附件2) of a campaign: filling it in and correcting it. Each item
with a problem becomes a row of the household problem ledger (附件3).

Every error of one submission is reported at once (the date, each item, the judgement), at its field: a cadre in a
farmhouse on a phone should not have to submit twice to learn of the second mistake. What makes the whole form
impossible (an ended campaign, a household outside it, a form already filled) is said first and alone. The income,
吃穿 and risks beside the items, and the judgement's agreement with them, are screening.services.form_findings.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from households.models import Household
from households.services.closing import nobody_living_refusal
from households.services.common import ensure_can_edit, record_event
from screening.campaign_form import AT_RISK, ITEMS_BY_NUMBER, JUDGEMENT_ITEM, PROPOSE_MONITORING
from screening.choices_campaigns import PhaseKind, ProblemStatus
from screening.models import Campaign, HouseholdProblem, ScreeningForm
from screening.selectors_inclusion import inclusion_known
from screening.services.campaign_close import ensure_open
from screening.services.campaign_form_effects import form_proposal_record, form_visit_record, form_visit_restate
from screening.services.form_findings import Findings, findings_changes, findings_errors, raw_findings

MSG_HOUSEHOLD_NOT_IN_CAMPAIGN = "该户所在村不在本次集中排查的范围内。"
MSG_HOUSEHOLD_INACTIVE = "该户档案已注销，不能填写排查表。"
MSG_DUPLICATE_FORM = "该户的入户排查表已由{name}于{date}填写，不能重复提交；如需更正，请使用“修改排查表”。"
MSG_DATE_FUTURE = "排查日期不能晚于今天。"
MSG_DATE_BEFORE_PHASE = "排查日期早于本次集中排查的入户排查阶段（{start} 开始），请核对。"
MSG_DATE_AFTER_PHASE = (
    "排查日期晚于本次集中排查的入户排查阶段（{end} 结束）。确需补充排查的，请县乡村振兴局先延长入户排查阶段。"
)
MSG_UNKNOWN_ITEM = "排查表中没有第{number}项。"
MSG_UNKNOWN_QUESTION = "第{number}项“{label}”中没有这一排查内容。"
MSG_PROBLEM_TEXT_REQUIRED = "第{number}项“{label}”已勾选，请在排查问题栏中具体表述问题内容。"
MSG_QUESTION_REQUIRED = "第{number}项“{label}”填写了问题，请勾选对应的排查内容（没有对应项时勾选“其他”）。"
MSG_PROBLEM_TOO_LONG = "第{number}项的问题描述不能超过500字。"
MSG_PROPOSE_NEEDS_RISK = "拟纳入监测对象评议的农户，须先判定为疑似存在返贫致贫风险。"
MSG_ANSWERS_SHAPE = '排查内容格式不正确：每项应为 {"checked": [排查内容代码], "problem": "问题描述"}。'
MSG_PROBLEM_LOCKED = "第{number}项的问题已{status}，不能在排查表中修改或删除；请到问题台账中处理。"
MSG_PROPOSAL_KNOWN = "{reason}，勾选“拟纳入监测对象评议”不计入汇总表（附件4）的拟识别监测对象户数。"

MAX_PROBLEM_TEXT = 500


def clean_answers(
    answers: dict[Any, dict[str, Any]], *, at_risk: bool, propose_monitoring: bool
) -> dict[str, dict[str, Any]]:
    """Check the answers against the 13 items; errors are keyed "item_<n>" so a page shows them at the item.

    填表说明 1: a ticked sub-question needs the problem described, and a described problem needs its tick."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": MSG_ANSWERS_SHAPE})
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, dict[str, Any]] = {}
    for key, answer in answers.items():
        number = int(key) if str(key).isdigit() else 0
        item = ITEMS_BY_NUMBER.get(number)
        if item is None:
            errors.setdefault("__all__", []).append(MSG_UNKNOWN_ITEM.format(number=key))
            continue
        if not (
            isinstance(answer, dict)
            and isinstance(answer.get("checked") or [], list)
            and isinstance(answer.get("problem") or "", str)
        ):
            errors.setdefault(f"item_{number}", []).append(MSG_ANSWERS_SHAPE)
            continue
        codes = {q.code for q in item.questions}
        checked = list(dict.fromkeys(str(code) for code in answer.get("checked") or []))
        problem = (answer.get("problem") or "").strip()
        field, label = f"item_{number}", item.label
        if number == JUDGEMENT_ITEM:
            if problem:
                cleaned[str(number)] = {"checked": [], "problem": problem[:MAX_PROBLEM_TEXT]}
            continue
        if any(code not in codes for code in checked):
            errors.setdefault(field, []).append(MSG_UNKNOWN_QUESTION.format(number=number, label=label))
        elif checked and not problem:
            errors.setdefault(field, []).append(MSG_PROBLEM_TEXT_REQUIRED.format(number=number, label=label))
        elif problem and not checked:
            errors.setdefault(field, []).append(MSG_QUESTION_REQUIRED.format(number=number, label=label))
        elif len(problem) > MAX_PROBLEM_TEXT:
            errors.setdefault(field, []).append(MSG_PROBLEM_TOO_LONG.format(number=number))
        elif checked:
            order = [q.code for q in item.questions]
            cleaned[str(number)] = {"checked": sorted(checked, key=order.index), "problem": problem}
    if propose_monitoring and not at_risk:
        errors.setdefault("propose_monitoring", []).append(MSG_PROPOSE_NEEDS_RISK)
    if errors:
        raise ValidationError(errors)
    judgement = [code for code, on in ((AT_RISK, at_risk), (PROPOSE_MONITORING, propose_monitoring)) if on]
    if judgement or str(JUDGEMENT_ITEM) in cleaned:
        note = cleaned.get(str(JUDGEMENT_ITEM), {}).get("problem", "")
        cleaned[str(JUDGEMENT_ITEM)] = {"checked": judgement, "problem": note}
    return dict(sorted(cleaned.items(), key=lambda pair: int(pair[0])))


def _problem_items(answers: dict[str, dict[str, Any]]) -> dict[int, str]:
    """Item number → problem text, for the items that open a ledger row (1–12)."""
    return {
        int(key): answer["problem"]
        for key, answer in answers.items()
        if int(key) != JUDGEMENT_ITEM and answer.get("problem")
    }


def _duplicate_message(existing: ScreeningForm) -> str:
    name = existing.filled_by.get_full_name() or existing.filled_by.username
    return MSG_DUPLICATE_FORM.format(name=name, date=f"{existing.filled_on:%Y-%m-%d}")


def _judgement_summary(form: ScreeningForm) -> str:
    parts = ["疑似存在返贫致贫风险" if form.at_risk else ""]
    parts.append("拟纳入监测对象评议" if form.propose_monitoring else "")
    return "".join(f"，{part}" for part in parts if part)


@transaction.atomic
def form_submit(
    *,
    actor: Any,
    campaign: Campaign,
    household: Household,
    answers: dict[Any, dict[str, Any]],
    at_risk: bool = False,
    propose_monitoring: bool = False,
    filled_on: dt.date | None = None,
    per_capita_income: Any = None,
    food_clothing_problem: bool = False,
    food_clothing_note: str = "",
    risk_types: list[str] | None = None,
    confirm_judgement: bool = False,
) -> ScreeningForm:
    """Record a household's 入户排查表. Each item with a problem becomes a row of the household problem ledger.

    The filling is the household's visit (集中排查, campaign_form_effects.form_visit_record). A proposal for
    monitoring is recorded on the form and moves the household's pending hit to 已提议纳入监测 (form_proposal_record);
    opening the identification case is the workflow's. A judgement that disagrees with the answers needs
    `confirm_judgement` (form_findings.judgement_conflicts)."""
    ensure_can_edit(actor, household.region_path)
    ensure_open(campaign)
    if message := form_refusal(household):
        raise ValidationError(message)
    if not campaign.villages.filter(pk=household.village_id).exists():
        raise ValidationError(MSG_HOUSEHOLD_NOT_IN_CAMPAIGN)
    existing = ScreeningForm.objects.filter(campaign=campaign, household=household).select_related("filled_by")
    if (first := existing.first()) is not None:
        raise ValidationError(_duplicate_message(first))
    filled_on = filled_on or timezone.localdate()
    cleaned, findings, changes = _clean_form(
        None,
        campaign,
        household,
        filled_on,
        answers=answers,
        at_risk=at_risk,
        propose_monitoring=propose_monitoring,
        findings=raw_findings(per_capita_income, food_clothing_problem, food_clothing_note, risk_types),
        confirm_judgement=confirm_judgement,
    )
    try:
        # Two cadres saving the same household at once: the unique constraint decides, the loser is told who won.
        with transaction.atomic():
            form = ScreeningForm.objects.create(
                campaign=campaign,
                household=household,
                region_path=household.region_path,
                filled_by=actor,
                filled_on=filled_on,
                answers=cleaned,
                at_risk=at_risk,
                propose_monitoring=propose_monitoring,
                known_when_proposed=propose_monitoring and bool(inclusion_known(household)),
                per_capita_income=findings.per_capita_income,
                food_clothing_problem=findings.food_clothing_problem,
                food_clothing_note=findings.food_clothing_note,
                risk_types=findings.risk_types,
            )
    except IntegrityError:
        raise ValidationError(_duplicate_message(existing.get())) from None
    problems = [_new_problem(form=form, item=number, content=text) for number, text in _problem_items(cleaned).items()]
    HouseholdProblem.objects.bulk_create(problems)
    record_event(
        actor=actor,
        household=household,
        action="campaign.form_submit",
        target=form,
        summary=f"{campaign.name}：填写入户排查表，发现问题{len(problems)}个{_judgement_summary(form)}",
        changes=changes,
    )
    form_visit_record(actor=actor, form=form)
    form_proposal_record(actor=actor, form=form)
    return form


def form_refusal(household: Household) -> str:
    """Why no 入户排查表 can be filled for the household, "" when one can: a closed household, or one whose members all
    died or moved out (nobody to screen; the household is for 农户注销, closing.MSG_NOBODY_LIVING)."""
    if not household.is_active:
        return MSG_HOUSEHOLD_INACTIVE
    return nobody_living_refusal(household, "填写入户排查表")


def proposal_warning(form: ScreeningForm) -> str:
    """What the cadre is told after saving a form whose ② (拟纳入) does not count in 附件4, or ""."""
    if not (form.propose_monitoring and form.known_when_proposed):
        return ""
    reason = inclusion_known(form.household) or "该户勾选时已是监测对象或已在纳入程序中"
    return MSG_PROPOSAL_KNOWN.format(reason=reason)


def filled_on_errors(campaign: Campaign, filled_on: dt.date) -> list[str]:
    """Not after today, and within the campaign's field screening phase: a date before it is a visit of another
    year, mistyped; one after it would change a summary already reported (003 §三(四)) unless the county extends the
    phase."""
    if filled_on > timezone.localdate():
        return [MSG_DATE_FUTURE]
    phase = campaign.phases.filter(kind=PhaseKind.FIELD_SCREENING).first()
    if phase is not None and filled_on < phase.starts_on:
        return [MSG_DATE_BEFORE_PHASE.format(start=phase.starts_on.isoformat())]
    if phase is not None and filled_on > phase.ends_on:
        return [MSG_DATE_AFTER_PHASE.format(end=phase.ends_on.isoformat())]
    return []


def form_errors(
    campaign: Campaign,
    filled_on: dt.date | None,
    answers: dict[Any, dict[str, Any]],
    *,
    at_risk: bool,
    propose_monitoring: bool,
    household: Household | None = None,
    findings: dict[str, Any] | None = None,
    confirm_judgement: bool = False,
) -> dict[str, list[str]]:
    """Every error of the date (unless it is missing, which the page reports itself), of the answers and findings,
    and the judgement's disagreements not confirmed, keyed by field: what the page's form checks with its own fields
    (forms_campaigns.ScreeningFormForm.clean) and the services check again."""
    errors: dict[str, list[str]] = {}
    if filled_on is not None and (date_errors := filled_on_errors(campaign, filled_on)):
        errors["filled_on"] = date_errors
    try:
        clean_answers(answers, at_risk=at_risk, propose_monitoring=propose_monitoring)
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            errors.setdefault(key, []).extend(messages)
    judged = {"at_risk": at_risk, "propose_monitoring": propose_monitoring, "confirmed": confirm_judgement}
    _, more, _ = findings_errors(household, filled_on, answers, findings or {}, **judged)
    for key, messages in more.items():
        errors.setdefault(key, []).extend(messages)
    return errors


def _clean_form(
    form: ScreeningForm | None, campaign: Campaign, household: Household, filled_on: dt.date, **kwargs: Any
) -> tuple[dict[str, dict[str, Any]], Findings, list[dict[str, str]]]:
    """The date, answers, findings and judgement checked together (one ValidationError with every error, keyed by
    field); returns the answers, the findings and the audit's change rows for the findings, the confirmation of a
    disagreement (form_findings) among them."""
    answers, findings = kwargs.pop("answers"), kwargs.pop("findings")
    errors = form_errors(campaign, filled_on, answers, household=household, findings=findings, **kwargs)
    if errors:
        raise ValidationError(errors)
    judged = {"at_risk": kwargs["at_risk"], "propose_monitoring": kwargs["propose_monitoring"]}
    cleaned = clean_answers(answers, **judged)
    checked, _, disagrees = findings_errors(household, filled_on, answers, findings, **judged, confirmed=True)
    changes = findings_changes(Findings.of(form) if form else None, checked, confirmed=disagrees)
    return cleaned, checked, changes


def _new_problem(*, form: ScreeningForm, item: int, content: str) -> HouseholdProblem:
    return HouseholdProblem(
        campaign_id=form.campaign_id,
        household_id=form.household_id,
        form=form,
        item=item,
        region_path=form.region_path,
        problem_type=ITEMS_BY_NUMBER[item].problem_type,
        content=content,
        created_by=form.filled_by,
    )


@transaction.atomic
def form_update(
    *,
    actor: Any,
    form: ScreeningForm,
    answers: dict[Any, dict[str, Any]],
    at_risk: bool,
    propose_monitoring: bool,
    filled_on: dt.date,
    per_capita_income: Any = None,
    food_clothing_problem: bool = False,
    food_clothing_note: str = "",
    risk_types: list[str] | None = None,
    confirm_judgement: bool = False,
) -> ScreeningForm:
    """Correct a form. A problem not yet acted on follows the form (changed, added or withdrawn); one that is
    already in rectification or closed belongs to the ledger and may not be rewritten from here. The findings are
    replaced as given (the API's PATCH passes the stored ones for those it leaves out)."""
    form = ScreeningForm.objects.select_for_update().select_related("household", "campaign").get(pk=form.pk)
    ensure_can_edit(actor, form.region_path)
    ensure_open(form.campaign)
    cleaned, findings, finding_changes = _clean_form(
        form,
        form.campaign,
        form.household,
        filled_on,
        answers=answers,
        at_risk=at_risk,
        propose_monitoring=propose_monitoring,
        findings=raw_findings(per_capita_income, food_clothing_problem, food_clothing_note, risk_types),
        confirm_judgement=confirm_judgement,
    )
    old_texts, new_texts = _problem_items(form.answers), _problem_items(cleaned)
    existing = {p.item: p for p in form.problems.select_for_update().order_by("pk")}
    errors: dict[str, list[str]] = {}
    changes: list[dict[str, str]] = []
    for number in sorted(set(old_texts) | set(new_texts) | set(existing)):
        old, new, problem = old_texts.get(number, ""), new_texts.get(number, ""), existing.get(number)
        if old == new and (problem is None) == (not new):
            continue
        if problem is not None and problem.status != ProblemStatus.PENDING:
            status = problem.get_status_display()
            errors.setdefault(f"item_{number}", []).append(MSG_PROBLEM_LOCKED.format(number=number, status=status))
            continue
        changes.append({"field": f"item_{number}", "label": ITEMS_BY_NUMBER[number].label, "old": old, "new": new})
        if problem is None:
            _new_problem(form=form, item=number, content=new).save()
        elif new:
            problem.content = new
            problem.save(update_fields=["content", "updated_at"])
        else:
            problem.delete()
    if errors:
        raise ValidationError(errors)
    for field, label, value in (
        ("at_risk", "疑似存在返贫致贫风险", at_risk),
        ("propose_monitoring", "拟纳入监测对象评议", propose_monitoring),
    ):
        if getattr(form, field) != value:
            changes.append({"field": field, "label": label, "old": _yes(getattr(form, field)), "new": _yes(value)})
    changes.extend(finding_changes)
    if propose_monitoring != form.propose_monitoring:
        # Judged when ② is ticked, and kept: the case this proposal opens must not take it out of the count later.
        form.known_when_proposed = propose_monitoring and bool(inclusion_known(form.household))
    form.answers, form.at_risk, form.propose_monitoring, form.filled_on = (
        cleaned,
        at_risk,
        propose_monitoring,
        filled_on,
    )
    form.per_capita_income, form.food_clothing_problem = findings.per_capita_income, findings.food_clothing_problem
    form.food_clothing_note, form.risk_types = findings.food_clothing_note, findings.risk_types
    form.save()
    record_event(
        actor=actor,
        household=form.household,
        action="campaign.form_update",
        target=form,
        summary=f"{form.campaign.name}：修改入户排查表",
        changes=changes,
    )
    # The form's visit follows the correction (no second visit); a form filled before its filling recorded a visit
    # gets it now.
    if form.visit_id is not None:
        form_visit_restate(actor=actor, form=form)
    else:
        form_visit_record(actor=actor, form=form)
    form_proposal_record(actor=actor, form=form)
    return form


def _yes(value: bool) -> str:
    return "是" if value else "否"
