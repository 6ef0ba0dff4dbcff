"""Reads of record linkage: the review queue, a pair side by side, how a person's records were linked."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from fullpicture.chronology.models import Event
from fullpicture.linkage.models import (
    CandidatePair,
    DecisionKind,
    LinkDecision,
    MovedRecord,
    PairStatus,
)
from fullpicture.people.models import Person, PersonRecord


def _undecided() -> QuerySet[CandidatePair]:
    # A pair whose two records another link has already made one person needs no
    # decision; it comes back if that link is undone.
    return CandidatePair.objects.filter(status=PairStatus.PENDING).exclude(
        record_a__person_id=F("record_b__person_id")
    )


def pairs_pending() -> QuerySet[CandidatePair]:
    """The review queue: pairs between the thresholds, strongest first."""
    return (
        _undecided()
        .select_related("record_a__agency", "record_b__agency", "model")
        .order_by("-match_probability", "created_at")
    )


def pair_for_review(*, pair_id: uuid.UUID) -> CandidatePair:
    return CandidatePair.objects.select_related(
        "record_a__agency", "record_b__agency", "record_a__person", "record_b__person", "model"
    ).get(pk=pair_id)


@dataclass(frozen=True)
class RecordSide:
    record: PersonRecord
    person_records: int
    events: int


def pair_sides(pair: CandidatePair) -> tuple[RecordSide, RecordSide]:
    """Each record with how many records its person has now and how many events are about it."""
    sides = []
    for record in (pair.record_a, pair.record_b):
        sides.append(
            RecordSide(
                record=record,
                person_records=PersonRecord.objects.filter(person_id=record.person_id).count(),
                events=Event.objects.filter(subject=record).current().count(),
            )
        )
    return sides[0], sides[1]


COMPARED_FIELDS = (
    ("Agency", lambda r: r.agency.name),
    ("Agency's id", lambda r: r.local_id),
    ("Given name", lambda r: r.given_name),
    ("Family name", lambda r: r.family_name),
    ("Other names", lambda r: r.other_names),
    ("Date of birth", lambda r: r.birth_date),
    ("Sex", lambda r: r.get_sex_display() if r.sex else ""),
    ("NHS number", lambda r: r.nhs_number),
    ("UPN", lambda r: r.upn),
    ("Postcode", lambda r: r.postcode),
    ("Address", lambda r: r.address),
)


def pair_rows(pair: CandidatePair) -> list[dict[str, Any]]:
    """The two records field by field, each row marked the same or different."""
    rows = []
    for label, value_of in COMPARED_FIELDS:
        a, b = value_of(pair.record_a), value_of(pair.record_b)
        rows.append({"label": label, "a": a, "b": b, "same": bool(a) and a == b})
    return rows


def decision_for_user(*, decision_id: uuid.UUID) -> LinkDecision:
    return LinkDecision.objects.select_related(
        "person", "decided_by", "model", "pair", "undoes"
    ).get(pk=decision_id)


def decision_moves(decision: LinkDecision) -> list[MovedRecord]:
    return list(
        decision.moves.select_related("record__agency", "record__person").order_by(
            "record__local_id"
        )
    )


@dataclass(frozen=True)
class LinkedRecord:
    """One agency record of a person, and how it came to be part of them."""

    record: PersonRecord
    how: str
    probability: float | None
    decided_by: str
    decided_at: Any
    decision: LinkDecision | None


def _how(decision: LinkDecision | None) -> str:
    if decision is None:
        return "First record of this person"
    return decision.get_kind_display()


def records_with_links(person_ids: list[uuid.UUID] | None = None) -> dict[uuid.UUID, LinkedRecord]:
    """Each record (of these persons, or all) with the decision that last put it on its person."""
    records = PersonRecord.objects.select_related("agency").order_by("agency__name", "local_id")
    moves = MovedRecord.objects.select_related("decision__decided_by").exclude(
        decision__kind=DecisionKind.UNLINK
    )
    if person_ids is not None:
        records = records.filter(person_id__in=person_ids)
        moves = moves.filter(record__person_id__in=person_ids)
    moves = list(moves.order_by("decision__created_at"))
    undoes = LinkDecision.objects.filter(undoes__isnull=False)
    if person_ids is not None:  # a person's few decisions; the export reads them all
        undoes = undoes.filter(undoes__in={m.decision_id for m in moves})
    undone = set(undoes.values_list("undoes_id", flat=True))
    latest: dict[uuid.UUID, LinkDecision] = {}
    for move in moves:
        if move.decision_id in undone:
            continue
        latest[move.record_id] = move.decision
    records = list(records)
    identifiers: dict[tuple[uuid.UUID, str], int] = {}
    for record in records:
        for value in {record.nhs_number, record.upn} - {""}:
            identifiers[(record.person_id, value)] = (
                identifiers.get((record.person_id, value), 0) + 1
            )
    out: dict[uuid.UUID, LinkedRecord] = {}
    for record in records:
        decision = latest.get(record.pk)
        if decision is not None and decision.person_id != record.person_id:
            decision = None  # moved on since by a later decision that was itself undone
        how = _how(decision)
        if decision is None and any(
            identifiers.get((record.person_id, v), 0) > 1
            for v in {record.nhs_number, record.upn} - {""}
        ):
            how = DecisionKind.EXACT_IDENTIFIER.label
        out[record.pk] = LinkedRecord(
            record=record,
            how=how,
            probability=decision.match_probability if decision else None,
            decided_by=decision.decider if decision else "",
            decided_at=decision.created_at if decision else None,
            decision=decision,
        )
    return out


def person_link_records(*, person: Person) -> list[LinkedRecord]:
    """The agency records that make up a person, with how strongly each is linked."""
    return list(records_with_links([person.pk]).values())


def pairs_pending_count() -> int:
    return _undecided().count()


def decisions_of_person(*, person: Person) -> QuerySet[LinkDecision]:
    return (
        LinkDecision.objects.filter(Q(person=person) | Q(moves__from_person=person))
        .annotate(records=Count("moves"))
        .select_related("decided_by")
        .distinct()
    )
