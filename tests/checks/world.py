"""A small world of people, records and events for testing learning checks at their boundaries.

    w = World()
    child = w.person("Tyler", born=date(2015, 1, 1))
    w.event(child, "health.injury", date(2024, 1, 10), agency="OUH")
    assert w.fires("LC04", child, on=date(2024, 6, 1))

Agencies are made on first use by code; their kind comes from KINDS. Every
person gets one record per agency that mentions them.
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from fullpicture.checks import engine
from fullpicture.checks.registry import check
from fullpicture.checks.snapshot import snapshot_load
from fullpicture.chronology.models import Event, EventInvolvement
from fullpicture.core.models import Agency, AgencyKind
from fullpicture.people.models import Address, Person, PersonRecord, Relationship

KINDS = {
    "TVP": AgencyKind.POLICE,
    "OUH": AgencyKind.HEALTH,
    "GP": AgencyKind.HEALTH,
    "OHFT": AgencyKind.HEALTH,
    "SCH": AgencyKind.EDUCATION,
    "SCH2": AgencyKind.EDUCATION,
    "CSC": AgencyKind.CHILDRENS_SOCIAL_CARE,
    "EH": AgencyKind.CHILDRENS_SOCIAL_CARE,
    "ASC": AgencyKind.ADULT_SOCIAL_CARE,
    "HOUSING": AgencyKind.HOUSING,
    "PROBATION": AgencyKind.PROBATION,
    "VOL": AgencyKind.VOLUNTARY,
}

_serial = count(1)


class World:
    def __init__(self) -> None:
        self.agencies: dict[str, Agency] = {}

    def agency(self, code: str) -> Agency:
        if code not in self.agencies:
            self.agencies[code], _ = Agency.objects.get_or_create(
                code=code, defaults={"name": f"Agency {code}", "kind": KINDS[code]}
            )
        return self.agencies[code]

    def person(
        self, given: str, *, born: date | None, sex: str = "F", family: str = "Test"
    ) -> Person:
        return Person.objects.create(given_name=given, family_name=family, birth_date=born, sex=sex)

    def record(self, person: Person, agency: str) -> PersonRecord:
        found = PersonRecord.objects.filter(person=person, agency=self.agency(agency)).first()
        if found:
            return found
        return PersonRecord.objects.create(
            person=person,
            agency=self.agency(agency),
            local_id=f"R{next(_serial)}",
            given_name=person.given_name,
            family_name=person.family_name,
            birth_date=person.birth_date,
            sex=person.sex,
            recorded_on=date(2000, 1, 1),
        )

    def event(
        self,
        person: Person,
        type: str,
        on: date,
        *,
        agency: str = "OUH",
        recorded: date | None = None,
        involving: list[tuple[Person, str]] = (),
        **fields,
    ) -> Event:
        fields.setdefault("summary", type)
        event = Event.objects.create(
            agency=self.agency(agency),
            source_ref=f"E{next(_serial)}",
            event_type_id=type,
            subject=self.record(person, agency),
            occurred_on=on,
            recorded_on=recorded or on,
            **fields,
        )
        for other, role in involving:
            EventInvolvement.objects.create(
                event=event, record=self.record(other, agency), role=role
            )
        return event

    def relate(
        self,
        a: Person,
        kind: str,
        b: Person,
        *,
        agency: str = "CSC",
        start: date | None = None,
        end: date | None = None,
        recorded: date = date(2000, 1, 1),
    ) -> Relationship:
        ra, rb = self.record(a, agency), self.record(b, agency)
        return Relationship.objects.create(
            agency=self.agency(agency),
            from_record=ra,
            kind=kind,
            to_record=rb,
            from_date=start,
            to_date=end,
            recorded_on=recorded,
            key=f"{ra.local_id}|{kind}|{rb.local_id}|{start}",
        )

    def lives_at(
        self,
        person: Person,
        postcode: str,
        *,
        agency: str = "OUH",
        address: str = "1 High Street",
        start: date | None = date(2010, 1, 1),
        recorded: date = date(2010, 1, 1),
    ) -> Address:
        return Address.objects.create(
            record=self.record(person, agency),
            postcode=postcode,
            address=address,
            from_date=start,
            recorded_on=recorded,
        )

    # Evaluation, the way the product does it.

    def matches(
        self,
        code: str | None,
        *,
        on: date,
        parameters: dict | None = None,
        person: Person | None = None,
    ) -> list[engine.Match]:
        """Matches as of `on`: for everyone (the whole-population path) or one child."""
        snapshot = snapshot_load(None)
        try:
            engine.eval_children_on(snapshot, on, None if person is None else [person.id.hex])
            only = None if code is None else [check(code)]
            return engine.run_checks(snapshot, {code: parameters or {}} if code else {}, only=only)
        finally:
            snapshot.close()

    def fires(self, code: str, person: Person, *, on: date, **parameters) -> engine.Match | None:
        """The match of this check for this child on this day, or None."""
        for match in self.matches(code, on=on, parameters=parameters):
            if match.person_id == person.id.hex:
                return match
        return None

    def first_fired(
        self, code: str, person: Person, first: date, last: date, **parameters
    ) -> date | None:
        """The first day in [first, last] the check holds for this child (the replay path)."""
        days = self.days_held(code, person, first, last, **parameters)
        return days[0] if days else None

    def days_held(
        self, code: str, person: Person, first: date, last: date, **parameters
    ) -> list[date]:
        """Every day in [first, last] the check holds for this child, as a replay sees it."""
        snapshot = snapshot_load(None)
        try:
            engine.eval_days(snapshot, person.id.hex, first, last)
            matches = engine.run_checks(snapshot, {code: parameters}, only=[check(code)])
        finally:
            snapshot.close()
        return sorted({m.day for m in matches if m.person_id == person.id.hex})


def days_before(day: date, n: int) -> date:
    return day - timedelta(days=n)


def single_child(code: str, child: Person, on: date) -> list[engine.Match]:
    """The matches of one child from the snapshot of its neighbourhood only (the on-write path)."""
    from fullpicture.checks.selectors import neighbourhood

    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, on, [child.id.hex])
        return engine.run_checks(snapshot, {}, only=[check(code)])
    finally:
        snapshot.close()
