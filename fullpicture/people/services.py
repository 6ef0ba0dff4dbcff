"""Writes about people."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from fullpicture.core.models import AgencyKind
from fullpicture.people.models import Person, PersonRecord

_SUMMARY_FIELDS = (
    "given_name",
    "family_name",
    "birth_date",
    "birth_date_approximate",
    "sex",
    "deceased_on",
)


def _preference(record: PersonRecord) -> tuple:
    # Children's social care holds the fullest record of a child; otherwise the
    # record most recently stated wins. A known date of birth beats an estimate.
    return (
        record.agency.kind == AgencyKind.CHILDRENS_SOCIAL_CARE,
        record.birth_date is not None and not record.birth_date_approximate,
        record.recorded_on,
        record.updated_at,
    )


def people_refresh_summary(*, person_ids: Iterable[uuid.UUID]) -> None:
    """Recompute each person's name, date of birth and sex from their agency records."""
    ids = list(person_ids)
    changed: list[Person] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        best: dict[uuid.UUID, PersonRecord] = {}
        for record in PersonRecord.objects.filter(person_id__in=chunk).select_related("agency"):
            held = best.get(record.person_id)
            if held is None or _preference(record) > _preference(held):
                best[record.person_id] = record
        for person in Person.objects.filter(pk__in=chunk):
            record = best.get(person.pk)
            if record is None:
                continue
            if any(getattr(person, f) != getattr(record, f) for f in _SUMMARY_FIELDS):
                for name in _SUMMARY_FIELDS:
                    setattr(person, name, getattr(record, name))
                changed.append(person)
    Person.objects.bulk_update(changed, _SUMMARY_FIELDS, batch_size=1000)
