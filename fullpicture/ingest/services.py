"""Write a validated extract into FullPicture, in one transaction.

- Re-importing the same extract changes nothing (rows are compared by a hash of
  the cells as sent).
- A changed event row becomes a new version that supersedes the old one, which
  stays readable; a changed person or relationship row keeps its previous state
  as a `core.Revision`.
- Until record linkage lands, a new person record joins an existing person only
  on an exact NHS number or permanent UPN; otherwise it is a person of its own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from fullpicture.chronology.models import Event, EventInvolvement, EventType
from fullpicture.core.audit import Auditor
from fullpicture.core.models import Agency, Revision, User
from fullpicture.ingest.extract import EventRow, Extract, PersonRow, Problem, extract_read
from fullpicture.ingest.models import ImportBatch
from fullpicture.people.models import (
    Address,
    Identifier,
    IdentifierScheme,
    Person,
    PersonRecord,
    Relationship,
)
from fullpicture.people.services import people_refresh_summary

BATCH = 2000
PROCESS = "import-extract"


class ExtractRejected(Exception):
    """The extract has bad rows and nothing was written."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the extract; nothing was written")
        self.problems = problems


@dataclass
class ImportResult:
    batch: ImportBatch | None
    problems: list[Problem] = field(default_factory=list)
    touched_people: set[uuid.UUID] = field(default_factory=set)


def event_type_codes() -> frozenset[str]:
    return frozenset(EventType.objects.values_list("code", flat=True))


def extract_import_path(
    *,
    agency: Agency,
    path: Path,
    by: User | None = None,
    skip_bad_rows: bool = False,
    today: date | None = None,
) -> ImportResult:
    """Read, validate and (if allowed) write the extract at `path`."""
    today = today or timezone.localdate()
    extract = extract_read(path, today=today, event_types=event_type_codes())
    return extract_import(agency=agency, extract=extract, by=by, skip_bad_rows=skip_bad_rows)


@transaction.atomic
def extract_import(
    *, agency: Agency, extract: Extract, by: User | None = None, skip_bad_rows: bool = False
) -> ImportResult:
    """Write a validated extract. Refuses the whole extract if any row is bad, unless told to skip."""
    if extract.problems and not skip_bad_rows:
        raise ExtractRejected(extract.problems)
    batch = ImportBatch.objects.create(
        agency=agency,
        source_name=extract.source_name[:500],
        imported_by=by,
        process=PROCESS,
        rows_rejected=extract.rejected_rows,
    )
    records, touched = _write_people(agency, extract.people, batch)
    _write_relationships(agency, extract, records, batch)
    touched |= _write_events(agency, extract.events, records, batch)
    batch.save()
    people_refresh_summary(person_ids=touched)
    auditor = Auditor(by) if by is not None else Auditor(process=f"{PROCESS} {agency.code}")
    auditor.imported(
        f"Extract {extract.source_name} from {agency.name}",
        batch=str(batch.pk),
        events_created=batch.events_created,
        events_corrected=batch.events_corrected,
        people_created=batch.people_created,
        rows_rejected=batch.rows_rejected,
    )
    return ImportResult(batch=batch, problems=extract.problems, touched_people=touched)


# --- people


_RECORD_FIELDS = (
    "given_name",
    "family_name",
    "other_names",
    "birth_date",
    "birth_date_approximate",
    "sex",
    "nhs_number",
    "upn",
    "postcode",
    "address",
    "address_from",
    "deceased_on",
    "recorded_on",
)


def _identifiers(record: PersonRecord, row: PersonRow) -> list[Identifier]:
    identifiers = [Identifier(record=record, scheme=IdentifierScheme.LOCAL, value=row.local_id)]
    if row.nhs_number:
        identifiers.append(
            Identifier(record=record, scheme=IdentifierScheme.NHS_NUMBER, value=row.nhs_number)
        )
    if row.upn:
        scheme = IdentifierScheme.TEMPORARY_UPN if row.upn_temporary else IdentifierScheme.UPN
        identifiers.append(Identifier(record=record, scheme=scheme, value=row.upn))
    return identifiers


def _address(record: PersonRecord, row: PersonRow) -> Address | None:
    if not (row.postcode or row.address):
        return None
    return Address(
        record=record,
        postcode=row.postcode,
        address=row.address,
        from_date=row.address_from,
        recorded_on=row.address_from or row.recorded_on,
    )


def _persons_by_identifier(scheme: str, values: Iterable[str]) -> dict[str, uuid.UUID]:
    found: dict[str, uuid.UUID] = {}
    values = list(set(values))
    for start in range(0, len(values), 500):
        chunk = values[start : start + 500]
        for value, person_id in Identifier.objects.filter(
            scheme=scheme, value__in=chunk
        ).values_list("value", "record__person_id"):
            found.setdefault(value, person_id)
    return found


def _write_people(
    agency: Agency, rows: list[PersonRow], batch: ImportBatch
) -> tuple[dict[str, PersonRecord], set[uuid.UUID]]:
    existing = {r.local_id: r for r in PersonRecord.objects.filter(agency=agency)}
    new_rows = [row for row in rows if row.local_id not in existing]
    by_nhs = _persons_by_identifier(
        IdentifierScheme.NHS_NUMBER, (r.nhs_number for r in new_rows if r.nhs_number)
    )
    by_upn = _persons_by_identifier(
        IdentifierScheme.UPN, (r.upn for r in new_rows if r.upn and not r.upn_temporary)
    )

    new_people: list[Person] = []
    new_records: list[PersonRecord] = []
    identifiers: list[Identifier] = []
    addresses: list[Address] = []
    touched: set[uuid.UUID] = set()
    for row in new_rows:
        person_id = (row.nhs_number and by_nhs.get(row.nhs_number)) or (
            row.upn and not row.upn_temporary and by_upn.get(row.upn)
        )
        if not person_id:
            person = Person(id=uuid.uuid4())
            new_people.append(person)
            person_id = person.id
            # Two records in one extract with one NHS number are one person.
            if row.nhs_number:
                by_nhs[row.nhs_number] = person_id
            if row.upn and not row.upn_temporary:
                by_upn[row.upn] = person_id
        record = PersonRecord(
            id=uuid.uuid4(),
            agency=agency,
            local_id=row.local_id,
            person_id=person_id,
            row_hash=row.row_hash,
            import_batch=batch,
            **{name: getattr(row, name) for name in _RECORD_FIELDS},
        )
        new_records.append(record)
        identifiers.extend(_identifiers(record, row))
        if address := _address(record, row):
            addresses.append(address)
        touched.add(person_id)
        existing[row.local_id] = record

    changed: list[PersonRecord] = []
    revisions: list[Revision] = []
    new_local_ids = {row.local_id for row in new_rows}
    for row in rows:
        if row.local_id in new_local_ids:
            continue
        record = existing[row.local_id]
        if record.row_hash == row.row_hash:
            continue
        revisions.append(
            Revision(
                model="people.PersonRecord",
                object_id=str(record.pk),
                previous=_jsonable(model_to_dict(record, fields=_RECORD_FIELDS)),
                import_batch=batch,
            )
        )
        old_identifiers = {(i.scheme, i.value) for i in record.identifiers.all()}
        address_changed = (record.postcode, record.address, record.address_from) != (
            row.postcode,
            row.address,
            row.address_from,
        )
        for name in _RECORD_FIELDS:
            setattr(record, name, getattr(row, name))
        record.row_hash, record.import_batch = row.row_hash, batch
        changed.append(record)
        identifiers.extend(
            i for i in _identifiers(record, row) if (i.scheme, i.value) not in old_identifiers
        )
        if address_changed and (address := _address(record, row)):
            addresses.append(address)
        touched.add(record.person_id)

    Person.objects.bulk_create(new_people, batch_size=BATCH)
    PersonRecord.objects.bulk_create(new_records, batch_size=BATCH)
    if changed:
        PersonRecord.objects.bulk_update(
            changed, [*_RECORD_FIELDS, "row_hash", "import_batch"], batch_size=BATCH
        )
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    Identifier.objects.bulk_create(identifiers, batch_size=BATCH)
    Address.objects.bulk_create(addresses, batch_size=BATCH)
    batch.people_created = len(new_records)
    batch.people_changed = len(changed)
    batch.rows_unchanged += len(rows) - len(new_records) - len(changed)
    return existing, touched


# --- relationships


_RELATIONSHIP_FIELDS = ("from_date", "to_date", "parental_responsibility", "recorded_on")


def _write_relationships(
    agency: Agency, extract: Extract, records: dict[str, PersonRecord], batch: ImportBatch
) -> None:
    existing = {r.key: r for r in Relationship.objects.filter(agency=agency)}
    created, changed, revisions = [], [], []
    for row in extract.relationships:
        current = existing.get(row.key)
        if current is None:
            relationship = Relationship(
                agency=agency,
                from_record=records[row.from_local_id],
                kind=row.kind,
                to_record=records[row.to_local_id],
                key=row.key,
                row_hash=row.row_hash,
                import_batch=batch,
                **{name: getattr(row, name) for name in _RELATIONSHIP_FIELDS},
            )
            created.append(relationship)
            existing[row.key] = relationship
        elif current.row_hash != row.row_hash:
            revisions.append(
                Revision(
                    model="people.Relationship",
                    object_id=str(current.pk),
                    previous=_jsonable(model_to_dict(current, fields=_RELATIONSHIP_FIELDS)),
                    import_batch=batch,
                )
            )
            for name in _RELATIONSHIP_FIELDS:
                setattr(current, name, getattr(row, name))
            current.row_hash, current.import_batch = row.row_hash, batch
            changed.append(current)
    Relationship.objects.bulk_create(created, batch_size=BATCH)
    if changed:
        Relationship.objects.bulk_update(
            changed, [*_RELATIONSHIP_FIELDS, "row_hash", "import_batch"], batch_size=BATCH
        )
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    batch.relationships_created = len(created)
    batch.relationships_changed = len(changed)
    batch.rows_unchanged += len(extract.relationships) - len(created) - len(changed)


# --- events


_EVENT_FIELDS = (
    "source_ref",
    "occurred_on",
    "occurred_time",
    "recorded_on",
    "summary",
    "detail",
    "explanation",
    "explanation_consistent",
    "child_seen",
    "child_voice",
    "action",
    "referred_to",
    "outcome",
    "category",
    "attendance_percent",
    "period_from",
    "placement_type",
    "out_of_area",
    "plan_covers",
    "review_by",
    "stage",
    "significance",
    "sensitivity",
    "recorded_by",
    "row_hash",
)


def _write_events(
    agency: Agency, rows: list[EventRow], records: dict[str, PersonRecord], batch: ImportBatch
) -> set[uuid.UUID]:
    current = {
        source_ref: (event_id, row_hash, version)
        for source_ref, event_id, row_hash, version in Event.objects.filter(agency=agency)
        .current()
        .values_list("source_ref", "id", "row_hash", "version")
    }
    events: list[Event] = []
    involvements: list[EventInvolvement] = []
    touched: set[uuid.UUID] = set()
    corrected = 0
    now = timezone.now()
    for row in rows:
        previous = current.get(row.source_ref)
        if previous is not None and previous[1] == row.row_hash:
            continue
        subject = records[row.subject_local_id]
        event = Event(
            id=uuid.uuid4(),
            agency=agency,
            event_type_id=row.event_type,
            subject=subject,
            import_batch=batch,
            created_at=now,
            updated_at=now,
            **{name: getattr(row, name) for name in _EVENT_FIELDS},
        )
        if previous is not None:
            event.version = previous[2] + 1
            event.supersedes_id = previous[0]
            event.correction_reason = f"Changed in extract {batch.source_name}"
            corrected += 1
        events.append(event)
        touched.add(subject.person_id)
        for local_id, role in row.involved:
            record = records[local_id]
            involvements.append(EventInvolvement(event=event, record=record, role=role))
            touched.add(record.person_id)
    Event.objects.bulk_create(events, batch_size=BATCH)
    EventInvolvement.objects.bulk_create(involvements, batch_size=BATCH)
    batch.events_created = len(events) - corrected
    batch.events_corrected = corrected
    batch.rows_unchanged += len(rows) - len(events)
    return touched


def _jsonable(values: dict) -> dict:
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in values.items()
    }
