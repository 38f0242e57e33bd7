"""发起识别纳入 from a campaign's 入户排查表 (集中排查, seed 003 §二): the case form is prefilled from the form (channel
集中排查, the risks it found, discovered on the day it was filled) and the case opened is linked to the form
(ScreeningForm.case, services.campaign_case, audited), which the campaign's household list and the form then show
instead of the button, and the case page's 来源与材料 shows the campaign and the form."""

from typing import Any

from households.choices import RiskType
from households.models import Household
from workflow.choices import Channel

MSG_FROM_FORM = (
    "已按 {form.filled_on:%Y-%m-%d} {filler}填写的“{form.campaign.name}”入户排查表预填发现渠道（集中排查）、"
    "风险类型和发现日期，请核实。"
)


def campaign_form(*, household: Household, form_pk: str) -> Any:
    """The household's (already scoped) 入户排查表 ?from_form= names, when it proposed monitoring or found a risk and
    no case was opened from it yet; None for any other id."""
    from screening.models import ScreeningForm

    if not (form_pk.isascii() and form_pk.isdigit()):
        return None
    form = (
        ScreeningForm.objects.filter(household=household, pk=int(form_pk), case__isnull=True)
        .select_related("campaign", "filled_by")
        .first()
    )
    return form if form is not None and (form.propose_monitoring or form.at_risk) else None


def form_case_prefill(*, household: Household, form_pk: str) -> tuple[dict[str, Any], str]:
    """The case form's values from the 入户排查表 (campaign_form) and the notice saying so; ({}, "") for none."""
    form = campaign_form(household=household, form_pk=form_pk)
    if form is None:
        return {}, ""
    risks = [code for code in form.risk_types if code in RiskType.values]
    initial = {"channel": Channel.CAMPAIGN, "risk_types": risks, "discovered_on": form.filled_on}
    filler = form.filled_by.get_full_name() or form.filled_by.username
    return initial, MSG_FROM_FORM.format(form=form, filler=filler)


def case_prefill(*, household: Household, query: Any) -> tuple[dict[str, Any], str]:
    """The case form's values and where they come from: the 入户排查表 ?from_form= names (form_case_prefill), else
    a visit's (selectors_openings.case_prefill: ?from_visit=, or the latest visit that found a risk)."""
    from workflow.selectors_openings import case_prefill as visit_prefill

    if form_pk := query.get("from_form", ""):
        return form_case_prefill(household=household, form_pk=form_pk)
    return visit_prefill(household=household, visit_pk=query.get("from_visit", ""))
