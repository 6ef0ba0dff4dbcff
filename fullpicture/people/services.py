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


def _preference(
    kind: str, birth_date, birth_date_approximate: bool, recorded_on, updated_at
) -> tuple:
    # Children's social care holds the fullest record of a child; otherwise the
    # record most recently stated wins. A known date of birth beats an estimate.
    return (
        kind == AgencyKind.CHILDRENS_SOCIAL_CARE,
        birth_date is not None and not birth_date_approximate,
        recorded_on,
        updated_at,
    )


def people_refresh_summary(*, person_ids: Iterable[uuid.UUID]) -> None:
    """Recompute each person's name, date of birth and sex from their agency records.

    Read as plain values rather than model objects: an import can touch tens of
    thousands of people.
    """
    ids = list(person_ids)
    changed: list[Person] = []
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        best: dict[uuid.UUID, tuple[tuple, dict]] = {}
        for person_id, kind, recorded_on, updated_at, *values in PersonRecord.objects.filter(
            person_id__in=chunk
        ).values_list("person_id", "agency__kind", "recorded_on", "updated_at", *_SUMMARY_FIELDS):
            summary = dict(zip(_SUMMARY_FIELDS, values, strict=True))
            rank = _preference(
                kind,
                summary["birth_date"],
                summary["birth_date_approximate"],
                recorded_on,
                updated_at,
            )
            held = best.get(person_id)
            if held is None or rank > held[0]:
                best[person_id] = (rank, summary)
        for pk, *values in Person.objects.filter(pk__in=chunk).values_list("pk", *_SUMMARY_FIELDS):
            if pk not in best:
                continue
            wanted = best[pk][1]
            if dict(zip(_SUMMARY_FIELDS, values, strict=True)) != wanted:
                changed.append(Person(pk=pk, **wanted))
    Person.objects.bulk_update(changed, _SUMMARY_FIELDS, batch_size=1000)
