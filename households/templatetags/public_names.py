"""{{ household|public_head }}: the head's name as a public notice prints it, 印某某 for a head under 14
(households.public_names); {{ name|public_person:birth_date }} for any other person a notice names."""

import datetime as dt

from django import template

from households.models import Household
from households.public_names import public_head_name, public_name

register = template.Library()


@register.filter
def public_head(household: Household) -> str:
    return public_head_name(household)


@register.filter
def public_person(name: str, birth_date: dt.date | None) -> str:
    return public_name(name, birth_date)


@register.filter
def public_member(name: str, household: Household) -> str:
    """A name of the household's (the head a notice was posted with): masked when that member is under 14. Reads
    the prefetched members where the notice asked for them (households.public_names.members_prefetch)."""
    member = max((m for m in household.members.all() if m.name == name), key=lambda m: m.pk, default=None)
    return public_name(name, member.birth_date if member else None)
