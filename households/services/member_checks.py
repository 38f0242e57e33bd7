"""The checks of a single member's entry (添加成员, 修改成员): the household's other living members and the member
last, through households.services.members.clean_member_rows; the form's errors as a single-member form shows them.
Asked by member_add and member_update (households.services.registry) and by the pages' field checks (entry_errors)."""

from typing import Any

from households.choices import LivingStatus, Relation
from households.models import Household, Member
from households.services.confirm import CONFIRM_FIELD, MSG_CONFIRM
from households.services.members import (
    MEMBER_INPUT_FIELDS,
    MSG_NO_HEAD,
    MSG_TWO_HEADS,
    MemberErrors,
    clean_member_rows,
)
from households.services.newborn import NO_ID_FIELD, TYPED_FIELDS, on_file
from households.services.relation_ages import ages_may_change
from households.services.school_age import enrolment_may_change

# One member written (添加成员, 修改成员, PATCH /api/v1/members/<id>/): the one-head rule is said at its 与户主关系,
# with what to do, rather than above the form numbering rows of a household form the cadre never saw.
MSG_HEAD_TAKEN = "本户已有户主 {name}；更换户主请用“更换户主”。"
MSG_HEAD_DEMOTED = "户主不能直接改为其他关系：每户必须有一名户主。更换户主请用“更换户主”。"


def _head_at_relation(cleaned: list[dict[str, Any]], errors: MemberErrors, *, was_head: bool = False) -> None:
    """The one-head rule's message for the member written (the last row) moved to its relation field."""
    written = len(cleaned) - 1
    heads = [i for i, row in enumerate(cleaned) if row.get("relation") == Relation.HEAD]
    if written in heads and len(heads) > 1:
        general = MSG_TWO_HEADS.format(rows="、".join(str(i + 1) for i in heads))
        other = next(i for i in heads if i != written)
        message = MSG_HEAD_TAKEN.format(name=cleaned[other]["name"])
    elif not heads and was_head:
        general, message = MSG_NO_HEAD, MSG_HEAD_DEMOTED
    else:
        return
    if general in errors.general:
        errors.general.remove(general)
    errors.add(written, "relation", message)


def member_add_check(
    *, actor: Any, household: Household, data: dict[str, Any], confirm_unusual: bool = False
) -> tuple[list[dict[str, Any]], MemberErrors]:
    """The rows member_add checks, the household's living members and `data` last, and their errors."""
    living = list(
        household.members.filter(living_status=LivingStatus.LIVING).values(*MEMBER_INPUT_FIELDS, *TYPED_FIELDS, "pk")
    )
    cleaned, errors = clean_member_rows(
        actor=actor, rows=[*living, data], exclude_member_ids={m["pk"] for m in living}, confirm_unusual=confirm_unusual
    )
    _head_at_relation(cleaned, errors)
    return cleaned, errors


def member_update_check(
    *, actor: Any, member: Member, data: dict[str, Any], confirm_unusual: bool = False
) -> tuple[list[dict[str, Any]], MemberErrors]:
    """The rows member_update checks, the other living members and the member as `data` changes it last, and their
    errors."""
    household = member.household
    # A member without a number (households.services.newborn) starts from the sex and birth date typed at entry.
    shown = {name: getattr(member, name) for name in MEMBER_INPUT_FIELDS} | on_file(member)
    if data.get("id_number") and NO_ID_FIELD not in data:
        data = {**data, NO_ID_FIELD: False}  # the number given (by the API, say): no longer without one
    others = list(
        household.members.filter(living_status=LivingStatus.LIVING)
        .exclude(pk=member.pk)
        .values(*MEMBER_INPUT_FIELDS, *TYPED_FIELDS, "pk")
    )
    cleaned, errors = clean_member_rows(
        actor=actor,
        rows=[*others, shown | data],
        exclude_member_ids=set(
            household.members.filter(living_status=LivingStatus.LIVING).values_list("pk", flat=True)
        ),
        confirm_unusual=confirm_unusual,
        check_ages=ages_may_change(member, data),
        check_enrolment=enrolment_may_change(shown, data),
        changed=[name for name in data if data[name] != shown.get(name)],
    )
    _head_at_relation(cleaned, errors, was_head=member.relation == Relation.HEAD)
    return cleaned, errors


def row_errors(errors: MemberErrors, *, index: int) -> dict[str, list[str]]:
    """A single-member form's errors: the row being edited at its fields, set-level errors above the form.
    An ID number clash with another row of the same household is reported on this row's ID field."""
    row = errors.rows.get(index, {})
    other_rows = [m for i, fields in errors.rows.items() if i != index for ms in fields.values() for m in ms]
    flat: dict[str, list[str]] = {name: messages for name, messages in row.items()}
    general = [*errors.general, *other_rows]
    if general:
        flat["__all__"] = general
    if errors.asked:
        flat[CONFIRM_FIELD] = [MSG_CONFIRM]
    return flat
