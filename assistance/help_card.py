"""The 明白卡 of a household (seed 004 §(二十四): 各镇（街）要制作相关帮扶政策告知书或明白卡供脱贫户和监测对象阅读，
告知脱贫户自主申报方式和途径，告知监测对象政策享受情况): one A4 card per 脱贫户 or 监测对象 with how to apply by
itself, its help contact, and for a monitored household the measures of its plan. The ways to apply: the village
cadres and the village's 驻村工作队 (000 §三(二) 村干部和驻村工作队定期排查), each with their account's phone, none
printed where the account has none (only the system admin sets it); the village's own 自主申报 QR code and address,
the poster's (000 §三(二) 自主申报APP二维码; made on the first card or poster: workflow.services.application_public);
the national 全国防止返贫监测信息系统手机APP and the 12317 line (003 §二2(4)); the township's and the county's 监督电话,
each under its own body's name, a blank line where none is set (households.selectors_phones). The head's ID number
is always masked, and the member names none but the head; printing it is audited (accounts.audit)."""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone

from accounts.audit import audit_record
from accounts.roles import Role
from assistance.choices import MeasureStatus
from assistance.contact_shown import shown_contact
from assistance.models import Plan, PlanMeasure
from households import selectors as household_selectors
from households.choices import HouseholdType, LivingStatus, Relation
from households.idnumber import mask
from households.models import Household, Region
from households.selectors_phones import supervision_phone
from workflow.models.applications import ApplicationLink
from workflow.selectors_applications import application_link_active
from workflow.services.application_public import application_link_for

HELP_CARD_PRINT = "households.help_card_print"


@dataclass
class HelpCard:
    household: Household
    kind: str  # 脱贫户 / 监测对象（类别）
    head_id_masked: str
    township: str
    county: str
    village_cadres: list[tuple[str, str]]  # (name, phone)
    work_team: list[tuple[str, str]]  # (name, phone) of the village's 驻村工作队 members
    township_phone: str
    county_phone: str
    contact_name: str
    contact_phone: str
    # A person without an account: their unit and title (assistance.contact_shown); "" for an account.
    contact_unit: str
    # A contact who can serve no more (deactivated: assistance.contact_shown.CONTACT_DEACTIVATED): the card prints
    # 待调整 with a blank to write the new one in, and the page warns before printing, naming them (`contact_left`).
    contact_state: str
    contact_left: str
    monitored: bool
    measures: list[PlanMeasure] = field(default_factory=list)
    apply_link: ApplicationLink | None = None  # the village's QR code; None: none printed yet, for a reader
    today: dt.date | None = None


def _apply_link(actor: Any, village: Region) -> ApplicationLink | None:
    """The village's active self-application link, made here as the poster makes it when the actor may (a village
    cadre, the township, the county); a reader without registry rights prints the one in use, if any."""
    try:
        return application_link_for(actor=actor, village=village)
    except PermissionDenied:
        return application_link_active(village=village)


# At most this many of each (村“两委”干部, 驻村工作队) on the card: with the measures it still prints on one A4 page.
PEOPLE_PER_ROLE = 3


def _village_people(village: Region, role: str) -> list[tuple[str, str]]:
    """(name, phone) of the village's active accounts of the role, the first made first."""
    users = get_user_model().objects.filter(role=role, region_path=village.path, is_active=True).order_by("pk")
    return [(user.get_full_name() or user.username, user.phone) for user in users[:PEOPLE_PER_ROLE]]


def help_card(*, actor: Any, pk: int) -> HelpCard:
    """The card of a household in the actor's scope (404 outside it, or for a household that is neither 脱贫户 nor
    监测对象: the card is theirs)."""
    household = household_selectors.household_get(actor=actor, pk=pk)
    monitored = bool(household.monitoring_category) and household.is_active
    if not monitored and household.household_type != HouseholdType.LIFTED_OUT:
        raise Http404("明白卡只发放给脱贫户和监测对象。")
    heads = household.members.filter(relation=Relation.HEAD).order_by("-id")
    head = heads.filter(living_status=LivingStatus.LIVING).first() or heads.first()
    kind = household.get_household_type_display()
    if monitored:
        kind = f"{kind}（监测对象：{household.get_monitoring_category_display()}）"
    village = household.village
    township = village.parent
    county = township.parent if township is not None else None
    contact = shown_contact(household)
    left = contact if contact is not None and contact.state else None
    if left is not None:
        contact = None
    measures: list[PlanMeasure] = []
    if monitored and (plan := Plan.objects.filter(household=household).first()) is not None:
        measures = list(
            plan.measures.exclude(status=MeasureStatus.STOPPED)
            .select_related("measure_type", "member")
            .order_by("starts_on", "pk")
        )
    return HelpCard(
        household=household,
        kind=kind,
        head_id_masked=mask(head.id_number) if head is not None and head.id_number else "",
        township=township.name if township is not None else "",
        county=county.name if county is not None else "",
        village_cadres=_village_people(village, Role.VILLAGE_CADRE),
        work_team=_village_people(village, Role.WORK_TEAM),
        township_phone=supervision_phone(township),
        county_phone=supervision_phone(county),
        contact_name=contact.name if contact is not None else "",
        contact_phone=contact.phone if contact is not None else "",
        contact_unit="，".join(filter(None, (contact.unit, contact.title))) if contact is not None else "",
        contact_state=left.state if left is not None else "",
        contact_left=left.name if left is not None else "",
        monitored=monitored,
        measures=measures,
        today=timezone.localdate(),
        apply_link=_apply_link(actor, village),
    )


def help_card_print_record(*, actor: Any, household: Household) -> None:
    audit_record(
        actor=actor,
        action=HELP_CARD_PRINT,
        summary=f"打印户编号 {household.number}（户主 {household.head_name}）的帮扶政策明白卡（身份证号已遮挡）",
        target=household,
    )
