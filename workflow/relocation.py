"""A household is not moved to another village (households.services.relocation) while the old village holds work
on it that cannot follow: an open case (its village review and publicity were held there, 000 §三(三)2: the
procedure is the village's) or a 自主申报 joined to it still waiting for the village's verification. Each is finished
(办结 or 终止, 纳入程序 or 不予纳入) first; the new village then starts what is still needed."""

from households.models import Household
from workflow.choices import CaseStatus
from workflow.choices_applications import PENDING_STATUSES
from workflow.models import Case
from workflow.models.applications import Application

MSG_OPEN_CASE = "该户有办理中的“{case}”案件（{opened}起），由原村办理，请先办结或撤回该案件，再办理整户迁移。"
MSG_PENDING_APPLICATION = "该户有待核实的自主申报（受理号 {receipt}），请原村先核实办理，再办理整户迁移。"


def relocation_refusal(household: Household) -> str:
    case = Case.objects.filter(household=household, status=CaseStatus.OPEN).order_by("pk").first()
    if case is not None:
        return MSG_OPEN_CASE.format(case=case.get_kind_display(), opened=f"{case.discovered_on:%Y-%m-%d}")
    application = Application.objects.filter(household=household, status__in=PENDING_STATUSES).order_by("pk").first()
    if application is not None:
        return MSG_PENDING_APPLICATION.format(receipt=application.receipt_no)
    return ""


def register() -> None:
    from households.services.relocation import register_relocate_blocker

    register_relocate_blocker(relocation_refusal)
