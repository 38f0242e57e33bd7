"""How a household's help contact is read: an account, mirrored on Household.help_contact, or a person without one
(包保单位人员, 003 §二3(2)), read from the household's open HelpContactAssignment. Every page, print, ledger and the API
name the contact through here, so that a 帮扶责任人 of a 包保单位 reads as themselves, not as 未安排."""

from dataclasses import dataclass
from typing import Any, TypeVar

from django.db.models import Case, CharField, Exists, F, OuterRef, Prefetch, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf

from assistance.models import HelpContactAssignment
from households.models import Household

# Where a list prefetches its households' open person assignment (prefetch_contact_persons).
PREFETCHED = "current_contact_persons"

Q_ = TypeVar("Q_", bound=QuerySet[Any])

# An account deactivated (the person has left: 因病、因退休、因调动, 003 §二3(2)) still named as a household's contact:
# every page, print and ledger says so beside the name, until the village names another.
CONTACT_DEACTIVATED = "已停用，需调整"


@dataclass(frozen=True)
class ShownContact:
    name: str
    unit: str = ""
    title: str = ""
    phone: str = ""
    user: Any = None
    # Why the contact can serve no more, in words (CONTACT_DEACTIVATED), "" while they can.
    state: str = ""

    @property
    def is_person(self) -> bool:
        """A person without an account (包保单位人员)."""
        return self.user is None


def _open_persons() -> QuerySet[HelpContactAssignment]:
    return HelpContactAssignment.objects.filter(ends_on__isnull=True, contact__isnull=True)


def current_person(household: Household) -> HelpContactAssignment | None:
    """The household's open assignment of a person without an account, None when its contact is an account or none."""
    prefetched = getattr(household, PREFETCHED, None)
    if prefetched is not None:
        return prefetched[0] if prefetched else None
    return _open_persons().filter(household=household).first()


def shown_contact(household: Household) -> ShownContact | None:
    """The household's contact as shown, None when it has none."""
    if household.help_contact_id is not None:
        user = household.help_contact
        state = "" if user.is_active else CONTACT_DEACTIVATED
        name = user.get_full_name() or user.get_username()
        return ShownContact(name=name, phone=user.phone or "", user=user, state=state)
    person = current_person(household)
    if person is None:
        return None
    return ShownContact(
        name=person.person_name, unit=person.person_unit, title=person.person_title, phone=person.person_phone
    )


def prefetch_contact_persons(queryset: Q_, prefix: str = "") -> Q_:
    """A list's households (reached through `prefix`, "household__" from plans) with their open person assignment,
    so that shown_contact reads it without a query a row."""
    return queryset.prefetch_related(
        Prefetch(f"{prefix}help_contact_assignments", queryset=_open_persons(), to_attr=PREFETCHED)
    )


def _outer_household(prefix: str) -> OuterRef:
    return OuterRef(prefix.removesuffix("__") if prefix else "pk")


def has_contact_person(prefix: str = "") -> Exists:
    """The household (reached through `prefix`) is helped by a person without an account: it has a contact."""
    return Exists(_open_persons().filter(household=_outer_household(prefix)))


def contact_name_expression(prefix: str = "") -> Coalesce:
    """The ledgers' 帮扶联系人 cell: an account's name, marked when deactivated (周建军（已停用，需调整）), or the
    person's with their unit and phone (王五（县农业农村局，13812345678）: the ledger masks the phone for those who
    read phones masked, reports.ledgers.contacts)."""
    left = Case(
        When(**{f"{prefix}help_contact__is_active": False}, then=Value(f"（{CONTACT_DEACTIVATED}）")),
        default=Value(""),
        output_field=CharField(),
    )
    account = NullIf(
        Concat(f"{prefix}help_contact__last_name", f"{prefix}help_contact__first_name", left, output_field=CharField()),
        Value(""),
    )
    person = _open_persons().filter(household=_outer_household(prefix))
    words = Concat(
        F("person_name"), Value("（"), F("person_unit"), Value("，"), F("person_phone"), Value("）"),
        output_field=CharField(),
    )  # fmt: skip
    return Coalesce(
        account, Subquery(person.annotate(words=words).values("words")[:1]), Value(""), output_field=CharField()
    )
