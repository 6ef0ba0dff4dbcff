"""How alerts, check settings, counts and replays read on a page. No database access here
beyond what the objects handed in already hold (or their prefetched relations)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, time
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fullpicture.checks.engine import Match
from fullpicture.checks.models import Alert, AlertDecision, AlertStatus, DecisionKind, Severity
from fullpicture.checks.registry import Check, EvidenceEvent, Learning, checks
from fullpicture.checks.selectors import EvidenceSummary
from fullpicture.chronology.models import Event
from fullpicture.chronology.presenters import EventView, TimelineHighlight, event_views

SEVERITY_TAG = {
    Severity.URGENT: "govuk-tag--red",
    Severity.HIGH: "govuk-tag--orange",
    Severity.MEDIUM: "govuk-tag--yellow",
}
STATUS_TAG = {
    AlertStatus.OPEN: "govuk-tag--blue",
    AlertStatus.ACKNOWLEDGED: "govuk-tag--light-blue",
    AlertStatus.ACTIONED: "govuk-tag--green",
    AlertStatus.DISMISSED: "govuk-tag--grey",
}


def severity_label(severity: str) -> str:
    return Severity(severity).label if severity in Severity.values else severity


@dataclass(frozen=True)
class ParameterValue:
    label: str
    value: int
    default: int

    @property
    def is_default(self) -> bool:
        return self.value == self.default


def parameter_values(check: Check | None, values: Mapping[str, Any]) -> list[ParameterValue]:
    """Each parameter of a check with its value here and its default, in the check's order."""
    if check is None:
        return [ParameterValue(name, value, value) for name, value in values.items()]
    return [
        ParameterValue(p.label, int(values.get(p.name, p.default)), p.default)
        for p in check.parameters
    ]


@dataclass
class AlertView:
    """An alert with its check's definition: what the panel, the dashboard and its page show."""

    alert: Alert
    can_decide: bool = False
    evidence_events: list[Event] | None = None  # else the alert's prefetched evidence
    evidence_total: int | None = None  # when evidence_events are only the latest few
    # (event, day, agency) of every event of the evidence, when not all are in evidence_events
    evidence_marks: list[tuple[uuid.UUID, date, uuid.UUID]] | None = None

    @property
    def evidence_more(self) -> int:
        """How many events of the evidence are not listed."""
        return 0 if self.evidence_total is None else self.evidence_total - len(self.evidence)

    @cached_property
    def check(self) -> Check | None:
        return checks().get(self.alert.code)

    @property
    def url(self) -> str:
        return reverse("checks:alert", args=[self.alert.pk])

    @property
    def title(self) -> str:
        return self.check.title if self.check else self.alert.code

    @property
    def severity(self) -> str:
        return severity_label(self.alert.severity)

    @property
    def severity_tag(self) -> str:
        return SEVERITY_TAG.get(self.alert.severity, "govuk-tag--grey")

    @property
    def status(self) -> str:
        return self.alert.get_status_display()

    @property
    def status_tag(self) -> str:
        return STATUS_TAG.get(self.alert.status, "govuk-tag--grey")

    @property
    def learning(self) -> tuple[Learning, ...]:
        return self.check.learning if self.check else ()

    @property
    def suggested_action(self) -> str:
        return self.check.suggested_action if self.check else ""

    @property
    def severity_rule(self) -> str:
        return self.check.severity_rule if self.check else ""

    @cached_property
    def evidence(self) -> list[EventView]:
        events = self.evidence_events
        if events is None:
            events = sorted(
                self.alert.evidence.all(),
                key=lambda e: (e.occurred_on, e.occurred_time or time.min, e.created_at),
            )
        return event_views(events)

    @property
    def parameters(self) -> list[ParameterValue]:
        return parameter_values(self.check, self.alert.parameters or {})

    @property
    def age(self) -> str:
        """How long ago it was raised: 'today', '1 day', '40 days'."""
        days = (timezone.localdate() - self.alert.raised_on).days
        return "raised today" if days <= 0 else f"{days} day{'s' if days != 1 else ''} old"


def alert_views(
    alerts: Iterable[Alert],
    *,
    user: Any,
    evidence: Mapping[uuid.UUID, EvidenceSummary] | None = None,
) -> list[AlertView]:
    """Alerts the user may see (chosen by selectors.alerts_visible_to), each knowing
    whether the user may record a decision on it.

    With `evidence` (selectors.alerts_evidence_summary), each lists its latest
    events and keeps the marks of all; without, each reads all its evidence.
    """
    from fullpicture.core import access

    can_decide = access.can_decide_alerts_seen(user)
    views = []
    for alert in alerts:
        view = AlertView(alert, can_decide=can_decide)
        if evidence is not None:
            summary = evidence.get(alert.pk, EvidenceSummary(total=0, latest=[], marks=[]))
            view.evidence_events = summary.latest
            view.evidence_total = summary.total
            view.evidence_marks = summary.marks
        views.append(view)
    return views


def timeline_highlights(alerts: Iterable[AlertView]) -> list[TimelineHighlight]:
    """The evidence of these alerts, to ring on the child's timeline."""
    highlights = []
    for view in alerts:
        marks = view.evidence_marks
        if marks is None:
            marks = [(r.event.pk, r.event.occurred_on, r.event.agency_id) for r in view.evidence]
        reason = f"{view.alert.code} {view.title}"
        highlights.extend(
            TimelineHighlight(
                event_id=event_id, occurred_on=day, agency_id=agency_id, reason=reason
            )
            for event_id, day, agency_id in marks
        )
    return highlights


@dataclass(frozen=True)
class DecisionView:
    decision: AlertDecision

    @property
    def who(self) -> str:
        user = self.decision.decided_by
        if user is None:
            return "FullPicture (new evidence)"
        parts = [user.display_name]
        if user.job_title:
            parts.append(user.job_title)
        if user.agency_id:
            parts.append(user.agency.name)
        return ", ".join(parts)

    @property
    def kind(self) -> str:
        return self.decision.get_kind_display()

    @property
    def action(self) -> str:
        return self.decision.get_action_display() if self.decision.action else ""

    @property
    def is_reopening(self) -> bool:
        return self.decision.kind == DecisionKind.REOPENED


def decision_views(decisions: Iterable[AlertDecision]) -> list[DecisionView]:
    return [DecisionView(d) for d in decisions]


# --- the partnership's list of checks


@dataclass(frozen=True)
class CheckView:
    check: Check
    settings_version: int
    values: Mapping[str, int]

    @property
    def url(self) -> str:
        return reverse("checks:check", args=[self.check.code])

    @property
    def parameters(self) -> list[ParameterValue]:
        return parameter_values(self.check, self.values)

    @property
    def severity(self) -> str:
        return severity_label(self.check.severity)


def check_views(in_force: Mapping[str, Any]) -> list[CheckView]:
    """Every check of the registry with the settings in force (selectors.settings_in_force)."""
    return [
        CheckView(check, in_force[code].version, in_force[code].parameters)
        for code, check in checks().items()
        if code in in_force
    ]


# --- a replay for a learning review


@dataclass
class ReplayRow:
    """An alert as it would first have fired: the day, the check and the evidence then."""

    match: Match
    check: Check
    evidence: list[EventView] = field(default_factory=list)
    explanation: str = ""

    @property
    def day(self) -> date:
        return self.match.day

    @property
    def severity(self) -> str:
        return severity_label(self.check.severity_for(self.match.raised))

    @property
    def severity_tag(self) -> str:
        return SEVERITY_TAG.get(self.check.severity_for(self.match.raised), "govuk-tag--grey")


def replay_rows(
    matches: Iterable[Match],
    readable: Mapping[str, Event],
    parameters: Mapping[str, Mapping[str, int]],
) -> list[ReplayRow]:
    """The replay's first firings, in date order, leaving out any resting on an event the user
    may not read (`readable`: the evidence the user may read, by 32-hex id), as alerts are."""
    registry = checks()
    rows = []
    for match in matches:
        check = registry.get(match.code)
        if check is None or not match.evidence:
            continue
        if any(e not in readable for e in match.evidence):
            continue
        events = sorted(
            (readable[e] for e in match.evidence),
            key=lambda e: (e.occurred_on, e.occurred_time or time.min, e.created_at),
        )
        evidence = [_evidence_event(event, match.person_id) for event in events]
        params = {**check.defaults, **parameters.get(match.code, {})}
        rows.append(
            ReplayRow(
                match=match,
                check=check,
                evidence=event_views(events),
                explanation=check.explain(match.facts, evidence, params),
            )
        )
    return sorted(rows, key=lambda row: (row.day, row.match.code, row.match.key))


def _evidence_event(event: Event, child_id: str) -> EvidenceEvent:
    item = EvidenceEvent(
        id=event.id.hex,
        occurred_on=event.occurred_on,
        agency=event.agency.name,
        type=event.event_type_id,
        type_label=event.event_type.label,
        summary=event.summary,
        explanation=event.explanation,
        person_name=str(event.subject),
        subject_person_id=event.subject.person_id.hex,
    )
    return replace(item, is_child=item.subject_person_id == uuid.UUID(child_id).hex)


# --- the partnership's counts


def count_tables(counts: Any) -> dict[str, list[tuple[str, Any]]]:
    """selectors.PartnershipCounts as labelled rows: by check, by agency, by month."""
    registry = checks()
    return {
        "by_check": [
            (f"{code} {registry[code].title}" if code in registry else code, row)
            for code, row in sorted(counts.by_check.items())
        ],
        "by_agency": [(agency.name, row) for agency, row in counts.by_agency],
        "by_month": [(f"{month:%B %Y}", row) for month, row in counts.by_month],
    }


@dataclass(frozen=True)
class SettingView:
    """One version of a check's settings, its parameters by label."""

    setting: Any
    parameters: list[ParameterValue]


def setting_views(check: Check, history: Iterable[Any]) -> list[SettingView]:
    return [SettingView(s, parameter_values(check, s.parameters)) for s in history]


CHART_SERIES = (
    ("raised", "Raised", "#1d70b8"),
    ("acted_on", "Acted on", "#00703c"),
    ("dismissed", "Dismissed", "#505a5f"),
)


def month_chart_svg(rows: list[tuple[str, Any]]) -> SafeString:
    """Alerts raised, acted on and dismissed each month as grouped bars, drawn as inline SVG.

    The table of the same numbers follows it on the page and is its accessible alternative;
    each bar is titled with its month, series and number. Every text is escaped."""
    if not rows or not any(getattr(c, key) for _, c in rows for key, _, _ in CHART_SERIES):
        return SafeString("")
    width, height, left, bottom, top = 960, 240, 40, 40, 30
    plot_h = height - bottom - top
    highest = max(getattr(c, key) for _, c in rows for key, _, _ in CHART_SERIES)
    group = (width - left - 10) / len(rows)
    bar = group / (len(CHART_SERIES) + 1)
    out = [
        f'<svg class="fp-chart" viewBox="0 0 {width} {height}" role="img" '
        f'aria-labelledby="fp-chart-title fp-chart-desc" xmlns="http://www.w3.org/2000/svg" '
        'font-family="GDS Transport, arial, sans-serif" '
        f'width="100%" preserveAspectRatio="xMinYMin meet">',
        '<title id="fp-chart-title">Alerts raised, acted on and dismissed by month</title>',
        f'<desc id="fp-chart-desc">{escape(_chart_desc(rows, highest))}</desc>',
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 10}" y2="{height - bottom}" '
        f'stroke="#505a5f"/>',
        f'<text x="{left - 6}" y="{top + 4}" text-anchor="end" font-size="12" fill="#505a5f">'
        f"{highest}</text>",
        f'<text x="{left - 6}" y="{height - bottom}" text-anchor="end" font-size="12" '
        f'fill="#505a5f">0</text>',
    ]
    for index, (label, counts) in enumerate(rows):
        x0 = left + index * group + bar / 2
        for series, (key, name, colour) in enumerate(CHART_SERIES):
            value = getattr(counts, key)
            h = plot_h * value / highest
            out.append(
                f'<rect x="{x0 + series * bar:.1f}" y="{height - bottom - h:.1f}" '
                f'width="{bar - 1:.1f}" height="{h:.1f}" fill="{colour}">'
                f"<title>{escape(f'{label}: {value} {name.lower()}')}</title></rect>"
            )
        short = label[:3] + label[-5:] if " " in label else label
        out.append(
            f'<text x="{x0 + bar * 1.5:.1f}" y="{height - bottom + 16}" text-anchor="middle" '
            f'font-size="12" fill="#0b0c0c">{escape(short)}</text>'
        )
    for series, (_, name, colour) in enumerate(CHART_SERIES):
        x = left + series * 130
        out.append(
            f'<rect x="{x}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 18}" y="17" font-size="13" fill="#0b0c0c">{escape(name)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _chart_desc(rows: list[tuple[str, Any]], highest: int) -> str:
    total = {key: sum(getattr(c, key) for _, c in rows) for key, _, _ in CHART_SERIES}
    return (
        f"One group of three bars per month from {rows[0][0]} to {rows[-1][0]}: "
        f"{total['raised']} raised, {total['acted_on']} acted on and {total['dismissed']} "
        f"dismissed in all; the highest bar is {highest}. The table below gives every number."
    )
