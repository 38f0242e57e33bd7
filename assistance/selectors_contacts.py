"""Reads about help contacts (帮扶联系人, 帮扶责任人): who helps whom, who may, and which households still need one.
assistance.selectors re-exports them, so callers keep reading assistance.selectors."""

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from accounts.approvals import approved_q
from accounts.scoping import user_scope_prefix
from assistance.choices import OPEN_MEASURE_STATUSES
from assistance.contact_shown import CONTACT_DEACTIVATED, current_person, has_contact_person, prefetch_contact_persons
from assistance.following import assisted_q, followed_q
from assistance.models import HelpContactAssignment, Plan
from assistance.services.contacts import CONTACT_ROLES, contact_fit_q, contact_fits, covering_paths
from households.choices import HouseholdType
from households.models import Household

# 003 §二 3(2): a help contact who can no longer serve (因病、因退休、因调动) is replaced in time. A followed-up
# household with no contact, with one whose account is deactivated (who has left), or with one who can no longer
# open its file (moved to another village or grid, given a role that helps no one) needs one.
CONTACT_NEEDS_CHANGE = "needs_change"


def contact_unfit_q(prefix: str = "") -> Q:
    """The household (reached through `prefix`, "household__" from a plan) has no contact, or one who could not be
    named today (assistance.services.contacts.contact_fits, in SQL): deactivated, of a role that helps no one, or
    whose scope (a region path prefix, and a grid for a grid-limited cadre) no longer covers the household. The
    accounts service changes a scope without touching the households: the village names the new contact."""
    contact = f"{prefix}help_contact__"
    household_grid = F(f"{prefix}grid")
    no_account = Q(**{f"{contact}isnull": True})
    # A person without an account (包保单位人员) has no role or scope to lose: named, they serve until replaced.
    return (no_account & ~Q(has_contact_person(prefix))) | (
        ~no_account
        & (
            Q(**{f"{contact}is_active": False})
            | ~Q(**{f"{contact}role__in": list(CONTACT_ROLES)})
            | ~Q(**{f"{prefix}region_path__startswith": F(f"{contact}region_path")})
            | (
                Q(**{f"{contact}grid__isnull": False})
                & (Q(**{f"{prefix}grid__isnull": True}) | ~Q(**{f"{contact}grid": household_grid}))
            )
        )
    )


def plans_needing_contact_change(plans: QuerySet[Plan]) -> QuerySet[Plan]:
    """Plans (already narrowed to the followed ones) whose household has no contact, or one who cannot serve it."""
    return plans.filter(contact_unfit_q("household__"))


def household_contact_needs_change(household: Household) -> bool:
    """The same test for one household (the plans API's help_contact_needs_change)."""
    contact = household.help_contact
    if contact is None:
        return current_person(household) is None
    return not contact_fits(contact, household)


MSG_CONTACT_DEACTIVATED = CONTACT_DEACTIVATED
MSG_CONTACT_MOVED = "帮扶责任人已调离本辖区，请更换"


def contact_unfit_reason(household: Household) -> str:
    """Why the household's named contact needs changing, in words for the badge beside their name on the plan page
    and the household's 帮扶 tab; "" when there is none or they can serve it. The test is the lists' and tiles'
    (contact_fits, contact_unfit_q): a contact moved out of the household's village, grid or township, or given a
    role that helps no one, needs changing as much as one whose account is deactivated."""
    contact = household.help_contact
    if contact is None:
        return ""
    if not contact.is_active:
        return MSG_CONTACT_DEACTIVATED
    if not contact_fits(contact, household):
        return MSG_CONTACT_MOVED
    return ""


def flag_page_contacts(page: Any) -> None:
    """Give each plan of a list page its household's contact_flag (contact_unfit_reason), for the badge beside the
    contact's name on the 帮扶措施 and 回访 lists, as the plan page shows it: moved as well as deactivated."""
    page.object_list = list(page.object_list)
    for plan in page.object_list:
        plan.household.contact_flag = contact_unfit_reason(plan.household)


# Whose households need a contact, as the list of households without one filters them.
NEEDS_CONTACT_MONITORED = "monitored"
NEEDS_CONTACT_LIFTED_OUT = "lifted_out"
NEEDS_CONTACT_KINDS = [
    (NEEDS_CONTACT_MONITORED, "监测对象（含绿色通道先行帮扶）"),
    (NEEDS_CONTACT_LIFTED_OUT, "脱贫户（未纳入监测）"),
]


def household_place_filter(households: QuerySet[Household], filters: dict[str, Any]) -> QuerySet[Household]:
    """The household worklists' 乡镇 and 村 codes and their search by head's name or household number."""
    if filters.get("township"):
        households = households.filter(village__parent__code=filters["township"])
    if filters.get("village"):
        households = households.filter(village__code=filters["village"])
    if q := (filters.get("q") or "").strip():
        households = households.filter(Q(head_name__contains=q) | Q(number=q))
    return households


def households_needing_contact(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Household]:
    """Households that should have a help contact and have none, or one who cannot serve it (contact_unfit_q): those
    followed as monitored (newly included ones too, plan or not: 对新识别的边缘易致贫户和突发严重困难户，及时安排帮扶
    联系人) and every lifted-out household (脱贫户和边缘易致贫户的帮扶责任人原则上保持不变, 003 §二3(2); the
    screening form asks 脱贫户帮扶责任人…是否安排到位). Filters: kind (NEEDS_CONTACT_KINDS), township, village (their
    codes, as the household list takes them: the dashboard's tile links here with its region's), q."""
    filters = filters or {}
    followed = followed_q()
    households = Household.objects.visible_to(actor).filter(is_active=True).filter(contact_unfit_q())
    if filters.get("kind") == NEEDS_CONTACT_MONITORED:
        households = households.filter(followed)
    elif filters.get("kind") == NEEDS_CONTACT_LIFTED_OUT:
        households = households.filter(household_type=HouseholdType.LIFTED_OUT).exclude(followed)
    else:
        households = households.filter(followed | Q(household_type=HouseholdType.LIFTED_OUT))
    households = household_place_filter(households, filters)
    return households.select_related("village", "village__parent", "help_contact", "assistance_plan").order_by(
        "region_path", "number"
    )


def contact_needs_change_count(*, actor: Any) -> int:
    """The tile: households_needing_contact, all kinds."""
    return households_needing_contact(actor=actor).count()


def is_help_contact(*, actor: Any) -> bool:
    return Household.objects.visible_to(actor).filter(help_contact=actor, is_active=True).exists()


def contact_history(*, actor: Any, household: Household) -> QuerySet[HelpContactAssignment]:
    return (
        HelpContactAssignment.objects.visible_to(actor)
        .filter(household=household)
        .select_related("contact", "assigned_by")
        .order_by("-starts_on", "-pk")
    )


def _contact_users() -> QuerySet[Any]:
    """Accounts that may be named: active, of a helping role, and approved by the security admin (a pending or
    refused account cannot sign in to visit anyone: assistance.services.contacts refuses it)."""
    return get_user_model().objects.filter(approved_q(), is_active=True, role__in=list(CONTACT_ROLES))


def contact_candidates(*, actor: Any, household: Household) -> QuerySet[Any]:
    """People who may help this household: approved accounts the service would take (assistance.services.contacts.
    contact_fit_q, the rule contact_fits reads): a grid worker of another grid of the village is not offered."""
    return (
        _contact_users().filter(contact_fit_q(household)).order_by("region_path", "last_name", "first_name", "username")
    )


def contact_choices(*, actor: Any) -> QuerySet[Any]:
    """Whom the actor may name as a help contact through the API: contact roles working within the actor's scope
    or above it. Anyone else reads as "not found", so the answers tell nothing of other users' roles or places."""
    prefix = user_scope_prefix(actor)
    if prefix is None:
        return _contact_users().none()
    if prefix == "":
        return _contact_users()
    return _contact_users().filter(Q(region_path__startswith=prefix) | Q(region_path__in=covering_paths(prefix)))


def contact_filter_choices(*, actor: Any) -> QuerySet[Any]:
    """Whom the plan list's ?contact= may name: whom the actor may name (contact_choices), and the contacts of the
    households the actor sees, a deactivated one among them (whose households are listed as needing another)."""
    if actor is None:
        return get_user_model().objects.none()
    helping = Household.objects.visible_to(actor).values("help_contact")
    return get_user_model().objects.filter(Q(pk__in=contact_choices(actor=actor).values("pk")) | Q(pk__in=helping))


def contact_list(*, actor: Any) -> QuerySet[Any]:
    """Help contacts of the households the actor sees, with how many they help, and how many of those they can no
    longer serve (unfit_count: moved out of the households' village or grid, deactivated)."""
    households = Household.objects.visible_to(actor).filter(is_active=True, help_contact=OuterRef("pk"))
    visible = Household.objects.visible_to(actor).filter(is_active=True)
    unfit = households.filter(contact_unfit_q()).order_by().values("help_contact").annotate(n=Count("pk")).values("n")
    return (
        get_user_model()
        .objects.filter(Exists(households))
        .select_related("grid")
        .annotate(
            households_count=Count("helped_households", filter=Q(helped_households__in=visible)),
            unfit_count=Coalesce(Subquery(unfit), 0),
        )
        .order_by("-unfit_count", "-households_count", "username")
    )


PERSON_KEYS = ("person_name", "person_unit", "person_title", "person_phone")


def contact_person_list(*, actor: Any) -> list[dict[str, Any]]:
    """Help contacts without an account (包保单位人员) of the active households the actor sees, one row a person (name,
    unit, title, phone) with the households they help (`households`, by village and number) and their count: the
    contacts page lists them after the accounts, each household linked."""
    rows = (
        HelpContactAssignment.objects.visible_to(actor)
        .filter(ends_on__isnull=True, contact__isnull=True, household__is_active=True)
        .select_related("household__village")
        .order_by("household__region_path", "household__number")
    )
    persons: dict[tuple[str, ...], dict[str, Any]] = {}
    for row in rows:
        key = (row.person_name, row.person_unit, row.person_title, row.person_phone)
        person = persons.setdefault(key, {**dict(zip(PERSON_KEYS, key, strict=True)), "households": []})
        if row.household not in person["households"]:
            person["households"].append(row.household)
    for person in persons.values():
        person["households_count"] = len(person["households"])
    return sorted(persons.values(), key=lambda p: (-p["households_count"], p["person_unit"], p["person_name"]))


def contact_unfit_households(*, user: Any) -> QuerySet[Household]:
    """The active households this person is the contact of and could not be named for today (contact_unfit_q):
    what the system admin is told after changing the person's scope or disabling them. Not scoped to an actor: the
    system admin sees no registry, and learns only the count."""
    return Household.objects.filter(help_contact=user, is_active=True).filter(contact_unfit_q())


def contact_households_out_of_reach(*, user: Any, after: Any) -> QuerySet[Household]:
    """The active households `user` is the contact of and could not be named for once changed as asked: `after` is
    the account as it would be (an unsaved copy: role, scope, grid, active flag), the test contact_fits's. What the
    system admin is told before saving the change (accounts.change_preview), as contact_unfit_households is what the
    change's approval tells. Not scoped to an actor either: the system admin reads the count, the village and the
    户编号 of the first few, not the families' names."""
    households = Household.objects.filter(help_contact=user, is_active=True)
    if after.is_active and after.role in CONTACT_ROLES:
        in_reach = Household.objects.visible_to(after).filter(help_contact=user)
        households = households.exclude(pk__in=in_reach.values("pk"))
    return households.select_related("village__parent").order_by("region_path", "number")


def contact_get(*, actor: Any, pk: int) -> Any:
    """A contact the actor may look at: one who helps a household in the actor's scope, or the actor."""
    users = get_user_model().objects.filter(pk=pk)
    if pk != getattr(actor, "pk", None):
        users = users.filter(
            Exists(Household.objects.visible_to(actor).filter(help_contact=OuterRef("pk"), is_active=True))
        )
    return get_object_or_404(users)


def contact_households(*, actor: Any, contact: Any) -> QuerySet[Household]:
    """A contact's households with their plan's next return visit and open measures (what is due); `followed`
    says whether the plan's return visits are still due (assistance.following.assisted_q)."""
    return (
        Household.objects.visible_to(actor)
        .filter(help_contact=contact, is_active=True)
        .select_related("village", "village__parent", "assistance_plan")
        .annotate(
            followed=ExpressionWrapper(assisted_q(), output_field=BooleanField()),
            measures_open=Count(
                "assistance_plan__measures",
                filter=Q(assistance_plan__measures__status__in=OPEN_MEASURE_STATUSES),
            ),
        )
        .order_by("assistance_plan__next_return_due", "region_path", "number")
    )


# The help-contacts API's needs_contact filter: households without a contact, with one who cannot serve, or either.
# Each reads as the row's status does (contact_state), so a row listed as 需调整 is one the filter finds, and back.
NEEDS_NONE = "none"
NEEDS_CHANGE = "needs_change"
NEEDS_ANY = "any"
NEEDS_FILTERS = {NEEDS_NONE: "未安排", NEEDS_CHANGE: "需调整", NEEDS_ANY: "未安排或需调整"}


def households_with_contacts(*, actor: Any, needs: str = "") -> QuerySet[Household]:
    """The active households the actor sees that have a help contact or should have one (followed, or 脱贫户: the
    list of households_needing_contact), each with `contact_unfit` (contact_unfit_q). `needs` (NEEDS_FILTERS)
    narrows them to the rows whose status (contact_state) is 未安排, 需调整, or either. A household without a contact
    is listed only if it should have one (未安排: the page's households without one); 需调整 is every listed household
    whose contact cannot serve it, one not followed any more (its contact kept, 003 §二3(2)) or not yet (an
    identification under way) too, as its status and the household's own record (household_contact_needs_change)
    say."""
    no_contact = Q(help_contact__isnull=True) & ~Q(has_contact_person())
    should_have = followed_q() | Q(household_type=HouseholdType.LIFTED_OUT)
    households = Household.objects.visible_to(actor).filter(is_active=True).filter(~no_contact | should_have)
    if needs:
        households = households.filter(contact_unfit_q())
    if needs == NEEDS_NONE:
        households = households.filter(no_contact)
    elif needs == NEEDS_CHANGE:
        households = households.exclude(no_contact)
    households = households.annotate(contact_unfit=ExpressionWrapper(contact_unfit_q(), output_field=BooleanField()))
    households = households.select_related("village", "help_contact").order_by("region_path", "number")
    return prefetch_contact_persons(households)


def contact_state(household: Household) -> tuple[str, str]:
    """The household's contact status and its words: ("none", 未安排), ("needs_change", 已停用，需调整 or 已调离…),
    ("ok", 正常). Reads `contact_unfit` when the list annotated it (households_with_contacts)."""
    if household.help_contact_id is None and current_person(household) is None:
        return "none", "未安排"
    unfit = getattr(household, "contact_unfit", None)
    if unfit is None:
        unfit = household_contact_needs_change(household)
    if unfit:
        return "needs_change", contact_unfit_reason(household) or "需调整"
    return "ok", "正常"
