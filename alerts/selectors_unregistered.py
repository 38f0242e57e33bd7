"""Reads of 未在档人员: the persons department feeds named whom the registry does not hold, one UnregisteredEntry
per person and county, with the county's finding (alerts.services.unregistered) and whether the registry holds
them by now. The page, the API and the ledger (reports.ledgers.alerts) read `unregistered_people`, then attach
the registered members and feed type names of a page with `with_details`."""

from collections.abc import Iterable, Iterator
from typing import Any

from django.db.models import Case, CharField, Exists, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from alerts.choices import UnregisteredOutcome
from alerts.models import FeedType, FeedUpload, UnregisteredEntry, UnregisteredPerson
from alerts.models.uploads import clerk_department
from alerts.privacy import health_feed_ids, health_label, hides_health, shown_feed_detail
from config.chunks import chunked
from households.choices import LivingStatus
from households.models import Member
from households.privacy import sees_personal_numbers
from households.selectors_search import ID_LENGTH, PREFIX_MIN, SUFFIX_MIN, id_part
from households.services.id_search import id_search_once, id_search_refusal

PENDING, TO_REGISTER, REGISTERED, CHECKED, ALL = "pending", "to_register", "registered", "checked", "all"
STATUS_CHOICES = [
    (PENDING, "待核查"),
    (TO_REGISTER, "待建档"),
    (REGISTERED, "已在档"),
    (CHECKED, "已核查"),
    (ALL, "全部"),
]
STATUS_LABELS = dict(STATUS_CHOICES)
SEARCH_WHERE = "查找未在档人员"  # said in the audit event of a masked role's search by a whole number


def _registered() -> Exists:
    living = Member.objects.filter(id_number=OuterRef("id_number"), living_status=LivingStatus.LIVING)
    return Exists(living.filter(region_path__startswith=OuterRef("region_path")))


def unregistered_people(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[UnregisteredEntry]:
    """One entry per person (county and ID number), most recently named first, each annotated `registered`.
    Filters: q (person_match: a name any feed gave them, or their ID number whole or in part), feed_type, status
    (one of STATUS_CHOICES; default all), date_from and date_to (the day a feed last named them)."""
    filters = filters or {}
    people = UnregisteredEntry.objects.visible_to(actor).annotate(registered=_registered())
    if q := (filters.get("q") or "").strip():
        people = people.filter(person_match(actor, q, masked=not sees_personal_numbers(actor)))
    if feed_type := filters.get("feed_type"):
        people = people.filter(feed_types__contains=[getattr(feed_type, "pk", feed_type)])
    if filters.get("date_from"):
        people = people.filter(last_seen__date__gte=filters["date_from"])
    if filters.get("date_to"):
        people = people.filter(last_seen__date__lte=filters["date_to"])
    status = filters.get("status") or ALL
    if status == PENDING:
        people = people.filter(outcome="", registered=False)
    elif status == CHECKED:
        people = people.exclude(outcome="")
    elif status == TO_REGISTER:
        people = people.filter(outcome=UnregisteredOutcome.REGISTER, registered=False)
    elif status == REGISTERED:
        people = people.filter(registered=True)
    gone = "registry_member__household__village__parent"
    return people.select_related("village__parent", "checked_by", gone).order_by("-last_seen", "-id")


NOTHING = Q(pk__in=[])


def id_match(actor: Any, part: str, *, masked: bool) -> Q:
    """The rows whose ID number is `part` (households.selectors_search.id_part) or, from 4 characters, ends with it,
    or from 6 digits begins with it: as the household search finds members (member_match). A `masked` role, which
    reads numbers as 3604**********001X, searches as it does there: by the last 4 or the whole number
    (households.services.id_search), so a search does not confirm the digits the mask hides."""
    if masked and id_search_refusal(actor, part):
        return NOTHING
    if len(part) == ID_LENGTH:
        return Q(id_number=part)
    if len(part) < SUFFIX_MIN:
        return NOTHING  # 1–3 digits name too many people to list
    found = Q(id_number__endswith=part)
    return found | Q(id_number__startswith=part) if len(part) >= PREFIX_MIN else found


def person_match(actor: Any, q: str, *, masked: bool) -> Q:
    """The persons a search names: by ID number (id_match), else by any name a feed row gave them. An entry keeps
    the latest row's name, while a department may have spelt it otherwise in an earlier file (the department's
    outcomes page finds those rows by that name)."""
    if part := id_part(q):
        # A masked role's whole number is recorded as in the registry (households.services.id_search), once though
        # the page runs this search three times (the list and the counts of two tabs).
        if masked and len(part) == ID_LENGTH and not id_search_once(actor, part, where=SEARCH_WHERE):
            return NOTHING
        return id_match(actor, part, masked=masked)
    named = UnregisteredPerson.objects.filter(
        region_path=OuterRef("region_path"), id_number=OuterRef("id_number"), person_name__contains=q
    )
    return Q(person_name__contains=q) | Q(Exists(named))


def distinct_names(names: Iterable[str]) -> list[str]:
    """Feed type names once each, in order: two health feeds read alike (卫健部门预警) to a role that does not read
    health details."""
    return list(dict.fromkeys(names))


def status_of(entry: UnregisteredEntry) -> str:
    if getattr(entry, "registered", False) or getattr(entry, "member", None) is not None:
        return REGISTERED
    if not entry.outcome:
        return PENDING
    return TO_REGISTER if entry.outcome == UnregisteredOutcome.REGISTER else CHECKED


GONE_LABELS = {LivingStatus.DECEASED: "已故", LivingStatus.MOVED_OUT: "已迁出"}
MSG_GONE = "档案中已登记为{status}（{when}{village}）"


def gone_label(member: Member | None) -> str:
    """The label of a member the registry holds as deceased or moved away (UnregisteredEntry.registry_member), as
    档案中已登记为已故（2026-11-28，涂埠镇新山村）; "" for none or a living one."""
    if member is None or member.living_status not in GONE_LABELS:
        return ""
    when = f"{member.status_changed_on:%Y-%m-%d}，" if member.status_changed_on else ""
    village = member.household.village
    where = f"{village.parent.name}{village.name}" if village.parent_id else village.name
    return MSG_GONE.format(status=GONE_LABELS[LivingStatus(member.living_status)], when=when, village=where)


def with_details(people: Iterable[UnregisteredEntry], actor: Any = None) -> list[UnregisteredEntry]:
    """The entries of one page (or one chunk of a ledger), each given `member` (the living member the registry now
    holds for them, else None), `feed_names` (a health feed as its department's label to an `actor` who does not
    read health details: alerts.privacy), `status`, `status_label` and `gone` (gone_label of the member the registry
    holds as deceased or moved away, while no living one): a few queries whatever their number."""
    people = list(people)
    members: dict[str, list[Member]] = {}
    wanted = {p.id_number for p in people if getattr(p, "registered", True)}
    if wanted:
        living = Member.objects.filter(id_number__in=wanted, living_status=LivingStatus.LIVING)
        for member in living.select_related("household__village__parent"):
            members.setdefault(member.id_number, []).append(member)
    names = feed_names_for(actor) if people else {}
    for entry in people:
        found = members.get(entry.id_number, [])
        entry.member = next((m for m in found if m.region_path.startswith(entry.region_path)), None)
        entry.feed_names = distinct_names(names[pk] for pk in entry.feed_types if pk in names)
        entry.status = status_of(entry)
        entry.status_label = STATUS_LABELS[entry.status]
        entry.gone = gone_label(entry.registry_member) if entry.member is None else ""
    return people


MSG_EARLIER_NAME = "部门曾报姓名：{name}（{day} {feed}）"


def with_earlier_names(people: Iterable[UnregisteredEntry], *, actor: Any, q: str) -> list[UnregisteredEntry]:
    """The entries of a page searched by `q`, each given `earlier_name`: when the search matched not the entry's
    (latest) name but a name a department gave in an earlier file (person_match), that file's row as
    {"person_name", "named_on", "feed_type"} (the latest such row; a health feed as its department's label to a
    role that does not read health details), else None; and `earlier_name_label` (MSG_EARLIER_NAME, or ""), so
    the official sees why the row matched. A search by ID number matches no name: None throughout."""
    people = list(people)
    q = (q or "").strip()
    for entry in people:
        entry.earlier_name, entry.earlier_name_label = None, ""
    wanted = [e for e in people if q and not id_part(q) and q not in e.person_name]
    if not wanted:
        return people
    rows = UnregisteredPerson.objects.filter(
        id_number__in={e.id_number for e in wanted}, person_name__contains=q
    ).order_by("-created_at", "-pk")
    names = feed_names_for(actor)
    latest: dict[tuple[str, str], UnregisteredPerson] = {}
    for row in rows:
        latest.setdefault((row.region_path, row.id_number), row)
    for entry in wanted:
        row = latest.get((entry.region_path, entry.id_number))
        if row is None:
            continue
        day = timezone.localtime(row.created_at).date()
        feed = names.get(row.feed_type_id, "")
        entry.earlier_name = {"person_name": row.person_name, "named_on": day, "feed_type": feed}
        entry.earlier_name_label = MSG_EARLIER_NAME.format(name=row.person_name, day=f"{day:%Y-%m-%d}", feed=feed)
    return people


def feed_names_for(actor: Any) -> dict[int, str]:
    """Every feed type's name by id as `actor` may read it beside a named person: a health feed's is its
    department's label (卫健部门预警) to a role that does not read health details."""
    feeds = FeedType.objects.values_list("pk", "name", "department")
    if actor is None or not hides_health(actor):
        return {pk: name for pk, name, _ in feeds}
    health = health_feed_ids()
    return {pk: health_label(department) if pk in health else name for pk, name, department in feeds}


def iter_with_details(
    people: QuerySet[UnregisteredEntry], actor: Any = None, chunk: int = 2000
) -> Iterator[UnregisteredEntry]:
    """Every entry of the query in order, a chunk at a time (the ledger)."""
    for batch in chunked(people.iterator(chunk_size=chunk), chunk):
        yield from with_details(batch, actor)


def unregistered_entry_get(*, actor: Any, pk: int) -> UnregisteredEntry:
    return with_details([get_object_or_404(unregistered_people(actor=actor), pk=pk)], actor)[0]


def appearances(entry: UnregisteredEntry) -> QuerySet[UnregisteredPerson]:
    """Every feed row that named the person, newest first."""
    rows = UnregisteredPerson.objects.filter(region_path=entry.region_path, id_number=entry.id_number)
    return rows.select_related("feed_type", "upload").order_by("-created_at", "-pk")


def to_register_list(*, actor: Any) -> QuerySet[UnregisteredEntry]:
    """Persons handed to villages in the actor's scope to be registered, not yet in the registry, oldest finding
    first (the village's worklist; the county sees all of its county's)."""
    entries = UnregisteredEntry.objects.visible_to(actor).filter(outcome=UnregisteredOutcome.REGISTER)
    entries = entries.filter(~_registered())
    return entries.select_related("village__parent", "checked_by").order_by("checked_on", "pk")


def to_register_entry(*, actor: Any, pk: str) -> UnregisteredEntry | None:
    """One person of the actor's to-register list (to_register_list: in scope, handed to a village to register, not
    registered yet), for the forms that register them; None for any other id."""
    if not (pk.isascii() and pk.isdigit()):
        return None
    return to_register_list(actor=actor).filter(pk=int(pk)).first()


def with_reasons(*, actor: Any, entries: Iterable[UnregisteredEntry]) -> list[UnregisteredEntry]:
    """The entries of a to-register page, each given why the feeds named the person, for the village that is to
    register them and verify that risk: `feed_names`, `reason` (the latest row's detail) and `reason_on` (the day a
    feed last named them). A role that does not read health details (alerts.privacy) reads a health feed as its
    department's label (卫健部门预警) and its detail hidden."""
    entries = list(entries)
    names = feed_names_for(actor) if entries else {}
    health = health_feed_ids() if entries else set()
    for entry in entries:
        entry.feed_names = distinct_names(names[pk] for pk in entry.feed_types if pk in names)
        entry.reason = shown_feed_detail(actor, entry.detail, entry.feed_types, health)
        entry.reason_on = timezone.localtime(entry.last_seen).date()
    return entries


def status_counts(*, actor: Any, filters: dict[str, Any] | None = None) -> dict[str, int]:
    """The number of persons waiting on someone: the county (待核查) and the villages (待建档)."""
    filters = filters or {}
    return {
        status: unregistered_people(actor=actor, filters={**filters, "status": status}).count()
        for status in (PENDING, TO_REGISTER)
    }


NOT_CHECKED = "待县里核查"


def department_unregistered(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[UnregisteredPerson]:
    """The rows of the actor's uploads (a clerk: the department's own, alerts.models.FeedUpload.visible_to) that
    met an alert rule but named no living member, as the file gave them (line, name, ID number), each with the
    county's finding on the person: `finding` (an UnregisteredOutcome, '' while unchecked), `finding_label`, and
    `finding_note`, the county's note only when the finding is 部门数据有误 (written for the department to
    correct its row; the other findings' notes are the county's own). Seed 001 §六 信息互通 (review rev-clerk 3).
    Filters: upload (id), feed_type, q (name or ID number, whole or in part: id_match, as the file gave them),
    outcome. Newest first."""
    filters = filters or {}
    rows = UnregisteredPerson.objects.filter(upload__in=FeedUpload.objects.visible_to(actor))
    if filters.get("upload"):
        rows = rows.filter(upload=filters["upload"])
    if feed_type := filters.get("feed_type"):
        rows = rows.filter(feed_type=getattr(feed_type, "pk", feed_type))
    if q := (filters.get("q") or "").strip():
        part = id_part(q)  # the rows as the file gave them: each row's own name
        rows = rows.filter(id_match(actor, part, masked=hides_health(actor)) if part else Q(person_name__contains=q))
    entry = UnregisteredEntry.objects.filter(region_path=OuterRef("region_path"), id_number=OuterRef("id_number"))
    wrong = UnregisteredOutcome.WRONG_DATA
    rows = rows.annotate(
        finding=Coalesce(Subquery(entry.values("outcome")[:1]), Value("")),
        finding_note=Coalesce(Subquery(entry.filter(outcome=wrong).values("note")[:1]), Value("")),
    ).annotate(
        finding_label=Case(
            *(When(finding=value, then=Value(str(label))) for value, label in UnregisteredOutcome.choices),
            default=Value(NOT_CHECKED),
            output_field=CharField(),
        )
    )
    if filters.get("outcome"):
        rows = rows.filter(finding=filters["outcome"])
    return rows.select_related("feed_type", "upload").order_by("-created_at", "line", "pk")


def upload_unregistered_query(*, actor: Any, upload: FeedUpload) -> QuerySet[UnregisteredPerson]:
    """An upload's rows of persons the registry does not hold (department_unregistered), in file order. Read them
    through `with_registry_record` (the page's `upload_unregistered_rows`; the API pages through it)."""
    rows = department_unregistered(actor=actor, filters={"upload": upload.pk})
    if clerk_department(actor) is None:
        rows = rows.select_related("registry_member__household__village__parent")
    return rows.order_by("line", "pk")


def with_registry_record(*, actor: Any, rows: Iterable[UnregisteredPerson]) -> list[UnregisteredPerson]:
    """The rows, each given `gone`: for the county's staff gone_label (the registry holds the person as deceased or
    moved away); a clerk, who sees no registry, reads "" there."""
    registry = clerk_department(actor) is None
    found = list(rows)
    for row in found:
        row.gone = gone_label(row.registry_member) if registry else ""
    return found


def upload_unregistered_rows(*, actor: Any, upload: FeedUpload, limit: int = 100) -> list[UnregisteredPerson]:
    """The first `limit` rows of upload_unregistered_query with their registry record, for the upload's page (the
    API, alerts.api_upload_rows, pages through the same rows)."""
    return with_registry_record(actor=actor, rows=upload_unregistered_query(actor=actor, upload=upload)[:limit])
