"""Reads of a person's chronology. Every read starts from a query scoped to the actor.

The actor is a user (scoped by `core.access`), or a named system process run by an
operator on the server (`process="export-chronology"`), which sees everything.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from fullpicture.chronology.models import Event, EventInvolvement, EventQuerySet
from fullpicture.core.models import Agency
from fullpicture.people.models import Address, Person, PersonRecord, Relationship

if TYPE_CHECKING:
    from fullpicture.core.models import User


@dataclass(frozen=True)
class ChronologyFilters:
    agency_id: uuid.UUID | None = None
    event_type: str = ""
    significance: str = ""
    date_from: date | None = None
    date_to: date | None = None

    def as_audit(self) -> dict[str, str]:
        """The filters in force, as the audit row records them."""
        return {k: str(v) for k, v in asdict(self).items() if v}


def events_for(user: User | None, *, process: str = "") -> EventQuerySet:
    """The events an actor may read: the user's scope, or all for a named system process."""
    if user is None:
        if not process:
            raise ValueError("Events are read as a user or as a named system process.")
        return Event.objects.all()
    return Event.objects.visible_to(user)


def _record_ids(person: Person) -> list[uuid.UUID]:
    """The ids of the agencies' records of this person: a few, found by index."""
    return list(PersonRecord.objects.filter(person=person).values_list("pk", flat=True))


def _about_person(events: QuerySet, person: Person) -> QuerySet:
    """A person's events: those about one of their records, or involving one.

    The person's few record ids, and the ids of events they are involved in, are
    looked up first (both by index), so the events query is two plain `IN` lists
    that the database can answer from indexes. `subject OR EXISTS(involvement)`
    reads the same but makes PostgreSQL scan every event in the population.
    """
    record_ids = _record_ids(person)
    involved_ids = list(
        EventInvolvement.objects.filter(record_id__in=record_ids)
        .values_list("event_id", flat=True)
        .distinct()
    )
    return events.filter(Q(subject_id__in=record_ids) | Q(pk__in=involved_ids))


def person_chronology(
    *,
    person: Person,
    user: User | None,
    filters: ChronologyFilters | None = None,
    process: str = "",
    oldest_first: bool = False,
) -> QuerySet[Event]:
    """The current (not superseded) events about a person that the actor may read."""
    events = _about_person(events_for(user, process=process).current(), person)
    filters = filters or ChronologyFilters()
    if filters.agency_id:
        events = events.filter(agency_id=filters.agency_id)
    if filters.event_type:
        events = events.filter(event_type_id=filters.event_type)
    if filters.significance:
        events = events.filter(significance=filters.significance)
    if filters.date_from:
        events = events.filter(occurred_on__gte=filters.date_from)
    if filters.date_to:
        events = events.filter(occurred_on__lte=filters.date_to)
    order = (
        ["occurred_on", "occurred_time", "created_at"]
        if oldest_first
        else ["-occurred_on", "-occurred_time", "-created_at"]
    )
    return events.select_related(
        "agency", "event_type", "entered_by", "subject__agency", "supersedes"
    ).order_by(*order)


def events_in_order(event_ids: list[uuid.UUID]) -> list[Event]:
    """These events, in this order, with what a chronology row shows, in one query.

    A page of a long chronology is best found as ids first (ordering and limiting
    the events alone) and then read in full: joining every related row to all of a
    child's thousands of events before keeping fifty made PostgreSQL spend 60 ms.
    """
    found = Event.objects.select_related(
        "agency", "event_type", "entered_by", "subject__agency", "supersedes"
    ).in_bulk(event_ids)
    return [found[pk] for pk in event_ids]


def person_chronology_index(
    *, person: Person, user: User, filters: ChronologyFilters | None = None
) -> list[tuple[uuid.UUID, date, uuid.UUID, str]]:
    """(id, occurred_on, agency_id, significance) of each event of `person_chronology`,
    newest first: the timeline's points and the table's pages from one cheap read, even
    for a child with thousands of events."""
    events = person_chronology(person=person, user=user, filters=filters)
    return list(events.values_list("pk", "occurred_on", "agency_id", "significance"))


def person_agencies(*, person: Person) -> list[Agency]:
    """Agencies involved with a person: those holding a record of them.

    That includes every agency with events about them: an agency records events
    on its own record of a person (the import resolves subject and involved ids
    within the agency's own extract; the form and corrections use the user's
    agency's record), so looking through a child's thousands of events finds no
    agency this does not.
    """
    return list(
        Agency.objects.filter(
            Exists(PersonRecord.objects.filter(agency=OuterRef("pk"), person=person))
        ).order_by("name")
    )


@dataclass(frozen=True)
class RelatedPerson:
    """A relationship as it reads from this person's side: 'Parent: Dean Smith'."""

    label: str
    other: Person
    other_visible: bool
    from_date: date | None
    to_date: date | None
    parental_responsibility: bool | None
    agency: Agency
    is_current: bool


def person_relationships(*, person: Person, user: User) -> list[RelatedPerson]:
    """The people a person is related to, as each agency recorded it, current ones first."""
    from fullpicture.people.models import INVERSE_LABELS, SYMMETRIC_RELATIONSHIPS

    # The person's few record ids first: an OR across two joins makes PostgreSQL
    # scan every relationship, two `IN` lists are two index lookups.
    record_ids = _record_ids(person)
    rows = (
        Relationship.objects.filter(
            Q(from_record_id__in=record_ids) | Q(to_record_id__in=record_ids)
        )
        .select_related("agency", "from_record__person", "to_record__person")
        .order_by("from_date")
    )
    today = timezone.localdate()
    related: list[tuple[str, Relationship, Person]] = []
    for row in rows:
        from_here = row.from_record.person_id == person.pk
        other = row.to_record.person if from_here else row.from_record.person
        if other.pk == person.pk:
            continue  # two records of one person, linked after the agency related them
        kind = row.get_kind_display()
        if from_here and row.kind not in SYMMETRIC_RELATIONSHIPS:
            # "A parent B" read from A: B is A's child.
            kind = INVERSE_LABELS.get(row.kind, kind)
        related.append((kind, row, other))
    # Only people the user may open get a link; the others are named, as the agency
    # that recorded the relationship shared it.
    visible = set(
        Person.objects.visible_to(user)
        .filter(pk__in={other.pk for _, _, other in related})
        .values_list("pk", flat=True)
    )
    people = [
        RelatedPerson(
            label=kind,
            other=other,
            other_visible=other.pk in visible,
            from_date=row.from_date,
            to_date=row.to_date,
            parental_responsibility=row.parental_responsibility,
            agency=row.agency,
            is_current=row.to_date is None or row.to_date >= today,
        )
        for kind, row, other in related
    ]
    people.sort(key=lambda r: (not r.is_current, r.other.family_name, r.other.given_name))
    return people


def person_addresses(*, person: Person) -> list[Address]:
    """Addresses the agencies hold, the latest first (the first is taken as current)."""
    addresses = list(Address.objects.filter(record__person=person).select_related("record__agency"))
    addresses.sort(key=lambda a: a.from_date or a.recorded_on, reverse=True)
    return addresses


def person_record_for_agency(*, person: Person, agency: Agency) -> PersonRecord | None:
    """The agency's own record of the person (the oldest, if linkage joined several)."""
    return (
        PersonRecord.objects.filter(person=person, agency=agency)
        .order_by("recorded_on", "created_at")
        .first()
    )


def event_for_user(*, user: User, event_id: uuid.UUID) -> tuple[Event, Person]:
    """An event the user may read, and the person it is about that the user may see.

    Raises Http404 otherwise: the user cannot tell a hidden event from a missing one."""
    visible_people = Person.objects.visible_to(user)
    event = (
        Event.objects.visible_to(user)
        .select_related("agency", "event_type", "entered_by", "subject__person", "subject__agency")
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        raise Http404("No such event.")
    if visible_people.filter(pk=event.subject.person_id).exists():
        return event, event.subject.person
    involved = visible_people.filter(records__involvements__event=event).first()
    if involved is None:
        raise Http404("No such event.")
    return event, involved


def event_is_current(event: Event) -> bool:
    """Not superseded by a correction."""
    return not Event.objects.filter(supersedes=event).exists()


def event_versions(*, event: Event, user: User) -> list[Event]:
    """Every version of an entry the user may read, the newest first."""
    return list(
        Event.objects.visible_to(user)
        .filter(agency_id=event.agency_id, source_ref=event.source_ref)
        .select_related("agency", "event_type", "entered_by", "subject__agency")
        .prefetch_related("involvements__record")
        .order_by("-version")
    )


def event_types_by_domain() -> dict[str, list[tuple[str, str]]]:
    """{domain: [(code, label), ...]} for a grouped select."""
    from fullpicture.chronology.models import EventType

    groups: dict[str, list[tuple[str, str]]] = {}
    for code, domain, label in EventType.objects.order_by("domain", "label").values_list(
        "code", "domain", "label"
    ):
        groups.setdefault(domain, []).append((code, label))
    return groups
