"""Writes from the people-around-the-child page: relationships, named workers, handovers.

A relationship added here is recorded by the user's agency, between that agency's own
records of the two people (a record is opened for a person the agency did not hold),
so that every reader, LC09 included, sees it like any other agency's statement.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from fullpicture.core import access
from fullpicture.core.audit import Auditor
from fullpicture.core.ids import uuid7
from fullpicture.core.models import Revision, User
from fullpicture.network.models import EntryAction, HandoverRead, NamedWorker, RelationshipEntry
from fullpicture.people.models import (
    SYMMETRIC_RELATIONSHIPS,
    Person,
    PersonRecord,
    Relationship,
    RelationshipKind,
)


def _record_for(person: Person, by: User, on: date) -> PersonRecord:
    """The user's agency's record of the person, opened from the summary if it has none."""
    record = (
        PersonRecord.objects.filter(person=person, agency_id=by.agency_id)
        .order_by("recorded_on", "created_at")
        .first()
    )
    if record is not None:
        return record
    return PersonRecord.objects.create(
        person=person,
        agency_id=by.agency_id,
        local_id=f"FP-{uuid7().hex[-12:]}",
        given_name=person.given_name,
        family_name=person.family_name,
        birth_date=person.birth_date,
        birth_date_approximate=person.birth_date_approximate,
        sex=person.sex,
        deceased_on=person.deceased_on,
        recorded_on=on,
    )


@transaction.atomic
def person_add(
    *, child: Person, by: User, given_name: str, family_name: str, sex: str,
    birth_date: date | None, today: date,
) -> Person:  # fmt: skip
    """Someone no agency had recorded (a godfather caring for the child), recorded by the
    user's agency."""
    if not access.can_record_event(by, child):
        raise PermissionDenied("Only practitioners and managers of an involved agency add people.")
    person = Person.objects.create(
        given_name=given_name, family_name=family_name, sex=sex, birth_date=birth_date
    )
    _record_for(person, by, today)
    Auditor(by).created(person, f"Person added from the network of {child}", child=str(child.pk))
    return person


@transaction.atomic
def relationship_add(
    *, child: Person, by: User, a: Person, kind: str, b: Person,
    from_date: date | None, parental_responsibility: bool | None, note: str, today: date,
) -> Relationship:  # fmt: skip
    """`a` is `kind` of `b` (a parent of b; partners), recorded by the user's agency."""
    if not access.can_record_event(by, child):
        raise PermissionDenied(
            "Only practitioners and managers of an involved agency record relationships."
        )
    if kind not in RelationshipKind.values:
        raise ValidationError(f"Not a relationship: {kind}")
    if a.pk == b.pk:
        raise ValidationError("A relationship joins two different people.")
    if from_date and from_date > today:
        raise ValidationError("The relationship cannot start in the future.")
    ra, rb = _record_for(a, by, today), _record_for(b, by, today)
    first, second = ra, rb
    if kind in SYMMETRIC_RELATIONSHIPS and rb.local_id < ra.local_id:
        first, second = rb, ra
    key = f"{first.local_id}|{kind}|{second.local_id}|{from_date.isoformat() if from_date else ''}"
    if Relationship.objects.filter(agency_id=by.agency_id, key=key).exists():
        raise ValidationError("Your agency has already recorded this relationship.")
    relationship = Relationship.objects.create(
        agency_id=by.agency_id,
        from_record=first,
        kind=kind,
        to_record=second,
        from_date=from_date,
        parental_responsibility=parental_responsibility,
        recorded_on=today,
        key=key,
    )
    RelationshipEntry.objects.create(
        relationship=relationship, action=EntryAction.ADDED, by=by, note=note
    )
    Auditor(by).created(
        child,
        f"Relationship added: {a} {kind} {b}",
        relationship=str(relationship.pk),
        note=note,
    )
    return relationship


def can_end(user: User | None, relationship: Relationship) -> bool:
    """Only the agency that recorded a relationship ends it (as with corrections)."""
    return (
        user is not None
        and user.is_authenticated
        and user.role in access.CASE_ROLES
        and relationship.agency_id == user.agency_id
        and relationship.to_date is None
    )


@transaction.atomic
def relationship_end(
    *, child: Person, by: User, relationship: Relationship, to_date: date, note: str, today: date
) -> Relationship:
    """End a relationship the user's agency recorded; what it said before is kept."""
    if not can_end(by, relationship) or not access.can_view_person(by, child):
        raise PermissionDenied("Only the agency that recorded a relationship ends it.")
    if to_date > today:
        raise ValidationError("The relationship cannot end in the future.")
    if relationship.from_date and to_date < relationship.from_date:
        raise ValidationError("The relationship cannot end before it started.")
    if not note.strip():
        raise ValidationError("Say why the relationship ended.")
    previous = model_to_dict(relationship)
    Revision.objects.create(
        model="people.Relationship",
        object_id=str(relationship.pk),
        previous={k: (v.isoformat() if hasattr(v, "isoformat") else str(v) if v is not None else None)
                  for k, v in previous.items()},
        replaced_by=by,
    )  # fmt: skip
    relationship.to_date = to_date
    relationship.save(update_fields=["to_date", "updated_at"])
    RelationshipEntry.objects.create(
        relationship=relationship, action=EntryAction.ENDED, by=by, note=note
    )
    Auditor(by).corrected(
        child,
        f"Relationship ended on {to_date.isoformat()}",
        relationship=str(relationship.pk),
        note=note,
    )
    return relationship


@transaction.atomic
def named_worker_set(
    *, child: Person, by: User, name: str, role: str, contact: str,
    worker: User | None = None, handover: str = "",
) -> NamedWorker:  # fmt: skip
    """The user's agency's named worker for the child from now. Replacing a named worker
    needs a handover summary, which the new worker reads first."""
    if not access.can_record_event(by, child):
        raise PermissionDenied("Only practitioners and managers of an involved agency do this.")
    if worker is not None and worker.agency_id != by.agency_id:
        raise ValidationError("The named worker works for your agency.")
    previous = (
        NamedWorker.objects.filter(child=child, agency_id=by.agency_id)
        .order_by("-created_at")
        .first()
    )
    changed = previous is not None and (
        previous.name != name or previous.worker_id != (worker and worker.pk)
    )
    if changed and not handover.strip():
        raise ValidationError("Write the handover summary for the new worker.")
    named = NamedWorker.objects.create(
        child=child,
        agency_id=by.agency_id,
        name=name,
        role=role,
        contact=contact,
        worker=worker,
        handover=handover if changed else "",
        created_by=by,
    )
    Auditor(by).created(
        child,
        f"Named worker for {by.agency.name}: {name}",
        named_worker=str(named.pk),
        replaces=str(previous.pk) if previous else "",
    )
    return named


@transaction.atomic
def handover_read(*, child: Person, by: User, named_worker: NamedWorker) -> HandoverRead:
    if named_worker.worker_id != by.pk:
        raise PermissionDenied("The handover is read by the new named worker.")
    read, _ = HandoverRead.objects.get_or_create(named_worker=named_worker, read_by=by)
    Auditor(by).viewed(
        child, "Handover summary and history read", named_worker=str(named_worker.pk)
    )
    return read
