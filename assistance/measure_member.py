"""Whom a per-person measure is for (一人一措施), as the department clerk who carries it out reads it: a 医保参保资助 or
an employment measure is one member's, and the clerk must know whose to act on it. The member's name, relation to
the head and age, and the ID number as the clerk sees numbers (households.privacy: a clerk keeps no registry, so
masked, and the age rather than the birth date beside it); never the member's health or phone."""

from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from households.choices import LivingStatus
from households.privacy import shown_id_number
from households.services.members import age_on


@dataclass(frozen=True)
class MeasureMember:
    name: str
    relation: str
    relation_display: str
    age: int
    id_number: str  # as the viewer sees numbers; "" for a member registered without one yet
    living_status: str
    living_status_display: str


def measure_member(user: Any, member: Any) -> MeasureMember | None:
    """The member a measure is for as `user` may read them, None for a measure for the whole household."""
    if member is None:
        return None
    return MeasureMember(
        name=member.name,
        relation=member.relation,
        relation_display=member.get_relation_display(),
        age=age_on(member.birth_date, timezone.localdate()),
        id_number=shown_id_number(user, member.id_number),
        living_status=member.living_status,
        living_status_display=LivingStatus(member.living_status).label,
    )
