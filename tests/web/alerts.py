"""Alerts made directly with the models, for the pages' tests (no check evaluation needed)."""

from __future__ import annotations

from datetime import date

from fullpicture.checks.models import Alert, AlertEvidence
from fullpicture.chronology.models import Event
from fullpicture.people.models import Person

EXPLANATION = (
    "3 injury-related health events in 5 months: 12 Jan 2024 (Oxford University Hospitals, "
    "Injury: 'fell off bike'); 2 Mar 2024; 1 May 2024."
)


def make_alert(
    person: Person,
    evidence: list[Event],
    *,
    code: str = "LC04",
    key: str = "",
    severity: str = "medium",
    status: str = "open",
    active: bool = True,
    raised_on: date = date(2024, 5, 2),
    explanation: str = EXPLANATION,
    parameters: dict | None = None,
    settings_version: int = 0,
) -> Alert:
    alert = Alert.objects.create(
        code=code,
        person=person,
        key=key,
        check_version=1,
        settings_version=settings_version,
        parameters=parameters if parameters is not None else {"injuries": 3, "window_days": 365},
        severity=severity,
        explanation=explanation,
        facts={"count": len(evidence)},
        status=status,
        active=active,
        raised_on=raised_on,
        evidence_changed_on=raised_on,
        last_held_on=raised_on,
        restricted=any(e.sensitivity == "restricted" for e in evidence),
    )
    AlertEvidence.objects.bulk_create(AlertEvidence(alert=alert, event=e) for e in evidence)
    return alert
