"""Writes for learning checks: evaluating and keeping alerts, decisions, parameter changes."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from fullpicture.checks import engine
from fullpicture.checks.models import (
    ActionKind,
    Alert,
    AlertDecision,
    AlertEvidence,
    AlertStatus,
    CheckSetting,
    DecisionKind,
)
from fullpicture.checks.registry import check, checks
from fullpicture.checks.selectors import evidence_events, neighbourhood, settings_in_force
from fullpicture.checks.snapshot import snapshot_load
from fullpicture.chronology.models import Event, Sensitivity
from fullpicture.core import access
from fullpicture.core.audit import Auditor
from fullpicture.core.bulk import rows_insert
from fullpicture.core.ids import uuid7
from fullpicture.core.memory import gc_paused
from fullpicture.core.models import User


@dataclass
class EvaluationSummary:
    day: date
    children: int = 0
    matches: int = 0
    raised: int = 0
    updated: int = 0
    reopened: int = 0
    cleared: int = 0
    by_check: dict[str, int] = field(default_factory=dict)


def _parameters() -> tuple[dict[str, dict[str, int]], dict[str, int]]:
    in_force = settings_in_force()
    return (
        {code: s.parameters for code, s in in_force.items()},
        {code: s.version for code, s in in_force.items()},
    )


def checks_evaluate(
    *,
    day: date | None = None,
    person_ids: Iterable[uuid.UUID | str] | None = None,
    auditor: Auditor,
) -> EvaluationSummary:
    """Evaluate every check as of `day` (today) for these children, or for every child.

    For some children it loads what is near them (two hops); for everyone, the
    whole chronology. Either way the same SQL runs (engine.py).
    """
    day = day or timezone.localdate()
    parameters, versions = _parameters()
    if person_ids is None:
        snapshot = snapshot_load(None)
        evaluated = None
    else:
        evaluated = {uuid.UUID(str(p)).hex for p in person_ids}
        snapshot = snapshot_load(neighbourhood(evaluated))
    try:
        engine.eval_children_on(snapshot, day, evaluated)
        children = snapshot.con.execute("SELECT count(*) FROM eval").fetchone()[0]
        # Check by check, so that the whole population's matches are never all held;
        # one check's can be 400,000 objects, which the collector would walk again and again.
        with gc_paused():
            summary = alerts_sync(
                engine.matches_by_check(snapshot, parameters),
                day=day,
                evaluated=evaluated,
                parameters=parameters,
                versions=versions,
                auditor=auditor,
            )
    finally:
        snapshot.close()
    summary.children = children
    return summary


# Past this many people touched by one write, loading everyone is quicker than
# walking two hops out from each of them.
NEAR_LIMIT = 500


def checks_evaluate_after_write(
    person_ids: Iterable[uuid.UUID | str], *, auditor: Auditor, day: date | None = None
) -> EvaluationSummary | None:
    """After recording or importing events about these people, re-evaluate the children it touches.

    A parent's event can move a child's checks (LC10, LC12, LC14), so the
    children two hops out are evaluated, in the same transaction as the write.
    """
    touched = {uuid.UUID(str(p)) for p in person_ids}
    if not touched:
        return None
    if len(touched) > NEAR_LIMIT:
        return checks_evaluate(day=day, auditor=auditor)
    return checks_evaluate(day=day, person_ids=neighbourhood(touched), auditor=auditor)


def checks_replay(*, person_id: uuid.UUID, first: date, last: date) -> list[engine.Match]:
    """The checks as they stood on each day from `first` to `last`: the first day each alert held.

    Writes nothing. Uses the parameters in force now.
    """
    if last < first:
        raise ValidationError("The replay must end on or after the day it starts.")
    parameters, _ = _parameters()
    snapshot = snapshot_load(neighbourhood([person_id]))
    try:
        engine.eval_days(snapshot, person_id.hex, first, last)
        with gc_paused():  # a check holding on each day of a long replay: many matches
            return engine.first_firings(engine.run_checks(snapshot, parameters))
    finally:
        snapshot.close()


def _explanation(match: engine.Match, parameters: dict[str, int], events: dict) -> str:
    definition = check(match.code)
    evidence = [
        replace(events[e], is_child=events[e].subject_person_id == match.person_id)
        for e in match.evidence
        if e in events
    ]
    return definition.explain(match.facts, evidence, parameters)


@transaction.atomic
def alerts_sync(
    batches: Iterable[list[engine.Match]],
    *,
    day: date,
    evaluated: set[str] | None,
    parameters: dict[str, dict[str, int]],
    versions: dict[str, int],
    auditor: Auditor,
) -> EvaluationSummary:
    """Make the alerts agree with an evaluation of `evaluated` children (None: everyone).

    `batches` are the matches, a list at a time (engine.matches_by_check): each is
    written before the next is asked for. New matches raise alerts; a match with
    evidence not seen before updates its alert, and reopens it if it was
    dismissed; alerts of evaluated children that no longer hold become inactive
    (their history stays).
    """
    summary = EvaluationSummary(day=day)
    existing_qs = Alert.objects.all()
    if evaluated is not None:
        existing_qs = existing_qs.filter(person_id__in=[uuid.UUID(p) for p in evaluated])
    existing = {(a.code, a.person_id.hex, a.key): a for a in existing_qs}
    # Plain ids rather than prefetched link objects: a child can hold hundreds of alerts.
    evidence_seen: dict[uuid.UUID, set[str]] = {}
    for alert_id, event_id in AlertEvidence.objects.filter(alert__in=existing_qs).values_list(
        "alert_id", "event_id"
    ):
        evidence_seen.setdefault(alert_id, set()).add(event_id.hex)
    current: set[tuple[str, str, str]] = set()
    for matches in batches:
        summary.matches += len(matches)
        current.update(m.identity for m in matches)
        _alerts_write(
            [m for m in matches if _changed(existing.get(m.identity), evidence_seen, m)],
            existing,
            evidence_seen,
            day=day,
            parameters=parameters,
            versions=versions,
            auditor=auditor,
            summary=summary,
        )
    held = [
        a.pk
        for identity, a in existing.items()
        if identity in current and a.active and a.last_held_on != day
    ]
    _update_in_chunks(held, last_held_on=day)
    gone = [a.pk for identity, a in existing.items() if identity not in current and a.active]
    summary.cleared = _update_in_chunks(gone, active=False)
    return summary


def _alerts_write(
    needs_text: list[engine.Match],
    existing: dict[tuple[str, str, str], Alert],
    evidence_seen: dict[uuid.UUID, set[str]],
    *,
    day: date,
    parameters: dict[str, dict[str, int]],
    versions: dict[str, int],
    auditor: Auditor,
    summary: EvaluationSummary,
) -> None:
    """Raise or update the alert of each match whose evidence changed, with its explanation."""
    events = evidence_events({e for m in needs_text for e in m.evidence})
    restricted = set(
        Event.objects.filter(
            id__in=[uuid.UUID(e) for e in events], sensitivity=Sensitivity.RESTRICTED
        ).values_list("id", flat=True)
    )
    audit_rows = []
    created: list[tuple] = []
    links: list[tuple[uuid.UUID, uuid.UUID]] = []
    now = timezone.now()
    for match in needs_text:
        definition = checks()[match.code]
        params = parameters[match.code]
        alert = existing.get(match.identity)
        evidence_ids = [uuid.UUID(e) for e in match.evidence]
        fields = {
            "check_version": definition.version,
            "settings_version": versions[match.code],
            "parameters": params,
            "severity": definition.severity_for(match.raised),
            "explanation": _explanation(match, params, events),
            "facts": match.facts,
            "active": True,
            "evidence_changed_on": day,
            "last_held_on": day,
            "restricted": any(e in restricted for e in evidence_ids),
        }
        if alert is None:
            alert_id, person_id = uuid7(), uuid.UUID(match.person_id)
            created.append(
                (alert_id, now, now, match.code, person_id, match.key, AlertStatus.OPEN.value,
                 day, *(fields[name] for name in _ALERT_WRITTEN))
            )  # fmt: skip
            summary.by_check[match.code] = summary.by_check.get(match.code, 0) + 1
            audit_rows.append((person_id, f"Alert raised: {match.code}", {"alert": str(alert_id)}))
        else:
            alert_id = alert.pk
            new_evidence = set(match.evidence) - evidence_seen.get(alert.pk, set())
            for name, value in fields.items():
                setattr(alert, name, value)
            if alert.status == AlertStatus.DISMISSED and new_evidence:
                alert.status = AlertStatus.OPEN
                AlertDecision.objects.create(
                    alert=alert,
                    kind=DecisionKind.REOPENED,
                    note="New evidence: " + ", ".join(sorted(new_evidence)),
                    evidence_ids=[e.hex for e in evidence_ids],
                )
                summary.reopened += 1
            alert.save()
            alert.evidence_links.all().delete()
            summary.updated += 1
            audit_rows.append(
                (alert.person_id, f"Alert updated: {match.code}", {"alert": str(alert.pk)})
            )
        links.extend((alert_id, e) for e in evidence_ids)
    rows_insert(Alert, _ALERT_COLUMNS, created)
    rows_insert(AlertEvidence, ("alert", "event"), links)
    summary.raised += len(created)
    auditor.created_many(audit_rows)


# What every write of an alert sets; a new alert's columns are its identity, then these.
_ALERT_WRITTEN = (
    "check_version", "settings_version", "parameters", "severity", "explanation", "facts",
    "active", "evidence_changed_on", "last_held_on", "restricted",
)  # fmt: skip
_ALERT_COLUMNS = (
    "id", "created_at", "updated_at", "code", "person", "key", "status", "raised_on",
    *_ALERT_WRITTEN,
)  # fmt: skip


def _update_in_chunks(alert_ids: list[uuid.UUID], **values) -> int:
    # Chunked so that a whole population stays under SQLite's limit on query parameters.
    updated = 0
    for start in range(0, len(alert_ids), 5000):
        updated += Alert.objects.filter(pk__in=alert_ids[start : start + 5000]).update(**values)
    return updated


def _changed(
    alert: Alert | None, evidence_seen: dict[uuid.UUID, set[str]], match: engine.Match
) -> bool:
    if alert is None or not alert.active:
        return True
    return evidence_seen.get(alert.pk, set()) != set(match.evidence) or alert.facts != match.facts


# Decisions.


@transaction.atomic
def alert_decide(
    *, alert: Alert, by: User, kind: str, note: str = "", action: str = ""
) -> AlertDecision:
    """Record what a professional decided. Dismissing needs a reason; acting says what was done."""
    if not access.can_decide_alert(by, alert):
        raise PermissionDenied("You cannot record decisions on this alert.")
    note = note.strip()
    if kind == DecisionKind.DISMISSED and not note:
        raise ValidationError({"note": "Say why you are dismissing this alert."})
    if kind == DecisionKind.ACTIONED:
        if action not in ActionKind.values:
            raise ValidationError({"action": "Choose what was done."})
        if not note:
            raise ValidationError({"note": "Say what was done."})
    elif action:
        raise ValidationError({"action": "Only an action taken says what was done."})
    if kind not in (DecisionKind.ACKNOWLEDGED, DecisionKind.ACTIONED, DecisionKind.DISMISSED):
        raise ValidationError({"kind": "Choose acknowledge, action taken or dismiss."})
    decision = AlertDecision.objects.create(
        alert=alert,
        kind=kind,
        action=action,
        note=note,
        decided_by=by,
        evidence_ids=[e.hex for e in alert.evidence.values_list("id", flat=True)],
    )
    alert.status = kind
    alert.save(update_fields=["status", "updated_at"])
    Auditor(by).created(
        alert.person, f"Decision on alert {alert.code}: {kind}", alert=str(alert.pk)
    )
    return decision


@transaction.atomic
def check_setting_change(
    *, code: str, parameters: dict[str, int], by: User, reason: str
) -> CheckSetting:
    """A partnership changes a check's parameters: a new version, attributed, with a reason."""
    if not access.can_change_check_settings(by):
        raise PermissionDenied("Only safeguarding partnership staff change learning checks.")
    definition = check(code)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the check is changing."})
    errors = {}
    values = {}
    for parameter in definition.parameters:
        value = parameters.get(parameter.name, parameter.default)
        try:
            value = int(value)
        except (TypeError, ValueError):
            errors[parameter.name] = f"{parameter.label} must be a whole number."
            continue
        if not parameter.minimum <= value <= parameter.maximum:
            errors[parameter.name] = (
                f"{parameter.label} must be between {parameter.minimum} and {parameter.maximum}."
            )
        values[parameter.name] = value
    if errors:
        raise ValidationError(errors)
    latest = CheckSetting.objects.filter(code=definition.code).order_by("-version").first()
    setting = CheckSetting.objects.create(
        code=definition.code,
        version=(latest.version if latest else 0) + 1,
        parameters=values,
        reason=reason,
        changed_by=by,
    )
    Auditor(by).created(
        None, f"Learning check {definition.code} settings v{setting.version}", **values
    )
    return setting
