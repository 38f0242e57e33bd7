"""Names on a public notice (村级公示, 乡镇公示, 公告, 帮扶措施公示, DOMAIN.md "Privacy"): a child under 14 is
sensitive, so a household named after a head under 14 reads as the surname and 某某 (印某某户's 印某某), and so does
any under-14 person a notice names. One rule, asked by the notices' templates through {{ household|public_head }}
(households.templatetags.public_names)."""

import datetime as dt

from django.utils import timezone

from households.choices import ConsentSigner, LivingStatus, Relation
from households.models import Household
from households.services.members import age_on

CHILD_AGE = 14
COMPOUND_SURNAMES = ("欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "司徒", "长孙", "夏侯")


def masked_name(name: str) -> str:
    """印小明 → 印某某; a compound surname is kept whole (欧阳某某)."""
    name = name.strip()
    if not name:
        return name
    surname = next((s for s in COMPOUND_SURNAMES if name.startswith(s) and len(name) > len(s)), name[0])
    return surname + "某某"


def is_child(birth_date: dt.date | None, on: dt.date | None = None) -> bool:
    return birth_date is not None and age_on(birth_date, on or timezone.localdate()) < CHILD_AGE


def members_prefetch(household_path: str = "") -> str:
    """What a notice's rows prefetch (`prefetch_related`, with the path to the household: "case__household__") so
    that their public names cost no query each: head_is_child and the public_member filter read the household's
    members from it, one query for a notice of any length (a township's 公告 lists hundreds)."""
    return f"{household_path}members"


def head_is_child(household: Household, on: dt.date | None = None) -> bool:
    """The head the household is named after (the living one, else the last one) is under 14 on `on`. Reads
    household.members.all(), the prefetched members where members_prefetch was asked."""
    heads = sorted(
        (m for m in household.members.all() if m.relation == Relation.HEAD),
        key=lambda m: (m.living_status != LivingStatus.LIVING, -m.pk),
    )
    named = next((m for m in heads if m.name == household.head_name), heads[0] if heads else None)
    return named is not None and is_child(named.birth_date, on)


def public_name(name: str, birth_date: dt.date | None, on: dt.date | None = None) -> str:
    """Any person a public notice names: masked when under 14."""
    return masked_name(name) if is_child(birth_date, on) else name


def public_head_name(household: Household, on: dt.date | None = None) -> str:
    """The household's head's name as a public notice prints it."""
    name = household.head_name
    return masked_name(name) if name and head_is_child(household, on) else name


MSG_HEAD_CHILD = (
    "户主{name}未满14周岁，不能由户主本人签署授权书：请选择“代签并按手印”，由其监护人签署，"
    "并在代签人姓名处填写监护人姓名。"
)


def consent_signer_error(household: Household, signer: str, signed_on: dt.date) -> str:
    """A head under 14 on the signing day signs nothing himself: the guardian (监护人) signs through the proxy path
    (代签并按手印, households.services.visits.consent_record)."""
    if signer == ConsentSigner.SELF and head_is_child(household, signed_on):
        return MSG_HEAD_CHILD.format(name=household.head_name)
    return ""
