"""Editing a campaign after it started (county bureau): its name, phase dates and villages.

A village leaves the campaign only while nothing was recorded there: once a household's form or a problem is on
file, removing the village would hide them from progress, ledgers and the summary table (附件4)."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Min

from accounts.audit import audit_record
from households.models import Region
from screening.choices_campaigns import PhaseKind
from screening.models import AreaProblem, Campaign, CampaignAssignment, CampaignPhase, HouseholdProblem, ScreeningForm
from screening.services.campaign_close import ensure_open
from screening.services.campaign_roles import MSG_EDIT_ROLE, ensure_can_organise
from screening.services.campaigns import clean_campaign

MSG_VILLAGE_HAS_FORMS = "“{name}”已有{count}户填写了入户排查表，不能从排查范围中移除。"
MSG_VILLAGE_HAS_PROBLEMS = "“{name}”已登记{count}个整改问题，不能从排查范围中移除。"
MSG_FIELD_AFTER_FORMS = "入户排查阶段不能晚于{date}开始：已有入户排查表的排查日期为{date}。"
MSG_FIELD_BEFORE_FORMS = "入户排查阶段不能早于{date}结束：已有入户排查表的排查日期为{date}。"
MSG_REGION_FIXED = "组织单位创建后不能更改。"


def _phase_dates(phases: list[CampaignPhase]) -> dict[str, str]:
    return {
        PhaseKind(p.kind).label: f"{p.starts_on:%Y-%m-%d} 至 {p.ends_on:%Y-%m-%d}"
        for p in sorted(phases, key=lambda p: p.starts_on)
    }


def _field_phase_errors(campaign: Campaign, phases: list[CampaignPhase]) -> list[str]:
    """The field screening phase must still hold the forms already filled: one starting after the first form's date
    (or ending before the last's) would call them "before/after the phase", which a new form is refused for."""
    field = next((p for p in phases if p.kind == PhaseKind.FIELD_SCREENING), None)
    dates = ScreeningForm.objects.filter(campaign=campaign).aggregate(first=Min("filled_on"), last=Max("filled_on"))
    if field is None or dates["first"] is None:
        return []
    errors = []
    if field.starts_on > dates["first"]:
        errors.append(MSG_FIELD_AFTER_FORMS.format(date=dates["first"].isoformat()))
    if field.ends_on < dates["last"]:
        errors.append(MSG_FIELD_BEFORE_FORMS.format(date=dates["last"].isoformat()))
    return errors


def _removal_errors(campaign: Campaign, removed: list[Region]) -> list[str]:
    """One Chinese message per removed village that already has forms or problems in this campaign."""
    forms = dict(
        ScreeningForm.objects.filter(campaign=campaign, household__village__in=removed)
        .values_list("household__village")
        .annotate(n=Count("pk"))
        .order_by()
    )
    errors = []
    for village in removed:
        problems = (
            HouseholdProblem.objects.filter(campaign=campaign, household__village=village).count()
            + AreaProblem.objects.filter(campaign=campaign, region_path__startswith=village.path).count()
        )
        if forms.get(village.pk):
            errors.append(MSG_VILLAGE_HAS_FORMS.format(name=village.name, count=forms[village.pk]))
        elif problems:
            errors.append(MSG_VILLAGE_HAS_PROBLEMS.format(name=village.name, count=problems))
    return errors


@transaction.atomic
def campaign_update(
    *,
    actor: Any,
    campaign: Campaign,
    name: str,
    villages: list[Region],
    phases: list[dict[str, Any]],
    region: Region | None = None,
) -> Campaign:
    """Change the name, the phases' dates and the villages covered. Assignments in a removed village go with it.
    The organising region is fixed at creation (it decides who may edit the campaign): a different `region` is
    refused, not silently kept."""
    campaign = Campaign.objects.select_for_update().select_related("region").get(pk=campaign.pk)
    ensure_can_organise(actor, campaign, MSG_EDIT_ROLE)
    if region is not None and region.pk != campaign.region_id:
        raise ValidationError({"region": [MSG_REGION_FIXED]})
    ensure_open(campaign)
    cleaned = clean_campaign(
        actor=actor, name=name, region=campaign.region, villages=villages, phases=phases, campaign=campaign
    )
    old_villages = list(campaign.villages.order_by("path"))
    old_phases = list(campaign.phases.all())
    new_ids = {v.pk for v in villages}
    removed = [v for v in old_villages if v.pk not in new_ids]
    added = sorted((v for v in villages if v.pk not in {o.pk for o in old_villages}), key=lambda v: v.path)
    errors: dict[str, list[str]] = {}
    if village_errors := _removal_errors(campaign, removed):
        errors["villages"] = village_errors
    if phase_errors := _field_phase_errors(campaign, cleaned):
        errors["phases"] = phase_errors
    if errors:
        raise ValidationError(errors)
    before = {"name": campaign.name, "villages": [v.name for v in old_villages], "phases": _phase_dates(old_phases)}
    after = {
        "name": name.strip(),
        "villages": [v.name for v in sorted(villages, key=lambda v: v.path)],
        "phases": _phase_dates(cleaned),
    }
    if before == after:
        return campaign
    unassigned = CampaignAssignment.objects.filter(campaign=campaign, village__in=removed).delete()[0]
    campaign.name = after["name"]
    campaign.save(update_fields=["name"])
    campaign.villages.remove(*removed)
    campaign.villages.add(*added)
    if before["phases"] != after["phases"]:
        campaign.phases.all().delete()
        for phase in cleaned:
            phase.campaign = campaign
        CampaignPhase.objects.bulk_create(cleaned)
    parts = [f"新增{'、'.join(v.name for v in added)}" if added else ""]
    parts.append(f"移除{'、'.join(v.name for v in removed)}" if removed else "")
    parts.append(f"取消{unassigned}项排查任务" if unassigned else "")
    parts.append("调整阶段日期" if before["phases"] != after["phases"] else "")
    parts.append(f"名称改为“{campaign.name}”" if before["name"] != after["name"] else "")
    audit_record(
        actor=actor,
        action="campaign.update",
        target=campaign,
        summary=f"修改集中排查“{before['name']}”：{'；'.join(p for p in parts if p)}",
        before=before,
        after=after,
    )
    return campaign
