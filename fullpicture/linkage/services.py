"""Writes of record linkage: link, queue for review, decide, undo; install and train models.

Every link moves records from one person to another and is recorded as a
`LinkDecision` with the records it moved and where each came from, so that
`link_undo` can put each record (and so each event, which points at records)
back where it was. Every write is audited in the transaction of the work.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
import pyarrow as pa
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from fullpicture.checks.services import checks_evaluate_after_write
from fullpicture.core.audit import Auditor
from fullpicture.core.models import User
from fullpicture.ingest.models import ImportBatch
from fullpicture.linkage import engine
from fullpicture.linkage.models import (
    CandidatePair,
    DecisionKind,
    LinkageModel,
    LinkDecision,
    MovedRecord,
    PairStatus,
)
from fullpicture.people.models import Person, PersonRecord
from fullpicture.people.services import people_refresh_summary

PROCESS = "record-linkage"
DEFAULT_MODEL = engine.DEFAULT_MODEL
TRAINING_TEXT = engine.TRAINING_TEXT


class LinkRefused(Exception):
    """A link that a rule forbids (different NHS numbers, twins, a parent and child...)."""


@dataclass
class LinkSummary:
    records: int = 0
    pairs_scored: int = 0
    linked_automatically: int = 0
    queued_for_review: int = 0
    ruled_out: int = 0
    exact_identifier: int = 0
    seconds: dict[str, float] = field(default_factory=dict)
    # Persons that gained or lost records: whose checks must be evaluated again.
    persons_changed: set[uuid.UUID] = field(default_factory=set)

    def as_audit(self) -> dict[str, int]:
        return {
            "records": self.records,
            "pairs_scored": self.pairs_scored,
            "linked_automatically": self.linked_automatically,
            "queued_for_review": self.queued_for_review,
            "ruled_out": self.ruled_out,
            "exact_identifier": self.exact_identifier,
        }


# --- models


def model_install(
    *,
    parameters: dict[str, Any],
    name: str,
    trained_at: datetime,
    trained_on_records: int,
    training: str,
    auditor: Auditor,
    upper: float = engine.UPPER,
    lower: float = engine.LOWER,
    splink_version: str = engine.SPLINK_VERSION,
) -> LinkageModel:
    """Store a trained model and make it the current one."""
    with transaction.atomic():
        LinkageModel.objects.filter(is_current=True).update(is_current=False)
        model = LinkageModel.objects.create(
            name=name,
            splink_version=splink_version,
            trained_at=trained_at,
            trained_on_records=trained_on_records,
            training=training,
            parameters=parameters,
            upper_threshold=upper,
            lower_threshold=lower,
            is_current=True,
        )
        auditor.created(None, f"Linkage model {model}", model=str(model.pk))
    return model


def model_current(*, auditor: Auditor | None = None) -> LinkageModel:
    """The model in use; the shipped one (trained on the synthetic population) until one is trained here."""
    model = LinkageModel.objects.filter(is_current=True).first()
    if model is not None:
        return model
    shipped = json.loads(DEFAULT_MODEL.read_text(encoding="utf-8"))
    return model_install(
        parameters=shipped["parameters"],
        name="shipped",
        trained_at=datetime.fromisoformat(shipped["trained_at"]),
        trained_on_records=shipped["trained_on_records"],
        training=shipped["training"],
        splink_version=shipped["splink_version"],
        auditor=auditor or Auditor(process=PROCESS),
    )


def model_train(*, auditor: Auditor, seed: int = 42) -> LinkageModel:
    """Train a new model on every record held (expectation maximisation) and make it current."""
    db_api, con = engine.duckdb_api()
    try:
        con.register("__fp_input", records_table())
        engine.records_prepare(con, "__fp_input", "__fp_training")
        trained = engine.model_train(db_api, db_api.register("__fp_training"), seed=seed)
    finally:
        con.close()
    return model_install(
        parameters=trained.parameters,
        name=f"trained {timezone.now():%Y-%m-%d}",
        trained_at=timezone.now(),
        trained_on_records=trained.records,
        training=TRAINING_TEXT.format(u_pairs=2e6, records=trained.records),
        auditor=auditor,
    )


# --- reading records for the engine


def _id_column() -> str:
    if connection.vendor == "postgresql":
        return "replace(cast(r.id as text), '-', '')"
    return "r.id"


def records_table(*, only: Sequence[uuid.UUID] | None = None, exclude: bool = False) -> pa.Table:
    """Agency records as the engine reads them (one row each), all or only/excluding some ids.

    Read with one plain SELECT rather than the ORM: a million rows in a few seconds.
    """
    sql = (
        f"select {_id_column()}, a.code, r.given_name, r.family_name, r.other_names, "
        "r.birth_date, r.sex, r.nhs_number, r.upn, r.postcode, r.address "
        "from people_personrecord r join core_agency a on a.id = r.agency_id"
    )
    params: list[Any] = []
    wanted: set[str] | None = None
    if only is not None:
        keys = [i.hex for i in only]
        if not exclude and len(keys) <= 500:
            holders = ", ".join(["%s"] * len(keys))
            sql += f" where r.id in ({holders})"
            params = [str(i) if connection.vendor == "postgresql" else i.hex for i in only]
        else:
            wanted = set(keys)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    if wanted is not None:
        rows = [row for row in rows if (row[0] in wanted) != exclude]
    columns = list(zip(*rows, strict=True)) if rows else [[] for _ in engine.RECORD_COLUMNS]
    arrays = []
    for name, values in zip(engine.RECORD_COLUMNS, columns, strict=True):
        if name == "birth_date":
            arrays.append(pa.array([None if v is None else str(v) for v in values], pa.string()))
        else:
            arrays.append(pa.array(list(values), pa.string()))
    return pa.Table.from_arrays(arrays, names=list(engine.RECORD_COLUMNS))


def _uuid(hex_id: str) -> uuid.UUID:
    return uuid.UUID(hex=hex_id)


# --- linking and unlinking persons


def _move(
    *,
    records: Sequence[PersonRecord],
    to: Person,
    kind: str,
    auditor: Auditor,
    by: User | None,
    reason: str,
    pair: CandidatePair | None = None,
    model: LinkageModel | None = None,
    probability: float | None = None,
    undoes: LinkDecision | None = None,
) -> LinkDecision:
    decision = LinkDecision.objects.create(
        kind=kind,
        person=to,
        pair=pair,
        model=model,
        match_probability=probability,
        decided_by=by,
        process="" if by is not None else (auditor.process or PROCESS),
        reason=reason,
        undoes=undoes,
    )
    MovedRecord.objects.bulk_create(
        [MovedRecord(decision=decision, record=r, from_person_id=r.person_id) for r in records]
    )
    return decision


def persons_link(
    *,
    keep: Person,
    merge: Person,
    kind: str,
    auditor: Auditor,
    by: User | None = None,
    reason: str = "",
    pair: CandidatePair | None = None,
    model: LinkageModel | None = None,
    probability: float | None = None,
    refresh: bool = True,
) -> LinkDecision:
    """Move every record of `merge` to `keep`, recorded as one decision. Events do not move."""
    if keep.pk == merge.pk:
        raise LinkRefused("These records are already one person.")
    moving = list(PersonRecord.objects.filter(person=merge).order_by("pk"))
    why = _conflict(list(PersonRecord.objects.filter(person=keep)), moving)
    if why:
        raise LinkRefused(f"These records cannot be one person: {why}.")
    decision = _move(
        records=moving,
        to=keep,
        kind=kind,
        auditor=auditor,
        by=by,
        reason=reason,
        pair=pair,
        model=model,
        probability=probability,
    )
    PersonRecord.objects.filter(pk__in=[r.pk for r in moving]).update(person=keep)
    if refresh:
        people_refresh_summary(person_ids=[keep.pk])
    auditor.created(
        keep,
        f"{decision.get_kind_display()}: {len(moving)} record(s) joined this person",
        decision=str(decision.pk),
        from_person=str(merge.pk),
        probability=probability,
    )
    _checks_after_linkage({keep.pk, merge.pk}, auditor=auditor)
    return decision


def _checks_after_linkage(persons: set[uuid.UUID], *, auditor: Auditor) -> None:
    """Evaluate again the checks of the children near persons that gained or lost records.

    Joining two records can show a pattern neither showed alone (the purpose of
    linkage), and a person left with no records no longer holds its alerts:
    they become inactive, their decisions kept.
    """
    checks_evaluate_after_write(persons, auditor=auditor)


def _conflict(group_a: Sequence[PersonRecord], group_b: Sequence[PersonRecord]) -> str:
    """Why two sets of records cannot be one person ('' when they can), by the engine's rules."""
    frame = _prepared_frame([*group_a, *group_b])
    keys = {r.pk.hex: n for n, r in enumerate(group_a)}
    initial = {uid: ("a" if uid in keys else "b") for uid in frame["unique_id"]}
    never = _never_pairs([r.pk for r in (*group_a, *group_b)])
    partition = engine.Partition(frame, initial, never)
    roots = {partition.find(uid) for uid in frame["unique_id"]}
    if len(roots) < 2:
        return ""
    a, b = sorted(roots)
    return partition.conflict(a, b)


def _prepared_frame(records: Sequence[PersonRecord]) -> pd.DataFrame:
    table = pa.table(
        {
            "unique_id": [r.pk.hex for r in records],
            "source": [r.agency_id.hex for r in records],
            "given_name": [r.given_name for r in records],
            "family_name": [r.family_name for r in records],
            "other_names": [r.other_names for r in records],
            "birth_date": [r.birth_date.isoformat() if r.birth_date else None for r in records],
            "sex": [r.sex for r in records],
            "nhs_number": [r.nhs_number for r in records],
            "upn": [r.upn for r in records],
            "postcode": [r.postcode for r in records],
            "address": [r.address for r in records],
        }
    )
    con = engine.duckdb_api()[1]
    try:
        con.register("__fp_small", table)
        engine.records_prepare(con, "__fp_small", "__fp_small_prepared")
        return con.execute("select * from __fp_small_prepared").df()
    finally:
        con.close()


def _never_pairs(record_ids: Iterable[uuid.UUID]) -> list[tuple[str, str]]:
    ids = list(record_ids)
    found = CandidatePair.objects.filter(
        Q(record_a_id__in=ids) | Q(record_b_id__in=ids), status=PairStatus.NOT_LINKED
    ).values_list("record_a_id", "record_b_id")
    return [(a.hex, b.hex) for a, b in found]


@transaction.atomic
def link_undo(
    *, decision: LinkDecision, by: User | None, reason: str, auditor: Auditor
) -> LinkDecision:
    """Put back every record a link moved, to the person it was on before; nothing is lost.

    A record that came with its person (joined on an exact identifier by the
    import) goes to a new person of its own. The pair, if any, is marked not a
    link, so that no later run links it again without a person deciding.
    """
    if decision.kind == DecisionKind.UNLINK:
        raise LinkRefused("An unlink cannot be undone; link the records again instead.")
    if LinkDecision.objects.filter(undoes=decision).exists():
        raise LinkRefused("This link has already been undone.")
    moves = list(decision.moves.select_related("record"))
    split_from = decision.person
    undo = LinkDecision.objects.create(
        kind=DecisionKind.UNLINK,
        person=split_from,
        pair=decision.pair,
        model=decision.model,
        match_probability=decision.match_probability,
        decided_by=by,
        process="" if by is not None else (auditor.process or PROCESS),
        reason=reason,
        undoes=decision,
    )
    touched = {split_from.pk}
    for move in moves:
        record = move.record
        target_id = move.from_person_id
        if target_id is None:
            target = Person.objects.create()
            target_id = target.pk
        MovedRecord.objects.create(decision=undo, record=record, from_person_id=record.person_id)
        touched.update({record.person_id, target_id})
        PersonRecord.objects.filter(pk=record.pk).update(person_id=target_id)
    if decision.pair_id:
        CandidatePair.objects.filter(pk=decision.pair_id).update(
            status=PairStatus.NOT_LINKED,
            decided_by=by,
            decided_at=timezone.now(),
            reason=reason,
        )
    people_refresh_summary(person_ids=touched)
    _checks_after_linkage(touched, auditor=auditor)
    auditor.corrected(
        split_from,
        f"Unlinked: {len(moves)} record(s) split off this person",
        decision=str(undo.pk),
        undoes=str(decision.pk),
    )
    return undo


@transaction.atomic
def pair_decide(
    *, pair: CandidatePair, link: bool, by: User, reason: str, auditor: Auditor
) -> LinkDecision | None:
    """A data-quality reviewer's decision on a queued pair: link the two persons, or not."""
    if pair.status != PairStatus.PENDING:
        raise LinkRefused("This pair has already been decided.")
    now = timezone.now()
    if not link:
        CandidatePair.objects.filter(pk=pair.pk).update(
            status=PairStatus.NOT_LINKED, decided_by=by, decided_at=now, reason=reason
        )
        auditor.created(
            pair.record_a.person, "Review: not the same person", pair=str(pair.pk), reason=reason
        )
        return None
    a = PersonRecord.objects.select_related("person").get(pk=pair.record_a_id)
    b = PersonRecord.objects.select_related("person").get(pk=pair.record_b_id)
    keep, merge = _keep_and_merge(a.person, b.person)
    decision = persons_link(
        keep=keep,
        merge=merge,
        kind=DecisionKind.REVIEWED,
        auditor=auditor,
        by=by,
        reason=reason,
        pair=pair,
        model=pair.model,
        probability=pair.match_probability,
    )
    CandidatePair.objects.filter(pk=pair.pk).update(
        status=PairStatus.LINKED, decided_by=by, decided_at=now, reason=reason
    )
    return decision


def _keep_and_merge(a: Person, b: Person) -> tuple[Person, Person]:
    """The person that stays is the one with more records (then the older)."""
    count_a = PersonRecord.objects.filter(person=a).count()
    count_b = PersonRecord.objects.filter(person=b).count()
    if (count_b, -b.created_at.timestamp()) > (count_a, -a.created_at.timestamp()):
        return b, a
    return a, b


# --- automatic linkage: on import (incremental) and for everyone (a run)


@transaction.atomic
def link_new_records(record_ids: Sequence[uuid.UUID], *, auditor: Auditor) -> LinkSummary:
    """Link records an import has just written against everyone already known.

    Uses the current model (never retrained here). Pairs of a new record with a
    known one, or of two new ones, are scored; those at or above the upper
    threshold are linked, those between the thresholds queued for review. The
    caller evaluates the checks of `persons_changed` (the import does, with the
    rest of what it touched).
    """
    summary = LinkSummary(records=len(record_ids))
    if not record_ids:
        return summary
    model = model_current(auditor=auditor)
    db_api, con = engine.duckdb_api()
    try:
        import time

        started = time.perf_counter()
        con.register("__fp_new_input", records_table(only=record_ids))
        con.register("__fp_known_input", records_table(only=record_ids, exclude=True))
        summary.seconds["read"] = time.perf_counter() - started
        started = time.perf_counter()
        engine.records_prepare(con, "__fp_new_input", "__fp_new")
        engine.known_candidates_prepare(con, "__fp_new", "__fp_known_input", "__fp_known")
        population = int(
            con.execute(
                "select (select count(*) from __fp_new) + (select count(*) from __fp_known_input)"
            ).fetchall()[0][0]
        )
        pairs = engine.pairs_predict_between(
            con,
            db_api,
            db_api.register("__fp_new"),
            db_api.register("__fp_known"),
            model.parameters,
            threshold=model.lower_threshold,
            trained_on=model.trained_on_records,
            population=population,
        )
        summary.seconds["predict"] = time.perf_counter() - started
    finally:
        con.close()
    started = time.perf_counter()
    _exact_identifier_decisions(record_ids, auditor=auditor, summary=summary)
    _apply(pairs, model=model, auditor=auditor, summary=summary)
    summary.seconds["apply"] = time.perf_counter() - started
    auditor.created(None, "Record linkage of newly imported records", **summary.as_audit())
    return summary


@transaction.atomic
def link_run(*, auditor: Auditor) -> LinkSummary:
    """Score every blocked pair of every record with the current model and link (after model changes).

    Persons are only ever joined here, never split: a person's decisions stand,
    and a pair a person decided is not a link is never linked again. The caller
    evaluates the checks of `persons_changed`.
    """
    model = model_current(auditor=auditor)
    db_api, con = engine.duckdb_api()
    try:
        con.register("__fp_all_input", records_table())
        engine.records_prepare(con, "__fp_all_input", "__fp_all")
        summary = LinkSummary(
            records=int(con.execute("select count(*) from __fp_all").fetchall()[0][0])
        )
        pairs = engine.pairs_predict(
            db_api,
            db_api.register("__fp_all"),
            model.parameters,
            threshold=model.lower_threshold,
            trained_on=model.trained_on_records,
            population=summary.records,
        )
    finally:
        con.close()
    _apply(pairs, model=model, auditor=auditor, summary=summary)
    auditor.created(None, f"Record linkage run with model {model}", **summary.as_audit())
    return summary


def _exact_identifier_decisions(
    record_ids: Sequence[uuid.UUID], *, auditor: Auditor, summary: LinkSummary
) -> None:
    """Record, as decisions, the joins the import made on an exact NHS number or UPN."""
    # Ids only: an import brings tens of thousands of records, few of them joined.
    person_of = dict(PersonRecord.objects.filter(pk__in=record_ids).values_list("pk", "person_id"))
    others = set(
        PersonRecord.objects.filter(person_id__in=set(person_of.values()))
        .exclude(pk__in=record_ids)
        .values_list("person_id", flat=True)
    )
    firsts: set[uuid.UUID] = set()
    for record_id, person_id in sorted(person_of.items()):
        if person_id in others or person_id in firsts:
            decision = LinkDecision.objects.create(
                kind=DecisionKind.EXACT_IDENTIFIER,
                person_id=person_id,
                process=auditor.process or PROCESS,
                decided_by=auditor.actor,
                reason="Joined by the import on the same NHS number or permanent UPN",
            )
            MovedRecord.objects.create(decision=decision, record_id=record_id, from_person=None)
            summary.exact_identifier += 1
        else:
            firsts.add(person_id)


def _apply(
    pairs: pd.DataFrame, *, model: LinkageModel, auditor: Auditor, summary: LinkSummary
) -> None:
    summary.pairs_scored = len(pairs)
    if not len(pairs):
        return
    pairs = pairs.copy()
    if "ruled_out" not in pairs.columns:
        pairs["ruled_out"] = engine.pairs_rule_out(pairs)
    labels = engine.level_labels(model.parameters)
    involved = set(pairs["unique_id_l"]) | set(pairs["unique_id_r"])
    person_of = dict(
        PersonRecord.objects.filter(pk__in=[_uuid(u) for u in involved]).values_list(
            "pk", "person_id"
        )
    )
    persons = set(person_of.values())
    # Every record of the persons concerned, so the rules see whole persons.
    members = list(PersonRecord.objects.filter(person_id__in=persons))
    frame = _prepared_frame(members)
    initial = {r.pk.hex: r.person_id for r in members}
    partition = engine.Partition(frame, initial, _never_pairs([r.pk for r in members]))
    root_person = {partition.find(uid): person for uid, person in initial.items()}
    existing = {
        (a.hex, b.hex): (pk, status, decided_by)
        for pk, a, b, status, decided_by in CandidatePair.objects.filter(
            record_a_id__in=[_uuid(u) for u in involved]
        ).values_list("pk", "record_a_id", "record_b_id", "status", "decided_by_id")
    }
    touched: set[uuid.UUID] = set()
    upper = model.upper_threshold
    rows = pairs.set_index(["unique_id_l", "unique_id_r"], drop=False)
    decided = {key for key, held in existing.items() if held[2] is not None}
    for pair_key in decided:
        # A pair a person decided on is not the model's to link: their decision stands.
        pairs = pairs[
            ~(
                ((pairs["unique_id_l"] == pair_key[0]) & (pairs["unique_id_r"] == pair_key[1]))
                | ((pairs["unique_id_l"] == pair_key[1]) & (pairs["unique_id_r"] == pair_key[0]))
            )
        ]
    for a, b, probability, keep_root, lost_root in engine.links_in_order(
        partition, pairs, upper=upper
    ):
        a, b = sorted((a, b))
        keep_person = root_person[keep_root]
        merge_person = root_person.pop(lost_root)
        row = _pair_row(rows, a, b)
        pair = _pair_upsert(
            existing, a, b, row, labels, model=model, status=PairStatus.LINKED, reason=""
        )
        moving = list(PersonRecord.objects.filter(person_id=merge_person))
        _move(
            records=moving,
            to=Person(pk=keep_person),
            kind=DecisionKind.AUTOMATIC,
            auditor=auditor,
            by=None,
            reason=f"Match probability {probability:.4f} >= {upper} (model {model.name})",
            pair=pair,
            model=model,
            probability=probability,
        )
        PersonRecord.objects.filter(person_id=merge_person).update(person_id=keep_person)
        auditor.created(
            Person(pk=keep_person),
            f"Linked automatically: {len(moving)} record(s) joined this person",
            pair=str(pair.pk),
            probability=round(probability, 4),
            from_person=str(merge_person),
        )
        touched.add(keep_person)
        summary.persons_changed |= {keep_person, merge_person}
        summary.linked_automatically += 1
    for row in pairs.itertuples(index=False):
        a, b = sorted((row.unique_id_l, row.unique_id_r))
        if (a, b) in existing and existing[(a, b)][1] != PairStatus.PENDING:
            continue
        if row.ruled_out:
            if row.match_probability >= upper:
                _pair_upsert(
                    existing,
                    a,
                    b,
                    row._asdict(),
                    labels,
                    model=model,
                    status=PairStatus.RULED_OUT,
                    reason=row.ruled_out,
                )
                summary.ruled_out += 1
            continue
        if partition.find(a) == partition.find(b):
            continue
        _pair_upsert(
            existing, a, b, row._asdict(), labels, model=model, status=PairStatus.PENDING, reason=""
        )
        summary.queued_for_review += 1
    people_refresh_summary(person_ids=touched)


def _pair_row(rows: pd.DataFrame, a: str, b: str) -> dict[str, Any]:
    try:
        found = rows.loc[(a, b)]
    except KeyError:
        found = rows.loc[(b, a)]
    if isinstance(found, pd.DataFrame):
        found = found.iloc[0]
    return found.to_dict()


def _pair_upsert(
    existing: dict,
    a: str,
    b: str,
    row: dict[str, Any],
    labels: dict,
    *,
    model: LinkageModel,
    status: str,
    reason: str,
) -> CandidatePair:
    values = {
        "model": model,
        "match_probability": float(row["match_probability"]),
        "match_weight": float(row["match_weight"]),
        "evidence": engine.evidence(row, labels),
        "status": status,
        "ruled_out_because": reason,
    }
    held = existing.get((a, b))
    if held is not None:
        CandidatePair.objects.filter(pk=held[0]).update(**values)
        return CandidatePair.objects.get(pk=held[0])
    pair = CandidatePair.objects.create(record_a_id=_uuid(a), record_b_id=_uuid(b), **values)
    existing[(a, b)] = (pair.pk, status, None)
    return pair


def record_split(
    *, record: PersonRecord, by: User | None, reason: str, auditor: Auditor
) -> LinkDecision:
    """Take one record off its person onto a new person of its own (when no link decision brought it)."""
    with transaction.atomic():
        if PersonRecord.objects.filter(person_id=record.person_id).count() < 2:
            raise LinkRefused("This record is the person's only record.")
        new_person = Person.objects.create()
        old_person = record.person
        decision = LinkDecision.objects.create(
            kind=DecisionKind.UNLINK,
            person=old_person,
            decided_by=by,
            process="" if by is not None else (auditor.process or PROCESS),
            reason=reason,
        )
        MovedRecord.objects.create(decision=decision, record=record, from_person=old_person)
        PersonRecord.objects.filter(pk=record.pk).update(person=new_person)
        people_refresh_summary(person_ids=[old_person.pk, new_person.pk])
        _checks_after_linkage({old_person.pk, new_person.pk}, auditor=auditor)
        auditor.corrected(old_person, "Unlinked: one record split off", decision=str(decision.pk))
    return decision


def new_record_ids_of_batch(batch: ImportBatch) -> list[uuid.UUID]:
    """Records an import batch created (not those it changed): what `link_new_records` takes."""
    return list(
        PersonRecord.objects.filter(
            import_batch=batch, created_at__gte=batch.created_at
        ).values_list("pk", flat=True)
    )
