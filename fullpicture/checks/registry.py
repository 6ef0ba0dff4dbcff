"""The one registry of learning checks.

A check is a declarative definition (`Check`) in its own module under
`definitions/`, named after its code (`lc04_repeated_injuries.py`), holding a
module-level `CHECK`. Nothing outside this registry raises an alert.

What a check's SQL (`Check.sql(params)`) must return, one row per match, reading
the snapshot tables and shared views (snapshot.py, sql.py):

    person_id  VARCHAR    the child (from `eval`)
    day        DATE       the day evaluated (from `eval`)
    key        VARCHAR    what makes this match one alert: '' for "this child", or
                          e.g. the event or adult it is about; same key = same alert
    evidence   VARCHAR[]  the events it rests on (event_id)
    raised     BOOLEAN    the check's severity rule says: raise the severity
    facts      JSON       numbers for the explanation (may be NULL)
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

SEVERITIES = ("medium", "high", "urgent")


@dataclass(frozen=True)
class Learning:
    """Where a check comes from: the review (a source code of learning-checks.md) and its finding."""

    source: str
    finding: str


@dataclass(frozen=True)
class Parameter:
    name: str
    default: int
    label: str
    minimum: int = 0
    maximum: int = 3650


@dataclass(frozen=True)
class EvidenceEvent:
    """What an explanation may say about one event of the evidence."""

    id: str
    occurred_on: date
    agency: str
    type: str
    type_label: str
    summary: str
    explanation: str
    person_name: str
    subject_person_id: str
    is_child: bool = False  # the subject is the child the alert is about


@dataclass(frozen=True)
class Check:
    code: str
    version: int
    title: str
    learning: tuple[Learning, ...]
    suggested_action: str
    severity: str
    severity_rule: str
    sql: Callable[[Mapping[str, int]], str]
    explain: Callable[[Mapping[str, Any], list[EvidenceEvent], Mapping[str, int]], str]
    parameters: tuple[Parameter, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES[:2]:
            raise ValueError(f"{self.code}: base severity is medium or high, not {self.severity}")

    @property
    def defaults(self) -> dict[str, int]:
        return {p.name: p.default for p in self.parameters}

    def severity_for(self, raised: bool) -> str:
        if not raised:
            return self.severity
        return SEVERITIES[SEVERITIES.index(self.severity) + 1]

    def sources(self) -> str:
        return ", ".join(dict.fromkeys(item.source for item in self.learning))


@cache
def checks() -> dict[str, Check]:
    """Every check, by code, in code order."""
    from fullpicture.checks import definitions

    found: dict[str, Check] = {}
    for module_info in pkgutil.iter_modules(definitions.__path__):
        module = importlib.import_module(f"{definitions.__name__}.{module_info.name}")
        check = getattr(module, "CHECK", None)
        if check is None:
            continue
        if check.code in found:
            raise RuntimeError(f"Two definitions of {check.code}")
        if not module_info.name.startswith(check.code.lower() + "_"):
            raise RuntimeError(f"{module_info.name} holds {check.code}; name it after its code")
        found[check.code] = check
    return dict(sorted(found.items()))


def check(code: str) -> Check:
    try:
        return checks()[code.upper()]
    except KeyError:
        raise KeyError(f"No learning check {code!r}; known: {', '.join(checks())}") from None


# Formatting helpers that explanations share.


def day_month(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def months_between(first: date, last: date) -> int:
    months = (last.year - first.year) * 12 + last.month - first.month
    return max(1, months + (1 if last.day >= first.day else 0))


def plural(count: int, word: str, plural_word: str | None = None) -> str:
    return f"{count} {word if count == 1 else (plural_word or word + 's')}"


def evidence_list(events: list[EvidenceEvent], *, with_explanation: bool = False) -> str:
    """`12 Jan 2025 (Oxford University Hospitals, injury: 'fell off bike')`, oldest first."""
    parts = []
    for event in sorted(events, key=lambda e: e.occurred_on):
        said = event.explanation if with_explanation and event.explanation else event.summary
        parts.append(
            f"{day_month(event.occurred_on)} ({event.agency}, {event.type_label}: '{said}')"
        )
    return "; ".join(parts)
