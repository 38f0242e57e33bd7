"""What filling in a household's 入户排查表 does beyond the form (screening.services.campaign_forms): it is a visit to
the household, and its ② (拟纳入监测对象评议) is a proposal for monitoring.

The visit: 003 §二(一) 入户排查 is a cadre at the door checking 两不愁三保障 and water, which is what 001 §一's monthly
visit checks, so the form records a visit of kind 集中排查 through the registry's visit service (it counts as the
month's visit, shows in the household's visits and sets the problems it found as any visit does). Recorded once,
when the form is filled; the form keeps it (ScreeningForm.visit), so a correction of the form records no second
visit: the visit follows the corrected form instead (its date, findings, risk types and notes, with the old values in
the 变更记录: households.services.visit_restate), in the form's transaction.

The proposal: a household the worklist has as a pending hit (待处理) is moved to 已提议纳入监测, as the worklist's
提议纳入监测 does (screening.services.results.result_propose), so the worklist no longer asks about it."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from config.errors import ApplicationError
from households.choices import VisitKind
from households.models import Household, Visit
from households.risk_evidence import declared_guarantees
from households.services.visit_restate import findings_before, visit_restate
from households.services.visit_stated import FINDINGS
from households.services.visits import visit_errors, visit_record
from screening.campaign_form import ITEMS_BY_NUMBER
from screening.choices import ResultStatus
from screening.models import ScreeningForm, ScreeningResult
from screening.services.results import result_propose

# Items 1–4 of 附件2 are 三保障 and water, the visit's findings of the same names; 吃穿 is the form's own finding.
FINDING_ITEMS = {1: "education_ok", 2: "medical_ok", 3: "housing_ok", 4: "water_ok"}
# The visit service's fields that the form has under another name; the rest are the whole form's.
FORM_FIELDS = {"visited_on": "filled_on", "risk_types": "risk_types"}
PROPOSAL_NOTE = "集中排查“{name}”入户排查勾选拟纳入监测对象评议"
# The key screening.visit_holds registers the form's hold under: the form restating its visit does not ask it.
FORM_HOLD = "screening"


def form_findings(form: ScreeningForm, household: Household, base: Mapping[str, bool] | None = None) -> dict[str, bool]:
    """The visit's 两不愁三保障 + water findings from the form: an item is not secured when a household question of
    it is ticked (the area questions, 填表说明 2, are the township's and departments', not the household's), or when a
    housing or water risk found says so (households.risk_evidence.RISK_GUARANTEES, which the visit service requires
    of a visit that states both). An item not ticked keeps the household's record: the form ticks the problems it
    finds (附件2: 有问题的打√), so a blank item is no finding that a problem recorded before is gone, as the visit
    service never clears one by default (visit_record). `base`: the findings an item not ticked keeps, when not the
    household's as they stand (a corrected form's visit: as they were before it, visit_restate.findings_before)."""
    base = base if base is not None else {name: bool(getattr(household, name)) for name in FINDINGS}
    problems = {"food_clothing_ok": form.food_clothing_problem}
    for number, field in FINDING_ITEMS.items():
        codes = {q.code for q in ITEMS_BY_NUMBER[number].questions if q.household}
        checked = (form.answers.get(str(number)) or {}).get("checked") or []
        problems[field] = bool(codes.intersection(str(code) for code in checked))
    for guarantee in declared_guarantees(form.risk_types):
        problems[guarantee.field] = True
    return {field: bool(base[field]) and not problem for field, problem in problems.items()}


def form_visit_record(*, actor: Any, form: ScreeningForm) -> Visit | None:
    """Record the form's visit (集中排查, on the form's date) unless it has one or is dated before the visit register
    reaches; None when none is recorded. The visit service writes the household's history row and audit event. Its
    refusals are raised keyed by the form's fields."""
    if form.visit_id is not None:
        return None
    household = Household.objects.get(pk=form.household_id)  # its findings as they stand now
    if "visited_on" in visit_errors(household=household, visited_on=form.filled_on):
        # A paper form of a campaign long past, entered now: the visit register takes no visit that old
        # (MSG_DATE_TOO_OLD), nor does any month still counted need it; the form is kept without one.
        return None
    with _at_form_fields():
        visit = visit_record(
            actor=actor,
            household=household,
            visited_on=form.filled_on,
            kind=VisitKind.CAMPAIGN,
            findings=form_findings(form, household),
            risk_found=bool(form.risk_types),
            risk_types=list(form.risk_types),
            notes=_visit_notes(form),
        )
    form.visit = visit
    form.save(update_fields=["visit", "updated_at"])
    return visit


def form_visit_restate(*, actor: Any, form: ScreeningForm) -> Visit | None:
    """A corrected form's visit follows it (households.services.visit_restate): its date, findings (an item no
    longer ticked back to the household's record before the visit), risk types and notes, unless a record resting on
    the visit refuses its new date or a risk type taken off (a case's step, a case opened from its risk: refused at
    the form's 排查日期 or 风险类型, _at_form_fields). None when the form has no visit (form_visit_record then
    records one) or its visit was voided."""
    visit = Visit.objects.filter(pk=form.visit_id, voided_at__isnull=True).select_related("household").first()
    if visit is None:
        return None
    household = Household.objects.get(pk=form.household_id)
    with _at_form_fields():
        return visit_restate(
            actor=actor,
            visit=visit,
            visited_on=form.filled_on,
            findings=form_findings(form, household, base=findings_before(visit)),
            risk_types=list(form.risk_types),
            notes=_visit_notes(form),
            reason=f"集中排查“{form.campaign.name}”的排查表已更正",
            restated_by=FORM_HOLD,
        )


def _visit_notes(form: ScreeningForm) -> str:
    return f"{form.campaign.name}：填写入户排查表，发现问题{form.problems.count()}个。"


@contextmanager
def _at_form_fields() -> Iterator[None]:
    """The visit service's refusals keyed by the form's fields (FORM_FIELDS), the others above the form."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {FORM_FIELDS.get(key, NON_FIELD_ERRORS): value for key, value in error.error_dict.items()}
        ) from None


def form_proposal_record(*, actor: Any, form: ScreeningForm) -> ScreeningResult | None:
    """Move the household's pending hit (待处理) to 已提议纳入监测 when the form ticks ②; the result moved, or None
    (not ticked, no pending hit, or someone acted on it meanwhile: the form is saved all the same)."""
    if not form.propose_monitoring:
        return None
    result = ScreeningResult.objects.filter(household_id=form.household_id, status=ResultStatus.HIT).first()
    if result is None:
        return None
    try:
        return result_propose(actor=actor, result=result, note=PROPOSAL_NOTE.format(name=form.campaign.name))
    except ApplicationError:
        return None
