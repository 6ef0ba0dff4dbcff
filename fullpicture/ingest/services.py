"""Write a validated extract into FullPicture, in one transaction.

- Re-importing the same extract changes nothing (rows are compared by a hash of
  the cells as sent).
- A changed event row becomes a new version that supersedes the old one, which
  stays readable; a changed person or relationship row keeps its previous state
  as a `core.Revision`.
- Until record linkage lands, a new person record joins an existing person only
  on an exact NHS number or permanent UPN; otherwise it is a person of its own.

Speed: an agency's first extract can hold hundreds of thousands of events, and
the import must run at 20,000 events a second or better. New rows are therefore
written as plain tuples through `core.bulk.rows_insert` (one prepared INSERT run with
executemany on SQLite, COPY on PostgreSQL) rather than as model instances
through `bulk_create`, whose per-object work (model `__init__`, `pre_save`,
`get_db_prep_save` on every field) was four fifths of the time. Changed rows
are few and go through the ORM as before.
"""

from __future__ import annotations

import operator
import time
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db import connection, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from fullpicture.checks.services import EvaluationSummary, checks_evaluate_after_write
from fullpicture.chronology.models import Event, EventInvolvement, EventType
from fullpicture.core.audit import Auditor
from fullpicture.core.bulk import rows_insert
from fullpicture.core.ids import uuid7
from fullpicture.core.memory import gc_paused
from fullpicture.core.models import Agency, Revision, User
from fullpicture.ingest.extract import (
    EVENT_ROW_FIELDS,
    EventRow,
    Extract,
    PersonRow,
    Problem,
    RelationshipRow,
    extract_read,
)
from fullpicture.ingest.models import ImportBatch
from fullpicture.linkage.services import LinkSummary, link_new_records, new_record_ids_of_batch
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
    alerts: EvaluationSummary | None = None  # learning checks re-evaluated after the write
    checks_seconds: float = 0.0  # of the import's time, how much re-evaluating them took
    linked: LinkSummary | None = None  # record linkage of the new records, when it ran
    link_seconds: float = 0.0  # of the import's time, how much linking them took


def event_type_codes() -> frozenset[str]:
    return frozenset(EventType.objects.values_list("code", flat=True))


def extract_import_path(
    *,
    agency: Agency,
    path: Path,
    by: User | None = None,
    skip_bad_rows: bool = False,
    today: date | None = None,
    link: bool = True,
    checks: bool = True,
) -> ImportResult:
    """Read, validate and (if allowed) write the extract at `path`."""
    today = today or timezone.localdate()
    with gc_paused():
        extract = extract_read(path, today=today, event_types=event_type_codes())
        return extract_import(
            agency=agency,
            extract=extract,
            by=by,
            skip_bad_rows=skip_bad_rows,
            link=link,
            checks=checks,
        )


@transaction.atomic
def extract_import(
    *,
    agency: Agency,
    extract: Extract,
    by: User | None = None,
    skip_bad_rows: bool = False,
    link: bool = True,
    checks: bool = True,
) -> ImportResult:
    """Write a validated extract. Refuses the whole extract if any row is bad, unless told to skip.

    Then, in the same transaction: links the new records to everyone known (unless
    `link` is false or FULLPICTURE_LINK_ON_IMPORT is off), and re-evaluates the
    learning checks of the children the extract touches (unless `checks` is false:
    a caller importing several extracts at once evaluates after the last).
    """
    if extract.problems and not skip_bad_rows:
        raise ExtractRejected(extract.problems)
    batch = ImportBatch.objects.create(
        agency=agency,
        source_name=extract.source_name[:500],
        imported_by=by,
        process=PROCESS,
        rows_rejected=extract.rejected_rows,
    )
    with gc_paused(), _sqlite_cache_enlarged():
        records, touched, settled = _write_people(agency, extract.people, batch)
        _write_relationships(agency, extract, records, batch)
        touched |= _write_events(agency, extract.events, records, batch)
    batch.save()
    # People created by this import from a single record already carry that
    # record's summary (see _write_people); recomputing it would only re-read it.
    auditor = Auditor(by) if by is not None else Auditor(process=f"{PROCESS} {agency.code}")
    linked = None
    link_started = time.perf_counter()
    if link and settings.FULLPICTURE_LINK_ON_IMPORT:
        new_records = new_record_ids_of_batch(batch)
        linked = link_new_records(new_records, auditor=auditor)
        # Linking moves records between persons: the persons it changed are touched
        # too. Their summaries are already right: link_new_records refreshes every
        # person it gives records to.
        touched |= linked.persons_changed
    link_seconds = time.perf_counter() - link_started
    people_refresh_summary(person_ids=touched - settled)
    checks_started = time.perf_counter()
    alerts = checks_evaluate_after_write(touched, auditor=auditor) if checks else None
    checks_seconds = time.perf_counter() - checks_started
    auditor.imported(
        f"Extract {extract.source_name} from {agency.name}",
        batch=str(batch.pk),
        events_created=batch.events_created,
        events_corrected=batch.events_corrected,
        people_created=batch.people_created,
        rows_rejected=batch.rows_rejected,
    )
    return ImportResult(
        batch=batch,
        problems=extract.problems,
        touched_people=touched,
        alerts=alerts,
        checks_seconds=checks_seconds,
        linked=linked,
        link_seconds=link_seconds,
    )


# --- writing a big extract on SQLite


@contextmanager
def _sqlite_cache_enlarged(kib: int = 96 * 1024) -> Iterator[None]:
    """On SQLite, let the page cache grow to `kib` while a big extract is written.

    The default cache (2 MiB) is far smaller than the indexes an import adds
    to (events alone have four), so SQLite spills dirty pages to the WAL in
    mid-transaction and reads them back; a bigger cache made inserts a third
    faster. Pages are allocated only as used, and the setting is restored.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (previous,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-int(kib)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(previous)}")


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
# Person's summary fields, as `people_refresh_summary` copies them from the best record.
_SUMMARY_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "birth_date_approximate",
    "sex",
    "deceased_on",
)
# attrgetter reads many attributes in one C call: these run once per row.
_summary_of = operator.attrgetter(*_SUMMARY_FIELDS)
_record_fields_of = operator.attrgetter(*_RECORD_FIELDS)
_PERSON_COLUMNS = ("id", "created_at", "updated_at", *_SUMMARY_FIELDS)
_PERSON_RECORD_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "agency",
    "local_id",
    "person",
    *_RECORD_FIELDS,
    "row_hash",
    "import_batch",
)
_IDENTIFIER_COLUMNS = ("record", "scheme", "value")
_ADDRESS_COLUMNS = ("record", "postcode", "address", "from_date", "recorded_on")


class _Record(NamedTuple):
    """What relationships and events need of a person record: its id and its person's."""

    id: uuid.UUID
    person_id: uuid.UUID


def _identifiers(row: PersonRow) -> list[tuple[str, str]]:
    identifiers = [(IdentifierScheme.LOCAL.value, row.local_id)]
    if row.nhs_number:
        identifiers.append((IdentifierScheme.NHS_NUMBER.value, row.nhs_number))
    if row.upn:
        scheme = IdentifierScheme.TEMPORARY_UPN if row.upn_temporary else IdentifierScheme.UPN
        identifiers.append((scheme.value, row.upn))
    return identifiers


def _address(record_id: uuid.UUID, row: PersonRow) -> tuple | None:
    if not (row.postcode or row.address):
        return None
    return (
        record_id,
        row.postcode,
        row.address,
        row.address_from,
        row.address_from or row.recorded_on,
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
) -> tuple[dict[str, _Record], set[uuid.UUID], set[uuid.UUID]]:
    """Write new and changed person records.

    Returns the agency's records by local_id, the people touched, and the
    people created here from exactly one record, whose summary is already right.
    """
    stored = {
        local_id: (record_id, person_id, row_hash)
        for local_id, record_id, person_id, row_hash in PersonRecord.objects.filter(
            agency=agency
        ).values_list("local_id", "id", "person_id", "row_hash")
    }
    records = {local_id: _Record(r[0], r[1]) for local_id, r in stored.items()}
    new_rows = [row for row in rows if row.local_id not in stored]
    by_nhs = _persons_by_identifier(
        IdentifierScheme.NHS_NUMBER, (r.nhs_number for r in new_rows if r.nhs_number)
    )
    by_upn = _persons_by_identifier(
        IdentifierScheme.UPN, (r.upn for r in new_rows if r.upn and not r.upn_temporary)
    )

    new_people: dict[uuid.UUID, tuple] = {}
    records_of_new_person: dict[uuid.UUID, int] = {}
    new_records: list[tuple] = []
    identifiers: list[tuple] = []
    addresses: list[tuple] = []
    touched: set[uuid.UUID] = set()
    batch_id = batch.pk
    for row in new_rows:
        person_id = (row.nhs_number and by_nhs.get(row.nhs_number)) or (
            row.upn and not row.upn_temporary and by_upn.get(row.upn)
        )
        # Each row its own timestamp, as bulk_create gave: `updated_at` is the
        # last tie-breaker when choosing which record a person's summary shows.
        now = timezone.now()
        if not person_id:
            person_id = uuid7()
            new_people[person_id] = (
                person_id,
                now,
                now,
                *_summary_of(row),
            )
            # Two records in one extract with one NHS number are one person.
            if row.nhs_number:
                by_nhs[row.nhs_number] = person_id
            if row.upn and not row.upn_temporary:
                by_upn[row.upn] = person_id
        if person_id in new_people:
            records_of_new_person[person_id] = records_of_new_person.get(person_id, 0) + 1
        record_id = uuid7()
        new_records.append(
            (
                record_id,
                now,
                now,
                agency.pk,
                row.local_id,
                person_id,
                *_record_fields_of(row),
                row.row_hash,
                batch_id,
            )
        )
        identifiers.extend((record_id, scheme, value) for scheme, value in _identifiers(row))
        if address := _address(record_id, row):
            addresses.append(address)
        touched.add(person_id)
        records[row.local_id] = _Record(record_id, person_id)

    changed_rows = {
        row.local_id: row
        for row in rows
        if row.local_id in stored and stored[row.local_id][2] != row.row_hash
    }
    changed: list[PersonRecord] = []
    revisions: list[Revision] = []
    changed_records = PersonRecord.objects.filter(
        pk__in=[stored[local_id][0] for local_id in changed_rows]
    ).prefetch_related("identifiers")
    for record in changed_records.order_by():
        row = changed_rows[record.local_id]
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
            (record.pk, scheme, value)
            for scheme, value in _identifiers(row)
            if (scheme, value) not in old_identifiers
        )
        if address_changed and (address := _address(record.pk, row)):
            addresses.append(address)
        touched.add(record.person_id)

    rows_insert(Person, _PERSON_COLUMNS, list(new_people.values()))
    rows_insert(PersonRecord, _PERSON_RECORD_COLUMNS, new_records)
    if changed:
        PersonRecord.objects.bulk_update(
            changed, [*_RECORD_FIELDS, "row_hash", "import_batch"], batch_size=BATCH
        )
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    rows_insert(Identifier, _IDENTIFIER_COLUMNS, identifiers)
    rows_insert(Address, _ADDRESS_COLUMNS, addresses)
    batch.people_created = len(new_records)
    batch.people_changed = len(changed)
    batch.rows_unchanged += len(rows) - len(new_records) - len(changed)
    settled = {person_id for person_id, n in records_of_new_person.items() if n == 1}
    return records, touched, settled


# --- relationships


_RELATIONSHIP_FIELDS = ("from_date", "to_date", "parental_responsibility", "recorded_on")
_relationship_fields_of = operator.attrgetter(*_RELATIONSHIP_FIELDS)
_RELATIONSHIP_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "agency",
    "from_record",
    "kind",
    "to_record",
    *_RELATIONSHIP_FIELDS,
    "key",
    "row_hash",
    "import_batch",
)


def _write_relationships(
    agency: Agency, extract: Extract, records: dict[str, _Record], batch: ImportBatch
) -> None:
    stored = dict(
        Relationship.objects.filter(agency=agency).values_list("key", "row_hash").order_by()
    )
    created: dict[str, tuple] = {}
    changed_rows: dict[str, list[RelationshipRow]] = {}
    revisions: list[Revision] = []
    changed_here = 0
    now = timezone.now()  # one timestamp for the batch; nothing orders links by it
    for row in extract.relationships:
        if row.key in created:
            # The same link twice in one file: the later row corrects the
            # earlier one, which is kept as a revision (as for a stored link).
            if created[row.key][-2] != row.row_hash:
                pending = created[row.key]
                revisions.append(
                    Revision(
                        model="people.Relationship",
                        object_id=str(pending[0]),
                        previous=_jsonable(
                            dict(zip(_RELATIONSHIP_FIELDS, pending[7:11], strict=True))
                        ),
                        import_batch=batch,
                    )
                )
                created[row.key] = _relationship_values(pending[:3], agency, row, records, batch)
                changed_here += 1
        elif row.key not in stored:
            created[row.key] = _relationship_values(
                (uuid7(), now, now), agency, row, records, batch
            )
        elif stored[row.key] != row.row_hash or row.key in changed_rows:
            changed_rows.setdefault(row.key, []).append(row)
    changed: list[Relationship] = []
    if changed_rows:
        keys = list(changed_rows)
        for current in Relationship.objects.filter(agency=agency, key__in=keys):
            for row in changed_rows[current.key]:
                if row.row_hash == current.row_hash:
                    continue
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
    rows_insert(Relationship, _RELATIONSHIP_COLUMNS, list(created.values()))
    if changed:
        Relationship.objects.bulk_update(
            changed, [*_RELATIONSHIP_FIELDS, "row_hash", "import_batch"], batch_size=BATCH
        )
    Revision.objects.bulk_create(revisions, batch_size=BATCH)
    batch.relationships_created = len(created)
    batch.relationships_changed = len(changed) + changed_here
    batch.rows_unchanged += len(extract.relationships) - len(created) - len(changed) - changed_here


def _relationship_values(
    stamp: tuple,
    agency: Agency,
    row: RelationshipRow,
    records: dict[str, _Record],
    batch: ImportBatch,
) -> tuple:
    """A new relationship's columns in `_RELATIONSHIP_COLUMNS` order; `stamp` is (id, created, updated)."""
    return (
        *stamp,
        agency.pk,
        records[row.from_local_id].id,
        row.kind,
        records[row.to_local_id].id,
        *_relationship_fields_of(row),
        row.key,
        row.row_hash,
        batch.pk,
    )


# --- events


_EVENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "agency",
    "event_type",
    "subject",
    "import_batch",
    "entered_by",
    "version",
    "supersedes",
    "correction_reason",
    *EVENT_ROW_FIELDS,
)
_event_fields_of = operator.attrgetter(*EVENT_ROW_FIELDS)
_INVOLVEMENT_COLUMNS = ("event", "record", "role")


def _write_events(
    agency: Agency, rows: list[EventRow], records: dict[str, _Record], batch: ImportBatch
) -> set[uuid.UUID]:
    current = {
        source_ref: (event_id, row_hash, version)
        for source_ref, event_id, row_hash, version in Event.objects.filter(agency=agency)
        .current()
        .order_by()
        .values_list("source_ref", "id", "row_hash", "version")
    }
    events: list[tuple] = []
    involvements: list[tuple] = []
    touched: set[uuid.UUID] = set()
    corrected = 0
    now = timezone.now()
    agency_id, batch_id = agency.pk, batch.pk
    correction_reason = f"Changed in extract {batch.source_name}"
    # Insert in (subject, occurred_on) order: the two indexes on subject then
    # grow at a few places instead of at random ones (a third faster on
    # SQLite), and a child's events end up close together on disk, which is
    # how the whole-picture page reads them. Nothing depends on insert order.
    rows = sorted(rows, key=lambda row: (records[row.subject_local_id].id.int, row.occurred_on))
    for row in rows:
        previous = current.get(row.source_ref)
        if previous is not None and previous[1] == row.row_hash:
            continue
        subject = records[row.subject_local_id]
        if previous is None:
            version, supersedes, reason = 1, None, ""
        else:
            version, supersedes, reason = previous[2] + 1, previous[0], correction_reason
            corrected += 1
        event_id = uuid7()
        events.append(
            (
                event_id,
                now,
                now,
                agency_id,
                row.event_type,
                subject.id,
                batch_id,
                None,  # entered_by: nobody typed it, it came in an extract
                version,
                supersedes,
                reason,
                *_event_fields_of(row),
            )
        )
        touched.add(subject.person_id)
        for local_id, role in row.involved:
            record = records[local_id]
            involvements.append((event_id, record.id, role))
            touched.add(record.person_id)
    rows_insert(Event, _EVENT_COLUMNS, events)
    rows_insert(EventInvolvement, _INVOLVEMENT_COLUMNS, involvements)
    batch.events_created = len(events) - corrected
    batch.events_corrected = corrected
    batch.rows_unchanged += len(rows) - len(events)
    return touched


def _jsonable(values: dict) -> dict:
    return {
        key: (value.isoformat() if hasattr(value, "isoformat") else value)
        for key, value in values.items()
    }
