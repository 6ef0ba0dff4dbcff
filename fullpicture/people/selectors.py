"""Reads about people. Every read of person data starts from a query scoped to the user."""

from __future__ import annotations

import re
import uuid
from datetime import date

from django.db.models import Q, QuerySet

from fullpicture.core.identifiers import nhs_number_normalise, upn_normalise
from fullpicture.people.models import Identifier, IdentifierScheme, Person, PersonRecord


class PersonNotFound(LookupError):
    pass


def person_by_ref(ref: str, people: QuerySet | None = None) -> Person:
    """Find a person by `nhs:NUMBER`, `upn:UPN`, `AGENCYCODE:LOCAL_ID` or the internal id.

    `people` is the scoped queryset to search in (all people for a system process).
    """
    people = Person.objects.all() if people is None else people
    text = ref.strip()
    scheme, sep, value = text.partition(":")
    try:
        if not sep:
            return people.get(pk=uuid.UUID(text))
        if scheme.lower() == "nhs":
            number = nhs_number_normalise(value)
            return people.filter(records__nhs_number=number).distinct().get()
        if scheme.lower() == "upn":
            upn, _ = upn_normalise(value)
            return people.filter(records__upn=upn).distinct().get()
        return (
            people.filter(records__agency__code__iexact=scheme, records__local_id=value)
            .distinct()
            .get()
        )
    except (ValueError, Person.DoesNotExist):
        raise PersonNotFound(f"No person found for {ref!r}.") from None
    except Person.MultipleObjectsReturned:
        raise PersonNotFound(
            f"{ref!r} matches more than one person; use the internal id."
        ) from None


def person_search(
    *, people: QuerySet, query: str = "", birth_date: date | None = None, limit: int = 50
) -> list[Person]:
    """People matching a name, NHS number or UPN, and/or a date of birth, among `people`."""
    text = query.strip()
    if not text and birth_date is None:
        return []
    records = PersonRecord.objects.all()
    if text:
        digits = re.sub(r"\s", "", text)
        if re.fullmatch(r"\d{10}", digits):
            records = records.filter(nhs_number=digits)
        elif re.fullmatch(r"[A-Za-z]\d{11}[\dA-Za-z]", digits):
            records = records.filter(upn=digits.upper())
        else:
            for word in text.split():
                records = records.filter(
                    Q(given_name__icontains=word)
                    | Q(family_name__icontains=word)
                    | Q(other_names__icontains=word)
                )
    if birth_date is not None:
        records = records.filter(birth_date=birth_date)
    return list(
        people.filter(pk__in=records.values("person_id")).order_by(
            "family_name", "given_name", "birth_date"
        )[:limit]
    )


def person_identifiers(person: Person) -> list[Identifier]:
    return list(
        Identifier.objects.filter(record__person=person)
        .exclude(scheme=IdentifierScheme.LOCAL)
        .select_related("record__agency")
        .order_by("scheme", "value")
    )
