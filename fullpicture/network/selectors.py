"""Reads of the people around a child: the derivation, with names, sources and history.

Every read starts from what the user may see: the child from
`Person.objects.visible_to(user)` (the view), links resting on an event the user may
not read are left out, and an adult's history is shown only where
`core.access.can_see_adult_history` allows.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Max, Q, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from fullpicture.chronology.models import Event, EventInvolvement, EventType
from fullpicture.core import access
from fullpicture.core.models import Agency, User
from fullpicture.core.templatetags.fp import date_text
from fullpicture.network.derivation import CSC, Derivation, Edge, Link, Source, people_around
from fullpicture.network.models import HandoverRead, NamedWorker, RelationshipEntry
from fullpicture.people.models import (
    Address,
    Person,
    PersonRecord,
    Relationship,
    RelationshipKind,
)

# The adult history the hidden adults panel summarises, by heading.
HISTORY = {
    "Violence": ("police.violent_offence", "police.domestic_abuse_incident"),
    "Sexual offences": ("police.sexual_offence",),
    "Risk to children marker": ("police.risk_to_children_marker",),
    "Substance misuse": ("health.parent_substance_misuse", "adult.substance_misuse_service"),
    "Mental health services": ("health.parent_mental_health", "adult.mental_health_contact"),
}
HISTORY_TYPES = {code: heading for heading, codes in HISTORY.items() for code in codes}
HISTORY_READERS_TEXT = {
    "police": "police, children's social care, probation and the safeguarding partnership",
    "health": "health, adult social care, children's social care and the safeguarding partnership",
    "adult": "adult social care, health, children's social care and the safeguarding partnership",
}

KIND_LABELS = dict(RelationshipKind.choices)
# The page lists this many sources of a person and says how many more there are;
# the export lists all of them.
SOURCES_SHOWN = 6

ROLE_WORDS = {
    "subject": "subject",
    "alleged_perpetrator": "alleged perpetrator",
    "present": "present",
    "carer": "carer",
    "victim": "victim",
    "witness": "witness",
    "parent": "parent",
    "reporter": "reporter",
    "sibling": "sibling",
}


def _gendered(sex: str, male: str, female: str, neutral: str) -> str:
    return {"M": male, "F": female}.get(sex, neutral)


@dataclass
class HistoryItem:
    heading: str
    occurred_on: date
    type_label: str
    agency: Agency
    summary: str
    role: str


@dataclass
class PersonRow:
    """One person around the child as the page, the export and the genogram show them."""

    person: Person
    label: str  # relationship to the child, in words: "Mother", "Partner of Sarah Hargreaves"
    role: str  # parent, step_parent, sibling, half_sibling, grandparent, child,
    # partner_of_parent, ex_partner_of_parent, other
    generation: int  # -2 grandparents, -1 parents, 0 the child's, 1 children
    links: list[Link]
    in_household: bool
    household_periods: list[tuple[date | None, date | None, str]]
    hidden: bool
    hidden_raised: bool
    why: list[str]  # for hidden adults: why they are connected, with dates and agencies
    history: list[HistoryItem] = field(default_factory=list)
    # Who may see the history this user may not (said whether or not there is any).
    history_withheld: list[str] = field(default_factory=list)
    visible: bool = False  # the user may open their page
    csc_recorded: bool = False

    @property
    def first_day(self) -> date | None:
        days = [link.from_day for link in self.links if link.from_day]
        return min(days) if days else None

    @property
    def last_day(self) -> date | None:
        if any(link.via != "event" and link.to_day is None for link in self.links):
            return None
        days = [link.to_day for link in self.links if link.to_day]
        return max(days) if days else None

    @property
    def sources_shown(self) -> list[Source]:
        return self.sources()[:SOURCES_SHOWN]

    @property
    def sources_more(self) -> int:
        return max(0, len(self.sources()) - SOURCES_SHOWN)

    def sources(self) -> list[Source]:
        seen: dict[tuple, Source] = {}
        for link in self.links:
            for source in link.sources:
                seen.setdefault((source.agency_code, source.record, source.event_id), source)
        return list(seen.values())


@dataclass(frozen=True)
class HouseholdSpell:
    person: Person
    from_day: date | None
    to_day: date | None
    agencies: str


@dataclass
class Network:
    child: Person
    day: date
    people: list[PersonRow]
    edges: list[Edge]
    looked_after: bool

    @property
    def hidden(self) -> list[PersonRow]:
        return [row for row in self.people if row.hidden]

    @property
    def household(self) -> list[PersonRow]:
        return [row for row in self.people if row.in_household]

    @property
    def household_spells(self) -> list[HouseholdSpell]:
        """Each spell of each person in the household, merged over agencies, oldest first."""
        spells: list[HouseholdSpell] = []
        for row in self.people:
            merged: dict[tuple, set[str]] = defaultdict(set)
            for from_day, to_day, agencies in row.household_periods:
                merged[(from_day, to_day)].update(a for a in agencies.split(", ") if a)
            for (from_day, to_day), agencies in merged.items():
                spells.append(
                    HouseholdSpell(row.person, from_day, to_day, ", ".join(sorted(agencies)))
                )
        spells.sort(
            key=lambda s: (s.from_day or date.min, s.person.family_name, s.person.given_name)
        )
        return spells

    def row(self, person_id: str) -> PersonRow | None:
        for row in self.people:
            if row.person.pk.hex == person_id:
                return row
        return None


# --- labels


def _label_and_role(
    child_id: str,
    links: list[Link],
    people: dict[str, Person],
    other: Person,
    child_parents: frozenset[str] = frozenset(),
) -> tuple[str, str, int]:
    """The closest relationship to the child, as (words, role, generation)."""
    sex = other.sex
    for link in links:
        if link.via != "relationship":
            continue
        other_is_from = link.b_id == child_id
        kind = link.kind
        if kind == "parent":
            if other_is_from:
                return _gendered(sex, "Father", "Mother", "Parent"), "parent", -1
            return _gendered(sex, "Son", "Daughter", "Child"), "child", 1
        if kind == "step_parent":
            if other_is_from:
                return (
                    _gendered(sex, "Step-father", "Step-mother", "Step-parent"),
                    "step_parent",
                    -1,
                )
            return "Step-child", "child", 1
        if kind == "grandparent" and other_is_from:
            return (
                _gendered(sex, "Grandfather", "Grandmother", "Grandparent"),
                "grandparent",
                -2,
            )
        if kind == "sibling":
            return _gendered(sex, "Brother", "Sister", "Sibling"), "sibling", 0
        if kind == "half_sibling":
            return (
                _gendered(sex, "Half-brother", "Half-sister", "Half-sibling"),
                "half_sibling",
                0,
            )
    parents_of_other = {
        link.through_id
        for link in links
        if link.via == "parent_relationship"
        and link.kind == "parent"
        and link.b_id != link.through_id
    }
    for link in links:
        if link.via != "parent_relationship":
            continue
        parent = people.get(link.through_id)
        parent_word = _gendered(parent.sex, "father", "mother", "parent") if parent else "parent"
        parent_name = parent.full_name if parent else "a parent"
        other_is_from = link.a_id != link.through_id
        if link.kind == "partner":
            return f"Partner of {parent_name} ({parent_word})", "partner_of_parent", -1
        if link.kind == "ex_partner":
            return f"Ex-partner of {parent_name} ({parent_word})", "ex_partner_of_parent", -1
        if link.kind == "parent" and other_is_from:
            return (
                f"{_gendered(sex, 'Grandfather', 'Grandmother', 'Grandparent')} "
                f"({parent_word}'s {_gendered(sex, 'father', 'mother', 'parent')})",
                "grandparent",
                -2,
            )
        if (
            link.kind == "parent"
            and not other_is_from
            and child_parents
            and (len(child_parents) >= 2 and child_parents <= parents_of_other)
        ):
            return _gendered(sex, "Brother", "Sister", "Sibling"), "sibling", 0
        if link.kind in ("parent", "step_parent") and not other_is_from:
            return (
                f"{_gendered(sex, 'Half-brother', 'Half-sister', 'Half-sibling')} "
                f"({parent_word}'s child)",
                "half_sibling",
                0,
            )
    for link in links:
        if link.via == "relationship":
            other_is_from = link.b_id == child_id
            words = {
                "godparent": "Godparent" if other_is_from else "Godchild",
                "carer": "Carer" if other_is_from else "Cared for",
                "household_member": "Household member",
                "partner": "Partner",
                "ex_partner": "Ex-partner",
                "other_relative": "Other relative",
                "friend": "Friend",
                "grandparent": "Grandchild",
            }.get(link.kind, link.kind.replace("_", " ").capitalize())
            return words, "other", _default_generation(other)
    for link in links:
        if link.via == "household":
            words = {
                "address": "Lives or lived at the child's address",
                "carer": "Carer",
                "household_member": "Household member",
                "partner_of_parent": "Partner of a parent living with the child",
            }[link.kind]
            role = "partner_of_parent" if link.kind == "partner_of_parent" else "other"
            return words, role, _default_generation(other)
    events = {link.event_id for link in links if link.event_id}
    return (
        f"In {len(events)} event{'s' if len(events) != 1 else ''} with the child or a parent",
        "other",
        _default_generation(other),
    )


def _default_generation(person: Person) -> int:
    birth = person.birth_date
    if birth is None:
        return -1
    today = timezone.localdate()
    return -1 if (today - birth).days >= 18 * 365 else 0


# --- sources


def _sources(
    derivation: Derivation, people: dict[str, Person], user: User | None
) -> dict[str, list[Link]]:
    """Each person's links with their sources; links resting on an unreadable event go."""
    ids = [uuid.UUID(p) for p in {derivation.child_id, *derivation.people}]
    # Thousands of events may link people to a child: the snapshot already holds each one's
    # agency, type, date and sensitivity, so none is read again here. Access is the one
    # rule of core.access, asked of an unsaved event with those two fields.
    agencies_by_id = {a.pk.hex: a for a in Agency.objects.all()}
    labels = dict(EventType.objects.values_list("code", "label"))
    readable: dict[tuple[str, str], bool] = {}

    def can_read(link: Link) -> bool:
        if user is None:
            return True
        key = (link.agency_id, link.sensitivity)
        if key not in readable:
            probe = Event(agency_id=uuid.UUID(link.agency_id), sensitivity=link.sensitivity)
            readable[key] = access.can_view_event(user, probe)
        return readable[key]

    relationships = list(
        Relationship.objects.filter(from_record__person_id__in=ids, to_record__person_id__in=ids)
        .select_related("agency", "from_record", "to_record")
        .prefetch_related("network_entries__by__agency")
    )
    by_pair: dict[tuple[str, str, str], list[Relationship]] = defaultdict(list)
    for rel in relationships:
        a, b = rel.from_record.person_id.hex, rel.to_record.person_id.hex
        by_pair[(a, rel.kind, b)].append(rel)
        by_pair[(b, rel.kind, a)].append(rel)
    addresses: dict[str, list[Address]] = defaultdict(list)
    for address in Address.objects.filter(record__person_id__in=ids).select_related(
        "record__agency"
    ):
        addresses[address.record.person_id.hex].append(address)

    child_keys = {_address_key(a) for a in addresses.get(derivation.child_id, [])}

    def rel_source(rel: Relationship) -> Source:
        entry = next((e for e in rel.network_entries.all() if e.action == "added"), None)
        recorded_by = (
            f"recorded by {entry.by.display_name}, {entry.by.agency.name}" if entry else ""
        )
        return Source(
            agency=rel.agency.name,
            agency_code=rel.agency.code,
            agency_kind=rel.agency.kind,
            record=f"{KIND_LABELS.get(rel.kind, rel.kind).lower()} relationship recorded "
            f"{date_text(rel.recorded_on)}",
            on=rel.recorded_on,
            recorded_by=recorded_by,
            relationship_id=rel.pk.hex,
        )

    parents = {
        other
        for other, around in derivation.people.items()
        for link in around.links
        if link.via == "relationship"
        and link.kind in ("parent", "step_parent")
        and link.b_id == derivation.child_id
    }
    result: dict[str, list[Link]] = {}
    for other, around in derivation.people.items():
        kept: list[Link] = []
        for link in around.links:
            sources: list[Source] = []
            if link.event_id:
                if not can_read(link):
                    continue  # the user may not read the event this link rests on
                agency = agencies_by_id[link.agency_id]
                sources.append(
                    Source(
                        agency=agency.name,
                        agency_code=agency.code,
                        agency_kind=agency.kind,
                        record="",
                        label=labels.get(link.kind, link.kind),
                        on=link.from_day,
                        event_id=link.event_id,
                    )
                )
            elif link.a_id:
                for rel in by_pair.get((link.a_id, link.kind, link.b_id), []):
                    if rel.agency.kind == link.agency_kind and rel.from_date == link.from_day:
                        sources.append(rel_source(rel))
            elif link.kind in ("carer", "household_member"):
                for rel in by_pair.get((other, link.kind, derivation.child_id), []):
                    if rel.agency.kind == link.agency_kind:
                        sources.append(rel_source(rel))
            elif link.kind == "partner_of_parent":
                for parent in parents:
                    for rel in by_pair.get((other, "partner", parent), []):
                        if rel.agency.kind == link.agency_kind:
                            sources.append(rel_source(rel))
            elif link.kind == "address":
                for address in addresses.get(other, []):
                    if (
                        address.record.agency.kind == link.agency_kind
                        and _address_key(address) in child_keys
                    ):
                        sources.append(
                            Source(
                                agency=address.record.agency.name,
                                agency_code=address.record.agency.code,
                                agency_kind=address.record.agency.kind,
                                record=f"address {address}, from "
                                f"{date_text(address.from_date or address.recorded_on)}",
                                on=address.from_date or address.recorded_on,
                            )
                        )
            unique = (
                sources
                if len(sources) < 2
                else list({(s.agency_code, s.record, s.event_id): s for s in sources}.values())
            )
            kept.append(link.with_sources(tuple(unique)))
        if kept:
            result[other] = kept
    return result


def _address_key(address: Address) -> str:
    """As the snapshot normalises addresses: postcode without spaces, address in lower case."""
    postcode = (address.postcode or "").replace(" ", "").upper()
    return f"{postcode}|{' '.join((address.address or '').lower().split())}"


# --- why a hidden adult is connected


def _why(row_links: list[Link], people: dict[str, Person]) -> list[str]:
    reasons: list[str] = []
    for link in row_links:
        if link.by_csc:
            continue
        agencies = ", ".join(dict.fromkeys(s.agency for s in link.sources)) or link.agency_kind
        if link.via == "household" and link.kind == "address":
            until = f" to {date_text(link.to_day)}" if link.to_day else ""
            reasons.append(
                f"Shared address from {date_text(link.from_day) or 'a date not known'}{until}, "
                f"per {agencies}"
            )
        elif link.via in ("relationship", "parent_relationship") or link.via == "household":
            through = people.get(link.through_id)
            if link.kind == "partner_of_parent":
                continue  # said by the partner link itself
            kind = link.kind.replace("_", "-") if link.kind == "ex_partner" else link.kind
            kind = kind.replace("_", " ")
            whom = (
                f"{through.full_name} ({_gendered(through.sex, 'father', 'mother', 'parent')})"
                if through
                else "the child"
            )
            record = min((s.on for s in link.sources if s.on), default=link.recorded_on)
            reasons.append(
                f"{kind.capitalize()} of {whom} per {agencies} record of {date_text(record)}"
            )
    incidents: dict[str, dict[str, Link]] = defaultdict(dict)
    for link in row_links:
        if (
            link.event_id
            and not link.by_csc
            and link.role in ("alleged_perpetrator", "present", "carer")
        ):
            incidents[link.role].setdefault(link.event_id, link)
    for role, by_event in incidents.items():
        links = sorted(by_event.values(), key=lambda link: link.from_day or date.min)
        dates = ", ".join(date_text(link.from_day) for link in links)
        agencies = ", ".join(dict.fromkeys(s.agency for link in links for s in link.sources))
        reasons.append(
            f"{ROLE_WORDS[role].capitalize()} at {len(links)} incident{'s' if len(links) != 1 else ''} "
            f"({dates}), per {agencies}"
        )
    return list(dict.fromkeys(reasons))


# --- history


def _history(rows: list[PersonRow], user: User | None) -> None:
    """Fill each hidden adult's relevant history, as far as the user may see it."""
    hidden = [row for row in rows if row.hidden]
    if not hidden:
        return
    record_ids = dict(
        PersonRecord.objects.filter(person__in=[r.person for r in hidden]).values_list(
            "pk", "person_id"
        )
    )
    involved = EventInvolvement.objects.filter(
        record_id__in=list(record_ids), event__event_type_id__in=list(HISTORY_TYPES)
    ).values_list("event_id", "record_id", "role")
    roles: dict[uuid.UUID, tuple[uuid.UUID, str]] = {
        event_id: (record_ids[record_id], role) for event_id, record_id, role in involved
    }
    events = (
        Event.objects.current()
        .filter(Q(subject_id__in=list(record_ids)) | Q(pk__in=list(roles)))
        .filter(event_type_id__in=list(HISTORY_TYPES))
        .select_related("agency", "event_type", "subject")
    )
    if user is not None:
        events = events.visible_to(user)
    by_person: dict[uuid.UUID, list[HistoryItem]] = defaultdict(list)
    for event in events.order_by("-occurred_on"):
        if event.subject_id in record_ids:
            person_id, role = record_ids[event.subject_id], "subject"
        else:
            person_id, role = roles[event.pk]
        if (
            event.event_type_id == "police.domestic_abuse_incident"
            and role != "alleged_perpetrator"
        ):
            continue
        if role in ("victim", "witness", "reporter"):
            continue
        domain = event.event_type.domain
        if user is not None and not access.can_see_adult_history(user, domain):
            continue
        by_person[person_id].append(
            HistoryItem(
                heading=HISTORY_TYPES[event.event_type_id],
                occurred_on=event.occurred_on,
                type_label=event.event_type.label,
                agency=event.agency,
                summary=event.summary,
                role=ROLE_WORDS.get(role, role),
            )
        )
    for row in hidden:
        row.history = by_person.get(row.person.pk, [])
        # The domains the user may never see, whether or not anything is there: saying
        # which were withheld for this adult would tell them it exists.
        row.history_withheld = [
            HISTORY_READERS_TEXT[d]
            for d in ("police", "health", "adult")
            if user is not None and not access.can_see_adult_history(user, d)
        ]


# --- the network


def person_network(*, person: Person, user: User | None, day: date | None = None) -> Network:
    """The people around `person` (whom the caller has checked the user may see)."""
    day = day or timezone.localdate()
    derivation = people_around(person.pk, day)
    ids = [uuid.UUID(p) for p in derivation.people]
    people = {p.pk.hex: p for p in Person.objects.filter(pk__in=ids)}
    people[person.pk.hex] = person
    linked = _sources(derivation, people, user)
    visible = (
        set(Person.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
        if user is not None
        else set(ids)
    )
    child_parents = frozenset(
        other
        for other, around in derivation.people.items()
        for link in around.links
        if link.via == "relationship" and link.kind == "parent" and link.b_id == derivation.child_id
    )
    rows: list[PersonRow] = []
    for other, links in linked.items():
        target = people.get(other)
        if target is None:
            continue
        around = derivation.people[other]
        label, role, generation = _label_and_role(
            derivation.child_id, links, people, target, child_parents
        )
        periods = [
            (
                link.from_day,
                link.to_day,
                ", ".join(s.agency for s in link.sources) or link.agency_kind,
            )
            for link in links
            if link.via == "household"
        ]
        rows.append(
            PersonRow(
                person=target,
                label=label,
                role=role,
                generation=generation,
                links=links,
                in_household=any(
                    link.via == "household" and link.current_on(day) for link in links
                ),
                household_periods=periods,
                hidden=around.hidden,
                hidden_raised=False,
                why=_why(links, people) if around.hidden else [],
                visible=target.pk in visible,
                csc_recorded=around.known_to_csc(),
            )
        )
    _history(rows, user)
    for row in rows:
        # The raised severity says what the history holds; shown only with the history.
        row.hidden_raised = derivation.people[row.person.pk.hex].hidden_raised and (
            user is None or access.can_see_adult_history(user, "police")
        )
    order = {"parent": 0, "step_parent": 1, "partner_of_parent": 2, "sibling": 3,
             "half_sibling": 4, "grandparent": 5, "child": 6, "ex_partner_of_parent": 7,
             "other": 8}  # fmt: skip
    rows.sort(
        key=lambda r: (not r.in_household, order[r.role], r.person.family_name, r.person.given_name)
    )
    return Network(
        child=person,
        day=day,
        people=rows,
        edges=derivation.edges,
        looked_after=derivation.looked_after,
    )


# --- the team around the child


@dataclass
class TeamRow:
    agency: Agency
    name: str
    role: str
    contact: str
    last_contact: date | None
    named: NamedWorker | None  # the current named worker row, when one was recorded
    history: list[NamedWorker]

    @property
    def from_chronology(self) -> bool:
        return self.named is None


def _split_recorder(text: str) -> tuple[str, str]:
    name, _, role = text.partition(",")
    return name.strip(), role.strip()


def team_around(*, person: Person, user: User) -> list[TeamRow]:
    """Each agency working with the child: its named worker (recorded here, or the latest
    recorder in the chronology), their role, the last contact, how to reach them."""
    from fullpicture.chronology.selectors import events_for

    # The child's events are those about one of their records and those involving one:
    # two queries by index, each aggregated per agency in SQL, merged here.
    records = list(PersonRecord.objects.filter(person=person).values_list("pk", flat=True))
    current = events_for(user).current().order_by()
    about = (
        current.filter(subject_id__in=records),
        current.filter(
            pk__in=EventInvolvement.objects.filter(record_id__in=records).values("event_id")
        ),
    )
    latest: dict[uuid.UUID, date] = {}
    for events in about:
        for agency_id, last in (
            events.values("agency_id")
            .annotate(last=Max("occurred_on"))
            .values_list("agency_id", "last")
        ):
            latest[agency_id] = max(last, latest.get(agency_id, last))
    # Who recorded each agency's latest contact: the events of that day, and only when none
    # of them names anyone, the agency's latest event that does.
    newest: dict[uuid.UUID, tuple] = {}

    def keep(rows) -> None:
        for agency_id, on, at, recorded_by, entered_by_id in rows:
            if not (recorded_by or entered_by_id):
                continue
            if agency_id not in newest or (on, at) > newest[agency_id][:2]:
                newest[agency_id] = (on, at, recorded_by, entered_by_id)

    columns = ("agency_id", "occurred_on", "created_at", "recorded_by", "entered_by_id")
    on_last_day = Q()
    for agency_id, last in latest.items():
        on_last_day |= Q(agency_id=agency_id, occurred_on=last)
    for events in about:
        if latest:
            keep(events.filter(on_last_day).values_list(*columns))
    missing = [a for a in latest if a not in newest]
    if missing:
        newest_first = Window(
            RowNumber(),
            partition_by=[F("agency_id")],
            order_by=[F("occurred_on").desc(), F("created_at").desc()],
        )
        for events in about:
            keep(
                events.filter(agency_id__in=missing)
                .exclude(recorded_by="", entered_by__isnull=True)
                .annotate(newest=newest_first)
                .filter(newest=1)
                .values_list(*columns)
            )
    recorder = {agency_id: row[2:] for agency_id, row in newest.items()}
    entered = {
        u.pk: u
        for u in User.objects.filter(pk__in={e for _, e in recorder.values() if e is not None})
    }
    named: dict[uuid.UUID, list[NamedWorker]] = defaultdict(list)
    for worker in NamedWorker.objects.filter(child=person).select_related(
        "agency", "worker", "created_by"
    ):
        named[worker.agency_id].append(worker)
    agencies = Agency.objects.filter(pk__in=set(latest) | set(named)).order_by("name")
    rows: list[TeamRow] = []
    for agency in agencies:
        history = sorted(named.get(agency.pk, []), key=lambda w: w.created_at, reverse=True)
        current = history[0] if history else None
        if current is not None:
            name, role, contact = current.name, current.role, current.contact
        else:
            recorded_by, entered_by_id = recorder.get(agency.pk, ("", None))
            name, role, contact = "", "", ""
            if recorded_by:
                name, role = _split_recorder(recorded_by)
            elif entered_by_id in entered:
                worker = entered[entered_by_id]
                name, role, contact = worker.display_name, worker.job_title, worker.email
        rows.append(
            TeamRow(
                agency=agency,
                name=name,
                role=role,
                contact=contact,
                last_contact=latest.get(agency.pk),
                named=current,
                history=history,
            )
        )
    return rows


def pending_handover(*, person: Person, user: User) -> NamedWorker | None:
    """The handover this user must read first: they are the current named worker of their
    agency for the child, took over from someone, and have not read it yet."""
    if not getattr(user, "is_authenticated", False) or user.agency_id is None:
        return None
    current = (
        NamedWorker.objects.filter(child=person, agency_id=user.agency_id)
        .order_by("-created_at")
        .first()
    )
    if current is None or current.worker_id != user.pk or not current.handover:
        return None
    if HandoverRead.objects.filter(named_worker=current, read_by=user).exists():
        return None
    return current


def endable_relationships(*, network: Network, user: User) -> list[Relationship]:
    """Relationships around the child that the user's agency recorded and may end."""
    from fullpicture.network.services import can_end

    ids = {
        source.relationship_id
        for row in network.people
        for link in row.links
        for source in link.sources
        if source.relationship_id
    }
    return [
        rel
        for rel in Relationship.objects.filter(pk__in=[uuid.UUID(i) for i in ids]).select_related(
            "from_record", "to_record"
        )
        if can_end(user, rel)
    ]


def endable_relationship(
    *, network: Network, user: User, relationship_id: str
) -> Relationship | None:
    for rel in endable_relationships(network=network, user=user):
        if str(rel.pk) == str(relationship_id) or rel.pk.hex == str(relationship_id):
            return rel
    return None


def relationship_entries(*, person: Person) -> list[RelationshipEntry]:
    """Relationships added or ended from the page about this person, newest first."""
    return list(
        RelationshipEntry.objects.filter(
            Q(relationship__from_record__person=person) | Q(relationship__to_record__person=person)
        )
        .select_related("by__agency", "relationship__from_record", "relationship__to_record")
        .order_by("-created_at")
    )


def csc_kind() -> str:
    return CSC
