"""帮扶联系人: who helps a household. A change ends the current assignment and starts a new one, so the history
stays (003 §二 3(2): 帮扶责任人原则上保持不变; 因病、因退休、因调动等无法履行的，及时调整). A 包保单位人员's new
phone, title or unit is no change of contact: the same person (by name) keeps their assignment, corrected in place
(help_contact_correct), with the old and new values in the 变更记录 and the audit log."""

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.approvals import login_refusal
from accounts.choices import Approval, Role
from assistance.models import HelpContactAssignment
from assistance.services.common import ensure_can_assist
from households.choices import HouseholdType
from households.models import Household
from households.phone import household_phone
from households.services.closing import ensure_open
from households.services.common import record_event

# Who may be a help contact: cadres, the resident work team, township and county staff (000 §二(五)). A contact
# must 开展跟踪走访 (003 §二1(7)(8)), so a read-only account (领导/只读, the county approver) that cannot record a
# visit or a 回访 is none.
CONTACT_ROLES = frozenset({Role.VILLAGE_CADRE, Role.WORK_TEAM, Role.TOWNSHIP_OFFICER, Role.COUNTY_OFFICER})

# One message for every person who cannot help this household, so that the answer tells nothing of the person's
# role or place of work.
MSG_CONTACT_NOT_COVERING = (
    "所选人员不能担任该户的帮扶联系人：帮扶联系人须能查看该户档案、记录走访和帮扶回访（只读账号不能担任），"
    "请选择该户所在村的村干部、驻村工作队员，或该户所在乡镇、县的干部。"
)
MSG_CONTACT_NOT_APPROVED = (
    "“{name}”的账号未经安全管理员审核通过（{state}），不能登录走访，不能担任帮扶联系人；"
    "请另选人员，或待审核通过后再安排。"
)
MSG_SAME_CONTACT = "{name}已是该户的帮扶联系人。"
# A person without an account (包保单位人员, 003 §二3(2)): named, with the unit that answers for them and a phone the
# family and the village call them on.
MSG_CONTACT_MISSING = "请选择系统用户，或填写包保单位人员（无账号）的姓名、单位和联系电话。"
MSG_CONTACT_BOTH = "帮扶联系人只能是一人：选择了系统用户时，不填写包保单位人员的姓名、单位、职务和电话。"
MSG_PERSON_NAME_REQUIRED = "请填写帮扶联系人的姓名。"
MSG_PERSON_UNIT_REQUIRED = "请填写帮扶联系人的包保单位或工作单位。"
MSG_PERSON_PHONE_REQUIRED = "请填写帮扶联系人的联系电话。"
MSG_REASON_REQUIRED = "调整帮扶联系人须填写调整原因。"
MSG_DATE_FUTURE = "开始日期不能晚于今天。"
MSG_DATE_BEFORE_HOUSEHOLD = "开始日期不能早于该户建档或纳入监测的日期（{date}）。"
# 建档立卡 began in 2014: no 脱贫户 had a 帮扶责任人 before it.
FILING_START = dt.date(2014, 1, 1)
MSG_DATE_BEFORE_CURRENT = "开始日期不能早于现任联系人的开始日期（{date}）。"
MSG_CORRECT_NOT_PERSON = "只能更正包保单位人员（无账号）的单位、职务和联系电话；系统用户的电话请在其账号中修改。"
MSG_CORRECT_NOT_CURRENT = "该联系人安排已结束，只能更正现任帮扶联系人的联系信息。"
MSG_CORRECT_OTHER_PERSON = "姓名不同的是另一人，不能作为更正：请安排新的帮扶联系人，并填写调整原因。"
MSG_NOTHING_CORRECTED = "{name}的单位、职务和联系电话都没有变化。"
CORRECTED_SUMMARY = "更正帮扶联系人{name}的联系信息：{fields}"
# What a correction may change: the person's name is who they are (another name is another person, a new assignment).
CORRECTABLE = (("person_unit", "包保单位/工作单位"), ("person_title", "职务"), ("person_phone", "联系电话"))


def covering_paths(path: str) -> list[str]:
    """The scopes that cover `path`: its county, township, village (and group), 3 digits a level below the county."""
    return [path[:n] for n in range(6, len(path) + 1, 3)]


def contact_fit_q(household: Household) -> Q:
    """The one rule of who may help this household, on accounts: active, of a helping role, whose scope covers it
    (its county, township or village) and, for a grid-limited cadre, whose grid is the household's: a contact who
    could not open the family's file could not help it (a cadre of the next village or grid sees none). The form's
    dropdown (selectors_contacts.contact_candidates) and the service's check (contact_fits) both read it."""
    grid = Q(grid__isnull=True)
    if household.grid_id is not None:
        grid |= Q(grid_id=household.grid_id)
    return Q(is_active=True, role__in=list(CONTACT_ROLES), region_path__in=covering_paths(household.region_path)) & grid


def contact_fits(contact: Any, household: Household) -> bool:
    """`contact` may help the household today (contact_fit_q)."""
    return get_user_model().objects.filter(contact_fit_q(household), pk=contact.pk).exists()


def _person(name: str, unit: str, title: str, phone: str) -> dict[str, str]:
    """The person's fields as stored, or a ValidationError naming every field that is missing or wrong."""
    person = {"person_name": name.strip(), "person_unit": unit.strip(), "person_title": title.strip()}
    errors: dict[str, list[str]] = {}
    if not person["person_name"]:
        errors["person_name"] = [MSG_PERSON_NAME_REQUIRED]
    if not person["person_unit"]:
        errors["person_unit"] = [MSG_PERSON_UNIT_REQUIRED]
    if not phone.strip():
        errors["person_phone"] = [MSG_PERSON_PHONE_REQUIRED]
    else:
        try:
            person["person_phone"] = household_phone(phone)
        except ValidationError as error:
            errors["person_phone"] = error.messages
    if errors:
        raise ValidationError(errors)
    return person


def _merge(errors: dict[str, list[str]], error: ValidationError) -> None:
    for field, messages in error.message_dict.items():
        errors.setdefault(field, []).extend(messages)


def household_first_day(household: Household) -> dt.date:
    """The earliest day a contact of the household may start: a household split off has existed since its split;
    a 脱贫户 has had a 帮扶责任人 since 建档立卡 (2014), long before its row here (the go-live import); any other
    household since it was registered here or, earlier, since its monitoring started (对新识别的边缘易致贫户…及时
    安排帮扶联系人)."""
    if household.split_on is not None:
        return household.split_on
    if household.household_type == HouseholdType.LIFTED_OUT:
        return FILING_START
    return min(day for day in (timezone.localdate(household.created_at), household.monitoring_start) if day)


def _check_account(contact: Any, household: Household) -> None:
    name = contact.get_full_name() or contact.username
    if not contact_fits(contact, household):
        raise ValidationError({"contact": MSG_CONTACT_NOT_COVERING})
    if login_refusal(contact):
        state = Approval(contact.approval).label
        raise ValidationError({"contact": MSG_CONTACT_NOT_APPROVED.format(name=name, state=state)})


def contact_words(assignment: HelpContactAssignment | None) -> str:
    """The contact as the household's history and the audit log name them: a person without an account with their
    unit (王五（县农业农村局）), since the same name may stand for two people of two units."""
    if assignment is None:
        return ""
    if assignment.is_person:
        return f"{assignment.person_name}（{assignment.person_unit}）"
    return assignment.contact_name


def _same(current: HelpContactAssignment, new: HelpContactAssignment) -> bool:
    if not new.is_person:
        return current.contact_id == new.contact_id
    fields = ("person_name", "person_unit", "person_title", "person_phone")
    return current.is_person and all(getattr(current, f) == getattr(new, f) for f in fields)


@transaction.atomic
def help_contact_assign(
    *,
    actor: Any,
    household: Household,
    contact: Any = None,
    person_name: str = "",
    person_unit: str = "",
    person_title: str = "",
    person_phone: str = "",
    starts_on: dt.date | None = None,
    reason: str = "",
) -> HelpContactAssignment:
    """Name the household's help contact: an account (`contact`), who must be able to open the family's file, or a
    person without one (包保单位人员: name, unit and phone required, title optional)."""
    household = Household.objects.select_for_update().get(pk=household.pk)
    ensure_can_assist(actor, household.region_path)
    ensure_open(household)
    starts_on = starts_on or timezone.localdate()
    # Every field's error at once (a form shows them together), not the first one found.
    errors: dict[str, list[str]] = {}
    fields: dict[str, Any] = {"contact": contact}
    typed = any(v.strip() for v in (person_name, person_unit, person_title, person_phone))
    if contact is not None and typed:
        errors["contact"] = [MSG_CONTACT_BOTH]
    elif contact is None and not typed:
        errors["contact"] = [MSG_CONTACT_MISSING]
    else:
        try:
            _check_account(contact, household) if contact is not None else None
            fields = fields if contact is not None else _person(person_name, person_unit, person_title, person_phone)
        except ValidationError as error:
            _merge(errors, error)
    if starts_on > timezone.localdate():
        errors.setdefault("starts_on", []).append(MSG_DATE_FUTURE)
    elif starts_on < (first_day := household_first_day(household)):
        errors.setdefault("starts_on", []).append(MSG_DATE_BEFORE_HOUSEHOLD.format(date=first_day))
    current = (
        HelpContactAssignment.objects.select_for_update().filter(household=household, ends_on__isnull=True).first()
    )
    # Naming the same person again is a correction or no change (below), not a change that needs a reason.
    same_person = contact is not None and contact.pk == household.help_contact_id
    if contact is None and current is not None and current.is_person:
        same_person = current.person_name == person_name.strip()
    if (current is not None or household.help_contact_id is not None) and not same_person and not reason.strip():
        errors.setdefault("reason", []).append(MSG_REASON_REQUIRED)
    if errors:
        raise ValidationError(errors)
    assignment = HelpContactAssignment(
        household=household,
        region_path=household.region_path,
        starts_on=starts_on,
        reason=reason.strip(),
        assigned_by=actor,
        **fields,
    )
    name = contact_words(assignment)
    if current is None and household.help_contact_id is not None:
        # A contact set before this history existed (the go-live import, the registry form): record them first,
        # from the start of monitoring as far as we know, so the change below ends their assignment like any other.
        current = HelpContactAssignment.objects.create(
            household=household,
            region_path=household.region_path,
            contact_id=household.help_contact_id,
            starts_on=min(household.monitoring_start or timezone.localdate(household.created_at), starts_on),
            reason="原有帮扶联系人（系统启用前安排）",
            assigned_by=actor,
        )
    if current is not None and _same(current, assignment):
        raise ValidationError({"contact": MSG_SAME_CONTACT.format(name=name)})
    if current is not None and current.is_person and contact is None and current.person_name == fields["person_name"]:
        # The same person with a new phone, title or unit: their assignment goes on, corrected (starts_on unchanged).
        return _correct(actor, household, current, fields, reason)
    if current is not None:
        if starts_on < current.starts_on:
            raise ValidationError({"starts_on": MSG_DATE_BEFORE_CURRENT.format(date=current.starts_on)})
        current.ends_on = starts_on
        current.save(update_fields=["ends_on"])
    assignment.save()
    # The household mirrors an account only: a person without one is read from the open assignment.
    Household.objects.filter(pk=household.pk).update(help_contact=contact, updated_at=timezone.now())
    old_name = contact_words(current)
    record_event(
        actor=actor,
        household=household,
        action="assistance.help_contact",
        summary=(f"调整帮扶联系人：{old_name} → {name}（{reason.strip()}）" if current else f"安排帮扶联系人：{name}"),
        changes=[{"field": "help_contact", "label": "帮扶联系人", "old": old_name, "new": name}],
        target=assignment,
    )
    return assignment


@transaction.atomic
def help_contact_correct(
    *,
    actor: Any,
    assignment: HelpContactAssignment,
    person_name: str | None = None,
    person_unit: str | None = None,
    person_title: str | None = None,
    person_phone: str | None = None,
    reason: str = "",
) -> HelpContactAssignment:
    """Correct the current 包保单位人员's unit, title or phone (a field not given keeps its value): the same
    assignment, no new history row; a `person_name` other than theirs is refused (another person is assigned)."""
    household = Household.objects.select_for_update().get(pk=assignment.household_id)
    ensure_can_assist(actor, household.region_path)
    ensure_open(household)
    current = HelpContactAssignment.objects.select_for_update().get(pk=assignment.pk)
    if not current.is_person:
        raise ValidationError({"contact": MSG_CORRECT_NOT_PERSON})
    if current.ends_on is not None:
        raise ValidationError({"contact": MSG_CORRECT_NOT_CURRENT})
    if person_name is not None and person_name.strip() != current.person_name:
        raise ValidationError({"person_name": MSG_CORRECT_OTHER_PERSON})
    fields = _person(
        current.person_name,
        current.person_unit if person_unit is None else person_unit,
        current.person_title if person_title is None else person_title,
        current.person_phone if person_phone is None else person_phone,
    )
    return _correct(actor, household, current, fields, reason)


def _correct(
    actor: Any, household: Household, current: HelpContactAssignment, fields: dict[str, Any], reason: str
) -> HelpContactAssignment:
    """Correct the person's unit, title or phone on this assignment and on every other open one of the same person
    (same name, unit and phone before the correction) in the actor's scope: one person helping two households (a
    split gives the new one the same contact) has one phone. Each household's history records its own; the
    returned assignment's `corrected_households` says how many households were changed."""
    changed = [(name, label) for name, label in CORRECTABLE if getattr(current, name) != fields[name]]
    if not changed:
        raise ValidationError({"contact": MSG_NOTHING_CORRECTED.format(name=contact_words(current))})
    others = (
        HelpContactAssignment.objects.visible_to(actor)
        .select_for_update()
        .filter(
            ends_on__isnull=True,
            contact__isnull=True,
            household__is_active=True,
            person_name=current.person_name,
            person_unit=current.person_unit,
            person_phone=current.person_phone,
        )
        .exclude(pk=current.pk)
        .select_related("household")
        .order_by("pk")
    )
    corrected = [(current, household), *((other, other.household) for other in others)]
    summary = CORRECTED_SUMMARY.format(name=current.person_name, fields="、".join(label for _, label in changed))
    summary += f"（{reason.strip()}）" if reason.strip() else ""
    count = 0
    for row, row_household in corrected:
        changes = [
            {"field": name, "label": label, "old": getattr(row, name), "new": fields[name]}
            for name, label in changed
            if getattr(row, name) != fields[name]
        ]
        if not changes:  # another household's row already reads the new values
            continue
        count += 1
        for change in changes:
            setattr(row, change["field"], change["new"])
        row.save(update_fields=[change["field"] for change in changes])
        # The values are in `changes` (the 变更记录 masks a phone for those who read phones masked), not the summary.
        record_event(
            actor=actor,
            household=row_household,
            action="assistance.help_contact_correct",
            summary=summary if len(summary) <= 200 else summary[:199] + "…",  # a history row's summary: 200 characters
            changes=changes,
            target=row,
        )
    current.corrected_households = count  # type: ignore[attr-defined]
    return current
