"""Writes to the chronology: recording an event from a page, and correcting one.

Both take an `EventRow` already validated by `ingest.extract.event_row_validate`, so an
entry typed on a page meets exactly the rules of an imported one.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from fullpicture.checks.services import checks_evaluate_after_write
from fullpicture.chronology.models import Event, EventInvolvement
from fullpicture.core import access
from fullpicture.core.audit import Auditor
from fullpicture.core.models import User
from fullpicture.ingest.extract import EVENT_ROW_FIELDS, EventRow
from fullpicture.people.models import Person, PersonRecord

# The service sets source_ref and recorded_on itself; the rest come from the row.
_ROW_FIELDS = tuple(f for f in EVENT_ROW_FIELDS if f not in ("source_ref", "recorded_on"))


class CorrectionRefused(ValueError):
    """The correction cannot be made (no reason given, or the entry was already corrected)."""


def source_ref_new() -> str:
    """A reference for an entry made in FullPicture, never one an agency's system uses."""
    return f"FP-{uuid.uuid4().hex[:10].upper()}"


def _people_of(event: Event) -> set[uuid.UUID]:
    """The people an event is about: its subject and everyone involved."""
    people = {event.subject.person_id}
    people.update(event.involvements.values_list("record__person_id", flat=True))
    return people


def _fields(row: EventRow) -> dict:
    values = asdict(row)
    return {name: values[name] for name in _ROW_FIELDS}


@transaction.atomic
def event_record(*, person: Person, by: User, row: EventRow) -> Event:
    """Record an event about `person` as the user's agency, on the agency's own record."""
    if not access.can_record_event(by, person):
        raise PermissionDenied("You cannot record events about this person.")
    try:
        subject = PersonRecord.objects.get(
            person=person, agency_id=by.agency_id, local_id=row.subject_local_id
        )
    except PersonRecord.DoesNotExist:
        raise PermissionDenied("Your agency holds no such record of this person.") from None
    event = Event.objects.create(
        agency_id=by.agency_id,
        source_ref=source_ref_new(),
        event_type_id=row.event_type,
        subject=subject,
        recorded_on=timezone.localdate(),
        entered_by=by,
        **_fields(row),
    )
    Auditor(by).created(
        person,
        f"Event recorded: {event.event_type_id} on {event.occurred_on.isoformat()}",
        event=str(event.pk),
    )
    checks_evaluate_after_write(_people_of(event), auditor=Auditor(by))
    return event


@transaction.atomic
def event_correct(*, event: Event, by: User, row: EventRow, reason: str) -> Event:
    """Correct an entry: a new version supersedes it; the old one is kept as it was."""
    reason = reason.strip()
    if not reason:
        raise CorrectionRefused("A correction needs a reason.")
    # Lock the entry so two people correcting it at once cannot both make version 2.
    event = Event.objects.select_for_update().select_related("subject").get(pk=event.pk)
    if not access.can_correct_event(by, event):
        raise PermissionDenied("Only the agency that recorded this entry can correct it.")
    if Event.objects.filter(supersedes=event).exists():
        raise CorrectionRefused("This entry has already been corrected; correct the latest.")
    corrected = Event.objects.create(
        agency_id=event.agency_id,
        source_ref=event.source_ref,
        version=event.version + 1,
        supersedes=event,
        correction_reason=reason,
        event_type_id=row.event_type,
        subject=event.subject,
        recorded_on=timezone.localdate(),
        entered_by=by,
        import_batch=None,
        **_fields(row),
    )
    EventInvolvement.objects.bulk_create(
        EventInvolvement(event=corrected, record_id=record_id, role=role)
        for record_id, role in event.involvements.values_list("record_id", "role")
    )
    Auditor(by).corrected(
        event.subject.person,
        f"Event corrected: {event.source_ref} version {corrected.version}",
        event=str(corrected.pk),
        supersedes=str(event.pk),
        reason=reason,
    )
    checks_evaluate_after_write(_people_of(corrected) | _people_of(event), auditor=Auditor(by))
    return corrected
