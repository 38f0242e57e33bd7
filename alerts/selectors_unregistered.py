"""Reads of 未在档人员: the persons department feeds named whom the registry does not hold, one entry per person
(ID number) and county however many uploads named them, with the county's finding (alerts.services.unregistered)
and whether the registry holds them by now. The page, the API and the ledger (reports.ledgers.alerts) read
`unregistered_people` and `entries`."""

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import Count, Exists, Max, Min, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from alerts.choices import UnregisteredOutcome
from alerts.models import UnregisteredCheck, UnregisteredPerson
from households.choices import LivingStatus
from households.models import Member

PENDING, TO_REGISTER, REGISTERED, CHECKED, ALL = "pending", "to_register", "registered", "checked", "all"
STATUS_CHOICES = [
    (PENDING, "待核查"),
    (TO_REGISTER, "待建档"),
    (REGISTERED, "已在档"),
    (CHECKED, "已核查"),
    (ALL, "全部"),
]


@dataclass(frozen=True)
class Entry:
    """One person: their latest row (name, detail, source), how often and when feeds named them, the finding, and
    the living member the registry holds for them now (None while it holds none)."""

    person: UnregisteredPerson
    appearances: int
    first_seen: dt.datetime
    last_seen: dt.datetime
    feeds: list[str]
    check: UnregisteredCheck | None
    member: Member | None

    @property
    def status(self) -> str:
        if self.member is not None:
            return REGISTERED
        if self.check is None:
            return PENDING
        return TO_REGISTER if self.check.outcome == UnregisteredOutcome.REGISTER else CHECKED

    @property
    def status_label(self) -> str:
        return dict(STATUS_CHOICES)[self.status]

    @property
    def named_again(self) -> bool:
        """A feed named them again after the finding (worth a second look when they were found not to belong)."""
        return self.check is not None and self.last_seen > self.check.updated_at


def _same_person(model: Any) -> QuerySet[Any]:
    return model.objects.filter(region_path=OuterRef("region_path"), id_number=OuterRef("id_number"))


def _registered() -> Exists:
    living = Member.objects.filter(id_number=OuterRef("id_number"), living_status=LivingStatus.LIVING)
    return Exists(living.filter(region_path__startswith=OuterRef("region_path")))


def _rows(actor: Any, filters: dict[str, Any]) -> QuerySet[UnregisteredPerson]:
    rows = UnregisteredPerson.objects.visible_to(actor)
    if q := (filters.get("q") or "").strip():
        rows = rows.filter(Q(person_name__contains=q) | Q(id_number=q.upper()))
    if filters.get("feed_type"):
        rows = rows.filter(feed_type=filters["feed_type"])
    if filters.get("date_from"):
        rows = rows.filter(created_at__date__gte=filters["date_from"])
    if filters.get("date_to"):
        rows = rows.filter(created_at__date__lte=filters["date_to"])
    checked = Exists(_same_person(UnregisteredCheck))
    status = filters.get("status") or ALL
    if status == PENDING:
        rows = rows.filter(~checked, ~_registered())
    elif status == CHECKED:
        rows = rows.filter(checked)
    elif status == TO_REGISTER:
        rows = rows.filter(Exists(_same_person(UnregisteredCheck).filter(outcome=UnregisteredOutcome.REGISTER)))
        rows = rows.filter(~_registered())
    elif status == REGISTERED:
        rows = rows.filter(_registered())
    return rows


def unregistered_people(*, actor: Any, filters: dict[str, Any] | None = None) -> QuerySet[Any]:
    """One dict per person (county and ID number), most recently named first: the latest row's pk, the number of
    rows, first and last time named, and the feed types. Filters: q (name or ID number), feed_type, status (one of
    STATUS_CHOICES; default all), date_from and date_to (the days a feed named them). Turn a page of them into
    Entry with `entries`."""
    rows = _rows(actor, filters or {})
    return (
        rows.values("region_path", "id_number")
        .annotate(
            latest=Max("pk"),
            appearances=Count("pk"),
            first_seen=Min("created_at"),
            last_seen=Max("created_at"),
            feeds=ArrayAgg("feed_type__name", distinct=True, order_by="feed_type__name"),
        )
        .order_by("-last_seen", "id_number")
    )


def entries(people: Iterable[dict[str, Any]]) -> list[Entry]:
    """The people of one page (or one chunk of a ledger) with their latest rows, findings and members: three
    queries whatever their number."""
    people = list(people)
    if not people:
        return []
    latest = UnregisteredPerson.objects.select_related("feed_type", "upload").in_bulk([p["latest"] for p in people])
    keys = [(p["region_path"], p["id_number"]) for p in people]
    checks = {
        (c.region_path, c.id_number): c
        for c in UnregisteredCheck.objects.filter(id_number__in={k[1] for k in keys}).select_related(
            "village__parent", "checked_by"
        )
    }
    members: dict[str, list[Member]] = {}
    for member in Member.objects.filter(
        id_number__in={k[1] for k in keys}, living_status=LivingStatus.LIVING
    ).select_related("household__village__parent"):
        members.setdefault(member.id_number, []).append(member)
    result = []
    for p in people:
        region_path, id_number = p["region_path"], p["id_number"]
        member = next((m for m in members.get(id_number, []) if m.region_path.startswith(region_path)), None)
        result.append(
            Entry(
                person=latest[p["latest"]],
                appearances=p["appearances"],
                first_seen=p["first_seen"],
                last_seen=p["last_seen"],
                feeds=p["feeds"],
                check=checks.get((region_path, id_number)),
                member=member,
            )
        )
    return result


def iter_entries(people: QuerySet[Any], chunk: int = 2000) -> Iterator[Entry]:
    """Every person of the query in order, a chunk at a time (the ledger)."""
    batch: list[dict[str, Any]] = []
    for person in people.iterator(chunk_size=chunk):
        batch.append(person)
        if len(batch) == chunk:
            yield from entries(batch)
            batch = []
    yield from entries(batch)


def unregistered_person_get(*, actor: Any, pk: int) -> Entry:
    """The person one row names, as an Entry over all their rows in the county."""
    row = get_object_or_404(UnregisteredPerson.objects.visible_to(actor), pk=pk)
    people = unregistered_people(actor=actor).filter(region_path=row.region_path, id_number=row.id_number)
    return entries(people)[0]


def appearances(entry: Entry) -> QuerySet[UnregisteredPerson]:
    """Every row that named the person, newest first."""
    person = entry.person
    rows = UnregisteredPerson.objects.filter(region_path=person.region_path, id_number=person.id_number)
    return rows.select_related("feed_type", "upload").order_by("-created_at", "-pk")


def to_register_list(*, actor: Any) -> QuerySet[UnregisteredCheck]:
    """Persons handed to villages in the actor's scope to be registered, not yet in the registry, oldest first
    (the village's worklist; the county sees all of its county's)."""
    checks = UnregisteredCheck.objects.visible_to(actor).filter(outcome=UnregisteredOutcome.REGISTER)
    return checks.filter(~_registered()).select_related("village__parent", "checked_by").order_by("checked_on", "pk")


def status_counts(*, actor: Any, filters: dict[str, Any] | None = None) -> dict[str, int]:
    """The number of persons waiting on someone: the county (待核查) and the villages (待建档)."""
    filters = filters or {}
    return {
        status: unregistered_people(actor=actor, filters={**filters, "status": status}).count()
        for status in (PENDING, TO_REGISTER)
    }
