"""Who has lived with or been around a child, derived from every agency's records.

One derivation, in SQL over the learning checks' DuckDB snapshot (checks/snapshot.py
and the shared views of checks/sql.py), serves three readers: the people-around-
the-child page, `export-network`, and learning check LC09 (hidden adult), which
embeds `LINKS_CTES` and `HIDDEN_ADULTS_SQL` from here. A link is one reason two
people are connected, with the agency kind and record it comes from:

    via                  kind                         what it says
    relationship         the relationship kind        the child and the other person
    parent_relationship  the relationship kind        a parent of the child and the other person
    household            address | carer |            a spell in the child's household
                         household_member |           (household_spells)
                         partner_of_parent
    event                the event type               the other person is in an event of the child
    parent_event         the event type               alleged perpetrator, present or carer in
                                                      an event of a parent

Everything is "as of" the day in `eval(person_id, day)`: a record counts from its
`recorded_on`. `people_around(person_id, day)` runs it for one child and returns
typed rows with their sources (which agency, which record) for the page.
"""

from __future__ import annotations

import threading
import uuid
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone

from fullpicture.checks.sql import spell_known

CSC = "childrens_social_care"
EVERYTHING_BEFORE = "DATE '1900-01-01'"
# The roles in which someone in an event of the child or of a parent makes them
# connected for LC09 (learning-checks.md).
LC09_ROLES = ("alleged_perpetrator", "present", "carer")
# What raises LC09's severity: the adult's own police history.
RAISING_TYPES = (
    "police.violent_offence",
    "police.sexual_offence",
    "police.risk_to_children_marker",
)

# The links, as CTEs over the snapshot tables and shared views (`eval`, `relationships`,
# `events`, `involvements`, `parents`, `household_spells`). Columns:
# child_id, day, other_id, via, kind, role, through_id, a_id, b_id, from_day, to_day,
# recorded_on, agency_kind, event_id.
LINKS_CTES = f"""
net_relationship_ends AS (
    -- Each relationship seen from both of its ends, so that a join on one column finds
    -- it (a join on `from = x OR to = x` is a nested loop in DuckDB).
    SELECT from_person AS person_id, to_person AS other_id, * FROM relationships
    WHERE from_person <> to_person
    UNION ALL
    SELECT to_person, from_person, * FROM relationships WHERE from_person <> to_person
),
net_participants AS (
    -- Everyone in each event that has someone involved: its subject and those involved.
    -- Only such an event puts a second person beside the child or a parent, and they are
    -- a tenth of the events: joining every event's people to every event's people
    -- (`events_of` with itself) took most of LC09's time over a whole population.
    SELECT e.event_id, e.person_id AS of_person, 'subject' AS role FROM events e
    WHERE e.event_id IN (SELECT event_id FROM involvements)
    UNION ALL
    SELECT event_id, person_id, role FROM involvements
),
net_links AS (
    -- A relationship between the child and someone else.
    SELECT v.person_id AS child_id, v.day, r.other_id,
           'relationship' AS via, r.kind, '' AS role, CAST(NULL AS VARCHAR) AS through_id,
           r.from_person AS a_id, r.to_person AS b_id, r.from_date AS from_day,
           r.to_date AS to_day, r.recorded_on, r.agency_kind,
           CAST(NULL AS VARCHAR) AS event_id
    FROM eval v JOIN net_relationship_ends r ON r.person_id = v.person_id
    WHERE r.recorded_on <= v.day
    UNION ALL
    -- A relationship of a parent: their partner, ex-partner, own parents, other children.
    SELECT p.person_id, p.day, r.other_id,
           'parent_relationship', r.kind, '', p.parent_id, r.from_person, r.to_person,
           r.from_date, r.to_date, r.recorded_on, r.agency_kind, NULL
    FROM parents p JOIN net_relationship_ends r ON r.person_id = p.parent_id
    WHERE r.recorded_on <= p.day AND r.other_id <> p.person_id
    UNION ALL
    -- The household over time (shared address, carer, household member, partner of a
    -- parent living with the child), as far as it was known by the day.
    SELECT v.person_id, v.day, h.member_id, 'household', h.via, '', NULL, NULL, NULL,
           CASE WHEN h.from_day = {EVERYTHING_BEFORE} THEN NULL ELSE h.from_day END,
           h.to_day, h.recorded_on, h.source_kind, NULL
    FROM eval v JOIN household_spells h ON h.child_id = v.person_id
    WHERE {spell_known("h", "v.day")} AND h.member_id <> v.person_id
    UNION ALL
    -- Anyone else in an event of the child: its subject, or involved in any role.
    SELECT DISTINCT v.person_id, v.day, o.of_person, 'event', e.type, o.role, NULL, NULL,
           NULL, e.occurred_on, e.occurred_on, e.recorded_on, e.agency_kind, e.event_id
    FROM eval v
    JOIN net_participants c ON c.of_person = v.person_id
    JOIN events e ON e.event_id = c.event_id
     AND e.recorded_on <= v.day AND e.occurred_on <= v.day
    JOIN net_participants o ON o.event_id = c.event_id AND o.of_person <> v.person_id
    UNION ALL
    -- Alleged perpetrator, present or carer in an event of a parent: roles only an
    -- involvement has.
    SELECT DISTINCT p.person_id, p.day, o.person_id, 'parent_event', e.type, o.role,
           p.parent_id, NULL, NULL, e.occurred_on, e.occurred_on, e.recorded_on,
           e.agency_kind, e.event_id
    FROM parents p
    JOIN net_participants pp ON pp.of_person = p.parent_id
    JOIN events e ON e.event_id = pp.event_id
     AND e.recorded_on <= p.day AND e.occurred_on <= p.day
    JOIN involvements o ON o.event_id = pp.event_id
     AND o.person_id <> p.parent_id AND o.person_id <> p.person_id
     AND o.role IN ('alleged_perpetrator', 'present', 'carer')
)"""

# LC09 (learning-checks.md), one row per child, day and hidden adult, in the registry's
# SQL contract. Reads `net_links` above.
HIDDEN_ADULTS_SQL = f"""
WITH {LINKS_CTES},
net_known_to_csc AS (
    -- Children's social care links the person to the child: a relationship it recorded
    -- between them, a household spell from its records, or its events of the child.
    SELECT DISTINCT child_id, day, other_id FROM net_links
    WHERE agency_kind = '{CSC}' AND via IN ('relationship', 'household', 'event')
),
net_connecting AS (
    -- Another agency's records put the adult in the household on the day, or in an
    -- event of the child or a parent as alleged perpetrator, present or carer.
    SELECT l.* FROM net_links l
    WHERE l.agency_kind <> '{CSC}'
      AND ((l.via = 'household' AND coalesce(l.from_day, {EVERYTHING_BEFORE}) <= l.day
            AND (l.to_day IS NULL OR l.day < l.to_day))
        OR (l.via IN ('event', 'parent_event')
            AND l.role IN ('alleged_perpetrator', 'present', 'carer')))
),
net_csc_children AS (
    SELECT DISTINCT of_person AS child_id, day FROM child_events
    WHERE domain = 'csc' OR agency_kind = '{CSC}'
)
SELECT c.child_id AS person_id, c.day, c.other_id AS key,
       coalesce(list(DISTINCT c.event_id) FILTER (WHERE c.event_id IS NOT NULL), [])
         AS evidence,
       EXISTS (
           SELECT 1 FROM events_of h
           WHERE h.of_person = c.other_id AND h.recorded_on <= c.day
             AND h.occurred_on <= c.day
             AND ((h.type IN ('{"', '".join(RAISING_TYPES)}')
                   AND h.role IN ('subject', 'alleged_perpetrator'))
               OR (h.type = 'police.domestic_abuse_incident'
                   AND h.role = 'alleged_perpetrator'))
       ) AS raised,
       json_object(
           'incidents', count(DISTINCT c.event_id),
           'household_from', min(c.from_day) FILTER (WHERE c.via = 'household'),
           -- sorted: the facts must not depend on the order rows arrive in
           'household_ways', list_sort(list(DISTINCT c.kind) FILTER (WHERE c.via = 'household')),
           'roles', list_sort(list(DISTINCT c.role) FILTER (WHERE c.role <> '')),
           'agency_kinds', list_sort(list(DISTINCT c.agency_kind))
       ) AS facts
FROM net_connecting c
JOIN net_csc_children k ON k.child_id = c.child_id AND k.day = c.day
JOIN adult_on a ON a.person_id = c.other_id AND a.day = c.day
WHERE NOT EXISTS (
    SELECT 1 FROM net_known_to_csc n
    WHERE n.child_id = c.child_id AND n.day = c.day AND n.other_id = c.other_id
)
GROUP BY c.child_id, c.day, c.other_id
"""

# Relationships among the people around a child, for the genogram.
_EDGES_SQL = """
SELECT from_person, kind, to_person, from_date, to_date, recorded_on, agency_kind
FROM relationships
WHERE recorded_on <= $day AND from_person <> to_person
  AND list_contains($people, from_person) AND list_contains($people, to_person)
"""


# --- typed rows


@dataclass(frozen=True)
class Source:
    """Where a link comes from: which agency, which record."""

    agency: str  # the agency's full name
    agency_code: str
    agency_kind: str
    record: str  # in words: "partner relationship recorded 3 March 2025"; "" for an event
    on: date | None = None
    recorded_by: str = ""  # "recorded by Jo Bloggs, Children's Services" when entered here
    event_id: str = ""
    relationship_id: str = ""

    label: str = ""  # an event's type, in words

    @property
    def text(self) -> str:
        """The record in words; an event's formatted only when shown (there may be thousands)."""
        if self.record:
            return self.record
        from fullpicture.core.templatetags.fp import date_text

        return f"{self.label}, {date_text(self.on)}"

    @property
    def event_uuid(self) -> str:
        """The event's id as its page's address takes it."""
        return str(uuid.UUID(self.event_id)) if self.event_id else ""


@dataclass
class Link:
    via: str
    kind: str
    role: str
    through_id: str  # the parent, for links through a parent
    a_id: str  # the relationship's from and to persons, for relationship links
    b_id: str
    from_day: date | None
    to_day: date | None
    recorded_on: date
    agency_kind: str
    event_id: str
    agency_id: str = ""  # of the event, when the link rests on one
    sensitivity: str = ""
    sources: tuple[Source, ...] = ()

    @property
    def by_csc(self) -> bool:
        return self.agency_kind == CSC

    def with_sources(self, sources: tuple[Source, ...]) -> Link:
        """A copy carrying these sources (the derivation's own links are shared, unchanged)."""
        copy = object.__new__(Link)
        copy.__dict__.update(self.__dict__)
        copy.sources = sources
        return copy

    def current_on(self, day: date) -> bool:
        return (self.from_day is None or self.from_day <= day) and (
            self.to_day is None or day < self.to_day
        )


@dataclass(frozen=True)
class Edge:
    """A relationship between two people around the child, merged over agencies."""

    a_id: str
    kind: str
    b_id: str
    from_day: date | None
    to_day: date | None
    by_csc: bool
    agency_kinds: tuple[str, ...]

    def current_on(self, day: date) -> bool:
        return self.to_day is None or day < self.to_day


@dataclass
class PersonAround:
    """Someone connected to the child, every reason why, and what it makes them."""

    person_id: str
    links: list[Link] = field(default_factory=list)
    hidden: bool = False
    hidden_raised: bool = False
    hidden_evidence: tuple[str, ...] = ()

    def household_links(self) -> list[Link]:
        return [link for link in self.links if link.via == "household"]

    def in_household(self, day: date) -> bool:
        return any(link.current_on(day) for link in self.household_links())

    def known_to_csc(self) -> bool:
        return any(
            link.by_csc and link.via in ("relationship", "household", "event")
            for link in self.links
        )

    def events(self) -> list[Link]:
        seen: dict[str, Link] = {}
        for link in self.links:
            if link.event_id and link.event_id not in seen:
                seen[link.event_id] = link
        return sorted(seen.values(), key=lambda link: link.from_day or date.min)


@dataclass
class Derivation:
    """The people around one child as of a day, straight from the snapshot."""

    child_id: str
    day: date
    people: dict[str, PersonAround]
    edges: list[Edge]
    looked_after: bool


def _hex(value: uuid.UUID | str) -> str:
    return uuid.UUID(str(value)).hex


def derive(snapshot, person_id: uuid.UUID | str, day: date) -> Derivation:
    """Run the derivation for one person over an open snapshot (which must hold their
    neighbourhood). Leaves `eval` holding that person and day."""
    con = snapshot.con
    child = _hex(person_id)
    con.execute("DELETE FROM eval")
    con.execute("INSERT INTO eval VALUES ($p, CAST($d AS DATE))", {"p": child, "d": day})
    people: dict[str, PersonAround] = {}
    rows = con.execute(
        f"WITH {LINKS_CTES} SELECT l.other_id, l.via, l.kind, l.role, l.through_id, l.a_id, "
        "l.b_id, l.from_day, l.to_day, l.recorded_on, l.agency_kind, l.event_id, e.agency_id, "
        "e.sensitivity FROM net_links l LEFT JOIN events e ON e.event_id = l.event_id "
        "ORDER BY l.other_id, l.via, l.from_day NULLS FIRST, l.recorded_on"
    ).fetchall()
    for (
        other, via, kind, role, through, a_id, b_id, from_day, to_day, rec, kind_, ev,
        agency_id, sensitivity,
    ) in rows:  # fmt: skip
        around = people.setdefault(other, PersonAround(other))
        around.links.append(
            Link(
                via=via,
                kind=kind or "",
                role=role or "",
                through_id=through or "",
                a_id=a_id or "",
                b_id=b_id or "",
                from_day=from_day,
                to_day=to_day,
                recorded_on=rec,
                agency_kind=kind_ or "",
                event_id=ev or "",
                agency_id=agency_id or "",
                sensitivity=sensitivity or "",
            )
        )
    for _person, _day, key, evidence, raised, _facts in con.execute(
        f"SELECT * FROM ({HIDDEN_ADULTS_SQL})"
    ).fetchall():
        around = people.get(key)
        if around is not None:
            around.hidden = True
            around.hidden_raised = bool(raised)
            around.hidden_evidence = tuple(sorted(evidence or ()))
    ids = [child, *people]
    merged: dict[tuple[str, str, str], Edge] = {}
    for a, kind, b, from_date, to_date, _rec, agency_kind in con.execute(
        _EDGES_SQL, {"day": day, "people": ids}
    ).fetchall():
        if kind in ("partner", "ex_partner", "sibling", "half_sibling", "household_member"):
            a, b = sorted((a, b))
        key = (a, kind, b)
        held = merged.get(key)
        if held is None:
            merged[key] = Edge(a, kind, b, from_date, to_date, agency_kind == CSC, (agency_kind,))
        else:
            merged[key] = Edge(
                a,
                kind,
                b,
                held.from_day or from_date,
                # Ended when any agency records it ended and none records it open.
                None if held.to_day is None or to_date is None else max(held.to_day, to_date),
                held.by_csc or agency_kind == CSC,
                tuple(sorted({*held.agency_kinds, agency_kind})),
            )
    looked_after = bool(
        con.execute(
            "SELECT count(*) FROM open_involvements WHERE kind = 'lac'",
        ).fetchone()[0]
    )
    return Derivation(child, day, people, list(merged.values()), looked_after)


def _fingerprint(person_ids: frozenset[str]) -> tuple:
    """What a derivation over these people read, cheaply: their records and which person
    each belongs to (linkage moves records), the fields of each person the derivation
    uses, their relationships as stated, how many events are about or involve them, and
    the addresses at their postcodes. Events are never changed in place (a correction
    or re-import is a new version), so counts and the latest ids say when one arrives.
    When the fingerprint is unchanged, the derivation would come out the same."""
    from django.db.models import Count, Max, Q

    from fullpicture.chronology.models import Event, EventInvolvement
    from fullpicture.people.models import Address, Person, PersonRecord, Relationship

    ids = [uuid.UUID(p) for p in person_ids]
    records = sorted(
        PersonRecord.objects.filter(person_id__in=ids).values_list("pk", "person_id"), key=str
    )
    record_ids = [r for r, _ in records]
    people = sorted(
        Person.objects.filter(pk__in=ids).values_list("pk", "birth_date", "sex", "deceased_on"),
        key=str,
    )
    relationships = sorted(
        Relationship.objects.filter(
            Q(from_record_id__in=record_ids) | Q(to_record_id__in=record_ids)
        ).values_list(
            "pk", "agency_id", "from_record_id", "kind", "to_record_id", "from_date",
            "to_date", "recorded_on",
        ),
        key=str,
    )  # fmt: skip
    subject_events = Event.objects.filter(subject_id__in=record_ids).count()
    involved = EventInvolvement.objects.filter(record_id__in=record_ids).aggregate(
        n=Count("pk"), last=Max("pk")
    )
    postcodes = Address.objects.filter(record_id__in=record_ids).exclude(postcode="")
    addresses = Address.objects.filter(
        Q(record_id__in=record_ids) | Q(postcode__in=postcodes.values("postcode"))
    ).aggregate(n=Count("pk"), last=Max("pk"))
    return (
        tuple(records),
        tuple(people),
        tuple(relationships),
        subject_events,
        (involved["n"], involved["last"]),
        (addresses["n"], addresses["last"]),
    )


# Derivations recently made in this process, by person and day: (people read, fingerprint,
# derivation). Reused only while the fingerprint is unchanged; ids and dates, no names.
_RECENT: OrderedDict[str, tuple[frozenset[str], tuple, Derivation]] = OrderedDict()
_RECENT_SIZE = 64
_RECENT_LOCK = threading.Lock()


def people_around(person_id: uuid.UUID | str, day: date | None = None) -> Derivation:
    """The people around a person as of `day` (today): loads their neighbourhood, derives,
    and closes the snapshot. The page adds names and sources (network.selectors).

    The result is kept in this process per person and day, and reused only while the
    fingerprint of what it read is unchanged (one query of counts instead of a
    snapshot). It holds ids and dates, no names; access is applied after, per user.
    """
    from fullpicture.checks.selectors import neighbourhood
    from fullpicture.checks.snapshot import snapshot_load

    day = day or timezone.localdate()
    key = f"{_hex(person_id)}:{day.isoformat()}"
    with _RECENT_LOCK:
        held = _RECENT.get(key)
    if held is not None:
        person_ids, fingerprint, derivation = held
        if _fingerprint(person_ids) == fingerprint:
            with _RECENT_LOCK:
                _RECENT.move_to_end(key, last=True)
            return derivation
    near = frozenset(p.hex for p in neighbourhood([person_id]))
    fingerprint = _fingerprint(near)
    snapshot = snapshot_load(near)
    try:
        derivation = derive(snapshot, person_id, day)
    finally:
        snapshot.close()
    with _RECENT_LOCK:
        _RECENT[key] = (near, fingerprint, derivation)
        while len(_RECENT) > _RECENT_SIZE:
            _RECENT.popitem(last=False)
    return derivation
