"""发起识别纳入 from a campaign's 入户排查表 (workflow.campaign_openings prefills the case form): the case opened is
linked to the form ?from_form= names (ScreeningForm.case) in the same transaction as the opening, and the link is
audited on its own (the form, its campaign and the case), as an alert's verification records the case it opened.
The case page's 来源与材料 then shows the campaign and the form (selectors_case_sources)."""

from typing import Any

from django.db import transaction

from accounts.audit import audit_record
from households.models import Household
from workflow.models import Case
from workflow.services.cases import case_open


def _form_pk(query: Any) -> int | None:
    value = query.get("from_form", "")
    return int(value) if value.isascii() and value.isdigit() else None


def link_form(*, actor: Any, household: Household, query: Any, case: Case) -> Any:
    """Link the case to the household's 入户排查表 ?from_form= names and audit it (one case per form: a form already
    linked keeps its case). The form linked, or None when there is none to link."""
    from screening.models import ScreeningForm

    form_pk = _form_pk(query)
    if form_pk is None:
        return None
    form = (
        ScreeningForm.objects.select_for_update(of=("self",))
        .filter(household=household, pk=form_pk, case__isnull=True)
        .select_related("campaign")
        .first()
    )
    if form is None:
        return None
    form.case = case
    form.save(update_fields=["case", "updated_at"])
    audit_record(
        actor=actor,
        action="screening.form_case",
        summary=(
            f"“{form.campaign.name}”入户排查表（户 {household.number}，{form.filled_on:%Y-%m-%d} 排查）："
            f"据此发起{case.get_kind_display()}案件（{case.procedure.name}）"
        ),
        target=form,
        before={"case": None},
        after={"case": case.pk, "campaign": form.campaign.name},
    )
    return form


@transaction.atomic
def case_open_linked(*, actor: Any, household: Household, query: Any, **arguments: Any) -> Case:
    """services.cases.case_open, then the case linked to the 入户排查表 ?from_form= names (link_form)."""
    case = case_open(actor=actor, household=household, **arguments)
    link_form(actor=actor, household=household, query=query, case=case)
    return case
