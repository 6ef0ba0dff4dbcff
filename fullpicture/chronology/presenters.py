"""How chronology data reads on a page, in print and in an export. No database access here
beyond what the objects handed in already hold."""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.paginator import Page
from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from fullpicture.chronology.models import ChildSeen, Event, Significance
from fullpicture.core.models import Agency, AgencyKind
from fullpicture.core.templatetags.fp import date_text
from fullpicture.ingest.extract import EVENT_COLUMNS

DOMAIN_LABELS = {
    "health": "Health",
    "police": "Police",
    "education": "Education",
    "csc": "Children's social care",
    "early_help": "Early help",
    "adult": "Adult services",
    "housing": "Housing",
    "court": "Court",
}


# --- one chronology entry


@dataclass(frozen=True)
class EventView:
    """An event as a row of the chronology table or the printed chronology."""

    event: Event

    @property
    def url(self) -> str:
        return reverse("chronology:event_detail", args=[self.event.pk])

    @property
    def when(self) -> str:
        """'3 March 2025' or '3 March 2025, 14:05'."""
        shown = date_text(self.event.occurred_on)
        if self.event.occurred_time:
            shown += f", {self.event.occurred_time:%H:%M}"
        return shown

    @property
    def type_label(self) -> str:
        return self.event.event_type.label

    @property
    def child_seen(self) -> str:
        if self.event.child_seen in (ChildSeen.SEEN, ChildSeen.SEEN_ALONE, ChildSeen.NOT_SEEN):
            return self.event.get_child_seen_display()
        return ""

    @property
    def recorder(self) -> str:
        """Who recorded it: as the agency stated, else the FullPicture user who entered it."""
        if self.event.recorded_by:
            return self.event.recorded_by
        entered_by = self.event.entered_by
        if entered_by is None:
            return ""
        if entered_by.job_title:
            return f"{entered_by.display_name}, {entered_by.job_title}"
        return entered_by.display_name

    @property
    def is_corrected(self) -> bool:
        return self.event.version > 1

    @property
    def is_significant(self) -> bool:
        return self.event.significance == Significance.SIGNIFICANT

    @property
    def is_restricted(self) -> bool:
        return self.event.sensitivity == "restricted"

    @cached_property
    def details(self) -> list[tuple[str, str]]:
        """Every field the agency stated, as (label, text), for the entry's own page."""
        e = self.event
        rows = [
            ("Date", self.when),
            ("Agency", e.agency.name),
            ("Event type", self.type_label),
            ("Summary", e.summary),
            ("Detail", e.detail),
            ("Explanation given", e.explanation),
            ("Explanation consistent", _yes_no(e.explanation_consistent)),
            ("Child seen", e.get_child_seen_display() if e.child_seen else ""),
            ("Child's voice", e.child_voice),
            ("Action", e.action),
            ("Referred to", ", ".join(_kind_label(k) for k in e.referred_to)),
            ("Outcome", _words(e.outcome)),
            ("Category of harm", _words(e.category)),
            ("Attendance", f"{e.attendance_percent}%" if e.attendance_percent is not None else ""),
            ("Period from", date_text(e.period_from)),
            ("Placement type", _words(e.placement_type)),
            ("Out of area", _yes_no(e.out_of_area)),
            ("Plan covers", ", ".join(_words(item) for item in e.plan_covers)),
            ("Review by", date_text(e.review_by)),
            ("Stage", str(e.stage or "")),
            ("Significance", e.get_significance_display()),
            ("Sensitivity", e.get_sensitivity_display()),
            ("Recorded by", self.recorder),
            ("Recorded on", date_text(e.recorded_on)),
            ("Agency reference", e.source_ref),
        ]
        involvements = getattr(e, "_prefetched_objects_cache", {}).get("involvements")
        if involvements:
            rows.append(
                (
                    "Others involved",
                    "; ".join(
                        f"{i.record.given_name} {i.record.family_name} ({i.get_role_display()})"
                        for i in involvements
                    ),
                )
            )
        return [(label, text) for label, text in rows if text and text != "Not known"]


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No"}.get(value, "")


def _words(code: str) -> str:
    return code.replace("_", " ").capitalize() if code else ""


def _kind_label(kind: str) -> str:
    if kind == "early_help":
        return "Early help"
    try:
        return AgencyKind(kind).label
    except ValueError:
        return _words(kind)


def event_views(events: Iterable[Event]) -> list[EventView]:
    return [EventView(event) for event in events]


# --- an event as an events.csv row (export, and the correction form's starting values)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    if hasattr(value, "strftime"):  # a time
        return value.strftime("%H:%M")
    return str(value)


def event_as_row(event: Event) -> dict[str, str]:
    """The event as the events.csv row that would state it, column by column."""
    row: dict[str, str] = {}
    for column in EVENT_COLUMNS:
        if column == "event_type":
            row[column] = event.event_type_id
        elif column == "subject_local_id":
            row[column] = event.subject.local_id
        elif column == "involved":
            row[column] = ";".join(
                f"{i.record.local_id}:{i.role}" for i in event.involvements.all()
            )
        else:
            row[column] = _cell(getattr(event, column))
    return row


# --- pagination


def pagination(page: Page, query: QueryDict) -> dict[str, Any]:
    """The GOV.UK pagination component's links, keeping the filters in the query string."""

    def href(number: int) -> str:
        params = query.copy()
        params["page"] = str(number)
        return f"?{params.urlencode()}"

    last = page.paginator.num_pages
    wanted = {1, last, page.number - 1, page.number, page.number + 1}
    items: list[dict[str, Any]] = []
    previous = 0
    for number in sorted(n for n in wanted if 1 <= n <= last):
        if previous and number > previous + 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
        previous = number
    return {
        "items": items if last > 1 else [],
        "previous": href(page.number - 1) if page.has_previous() else "",
        "next": href(page.number + 1) if page.has_next() else "",
    }


# --- the timeline: one lane per agency, drawn in Python as inline SVG


WIDTH = 960
LABEL_WIDTH = 220
RIGHT_PAD = 20
AXIS_HEIGHT = 30
LANE_HEIGHT = 34
BIN_PX = 6  # events closer than this on screen share one mark, sized by their number
MAX_LABEL = 30


def _month_start(d: date) -> date:
    return d.replace(day=1)


def _next_month(d: date) -> date:
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def _month_year(d: date) -> str:
    return f"{d:%B %Y}"


def _plural(count: int, word: str, words: str = "") -> str:
    return f"{count} {word}" if count == 1 else f"{count} {words or word + 's'}"


@dataclass(frozen=True)
class TimelineHighlight:
    """An event to ring on the timeline (the evidence of an alert), and why, read out with it."""

    event_id: uuid.UUID
    occurred_on: date
    agency_id: uuid.UUID
    reason: str


def timeline_svg(
    points: Sequence[tuple[date, uuid.UUID, str]],
    lanes: Sequence[Agency],
    highlighted: Iterable[TimelineHighlight] = (),
) -> SafeString:
    """The timeline of `points` (occurred_on, agency_id, significance), one lane per agency.

    `highlighted` events are ringed, each ring titled with its dates and reasons. An event is
    ringed only where the timeline shows an event of its agency on its day (a filter may have
    left it out). Built as a string rather than in a template: a child may have thousands of
    events, and binning them first keeps the page small and fast. Every text is escaped."""
    lanes = [agency for agency in lanes]
    lane_of = {agency.pk: index for index, agency in enumerate(lanes)}
    points = [p for p in points if p[1] in lane_of]
    if not points:
        return SafeString("")
    first = min(p[0] for p in points)
    last = max(p[0] for p in points)
    start = _month_start(first)
    end = _next_month(last)
    span = (end - start).days
    plot = WIDTH - LABEL_WIDTH - RIGHT_PAD
    bins = plot // BIN_PX
    height = AXIS_HEIGHT + LANE_HEIGHT * len(lanes) + 6

    def x_of(days: float) -> float:
        return LABEL_WIDTH + days / span * plot

    # (lane, bin) -> [significant, routine, first date, last date]
    marks: dict[tuple[int, int], list[Any]] = {}
    for occurred_on, agency_id, significance in points:
        days = (occurred_on - start).days
        key = (lane_of[agency_id], min(bins - 1, int(days / span * bins)))
        mark = marks.get(key)
        if mark is None:
            mark = marks[key] = [0, 0, occurred_on, occurred_on]
        mark[0 if significance == Significance.SIGNIFICANT else 1] += 1
        mark[2] = min(mark[2], occurred_on)
        mark[3] = max(mark[3], occurred_on)

    rings = _rings(highlighted, marks, lane_of, {(p[0], p[1]) for p in points}, start, span, bins)
    agencies_with_events = len({lane for lane, _ in marks})
    title = (
        f"Timeline of {_plural(len(points), 'event')} from "
        f"{_plural(agencies_with_events, 'agency', 'agencies')}, "
        f"{_month_year(first)} to {_month_year(last)}"
    )
    desc = (
        "One row per agency, time running left to right. Each mark is one or more events "
        "close together in time, larger for more events; filled marks include significant "
        "events, open marks are routine only. The chronology table below lists every event "
        "and is the accessible alternative to this picture."
    )
    if rings:
        desc += (
            " Marks ringed in red hold evidence of an open alert; the alerts above list "
            "that evidence."
        )
    out: list[str] = [
        f'<svg class="fp-timeline" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="fp-timeline-title fp-timeline-desc" '
        f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">',
        f'<title id="fp-timeline-title">{escape(title)}</title>',
        f'<desc id="fp-timeline-desc">{escape(desc)}</desc>',
    ]
    # Lanes: a stripe, the agency's colour and its name.
    for index, agency in enumerate(lanes):
        y = AXIS_HEIGHT + index * LANE_HEIGHT
        name = agency.name if len(agency.name) <= MAX_LABEL else agency.name[: MAX_LABEL - 1] + "…"
        out.append(
            f'<g class="fp-timeline__lane fp-kind-{escape(agency.kind)}">'
            f"<title>{escape(agency.name)}</title>"
            f'<rect class="fp-timeline__stripe fp-timeline__stripe--{index % 2}" x="0" y="{y}" '
            f'width="{WIDTH}" height="{LANE_HEIGHT}"/>'
            f'<rect class="fp-timeline__swatch" x="4" y="{y + 9}" width="6" height="16"/>'
            f'<text class="fp-timeline__label" x="16" y="{y + LANE_HEIGHT / 2 + 5}">'
            f"{escape(name)}</text></g>"
        )
    out.append(_axis(start, end, span, x_of, height))
    for (lane, column), (significant, routine, low, high) in sorted(marks.items()):
        count = significant + routine
        cx = x_of((low - start).days + (high - low).days / 2 + 0.5)
        cy = AXIS_HEIGHT + lane * LANE_HEIGHT + LANE_HEIGHT / 2
        radius = min(3.5 + 1.6 * math.sqrt(count - 1), LANE_HEIGHT / 2 - 2)
        kind = "significant" if significant else "routine"
        when = date_text(low) if low == high else f"{date_text(low)} to {date_text(high)}"
        parts = []
        if significant:
            parts.append(f"{significant} significant")
        if routine:
            parts.append(f"{routine} routine")
        tip = f"{lanes[lane].name}: {_plural(count, 'event')} ({', '.join(parts)}), {when}"
        out.append(
            f'<circle class="fp-timeline__mark fp-timeline__mark--{kind}" cx="{cx:.1f}" '
            f'cy="{cy:.1f}" r="{radius:.1f}"><title>{escape(tip)}</title></circle>'
        )
        ring = rings.get((lane, column))
        if ring is not None:
            out.append(_ring_svg(ring, lanes[lane].name, cx, cy, radius))
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped


def _rings(
    highlighted: Iterable[TimelineHighlight],
    marks: dict[tuple[int, int], list[Any]],
    lane_of: dict[uuid.UUID, int],
    shown: set[tuple[date, uuid.UUID]],
    start: date,
    span: int,
    bins: int,
) -> dict[tuple[int, int], dict[uuid.UUID, list[Any]]]:
    """The marks to ring: (lane, bin) -> {event id: [its date, reason, ...]}."""
    rings: dict[tuple[int, int], dict[uuid.UUID, list[Any]]] = {}
    for item in highlighted:
        if item.agency_id not in lane_of or (item.occurred_on, item.agency_id) not in shown:
            continue
        days = (item.occurred_on - start).days
        key = (lane_of[item.agency_id], min(bins - 1, int(days / span * bins)))
        if key not in marks:
            continue
        events = rings.setdefault(key, {})
        reasons = events.setdefault(item.event_id, [item.occurred_on])
        if item.reason not in reasons:
            reasons.append(item.reason)
    return rings


def _ring_svg(
    ring: dict[uuid.UUID, list[Any]], agency_name: str, cx: float, cy: float, radius: float
) -> str:
    """A red ring around a mark, titled with the evidence it holds and the alerts it is for."""
    dates = sorted({reasons[0] for reasons in ring.values()})
    when = (
        date_text(dates[0])
        if len(dates) == 1
        else f"{date_text(dates[0])} to {date_text(dates[-1])}"
    )
    reasons = list(dict.fromkeys(r for rs in ring.values() for r in rs[1:]))
    tip = (
        f"Evidence of an open alert: {_plural(len(ring), 'event')} of {agency_name}, {when}, "
        f"for {'; '.join(reasons)}"
    )
    return (
        f'<circle class="fp-timeline__evidence" cx="{cx:.1f}" cy="{cy:.1f}" '
        f'r="{radius + 3.5:.1f}" fill="none" stroke="#d4351c" stroke-width="2.5">'
        f"<title>{escape(tip)}</title></circle>"
    )


def _axis(start: date, end: date, span: int, x_of: Any, height: int) -> str:
    """Month ticks, labelled by month for short spans and by year for long ones."""
    months = (end.year - start.year) * 12 + end.month - start.month
    every = 1 if months <= 18 else 3 if months <= 60 else 12
    out = ['<g class="fp-timeline__axis">']
    month = start
    while month <= end:
        x = x_of((month - start).days)
        is_year = month.month == 1
        if (month.month - 1) % every == 0 or month == start:
            out.append(
                f'<line class="fp-timeline__tick{" fp-timeline__tick--year" if is_year else ""}" '
                f'x1="{x:.1f}" y1="{AXIS_HEIGHT - 6}" x2="{x:.1f}" y2="{height - 6}"/>'
            )
            label = ""
            if every == 1:
                label = f"{month:%b %Y}" if is_year or month == start else f"{month:%b}"
            elif is_year or (month == start and every < 12):
                label = f"{month:%Y}" if is_year else f"{month:%b %Y}"
            if label and x < WIDTH - RIGHT_PAD - 10:
                out.append(
                    f'<text class="fp-timeline__tick-label" x="{x + 2:.1f}" y="18">{escape(label)}</text>'
                )
        month = _next_month(month)
    out.append("</g>")
    return "".join(out)


# --- the person summary


@dataclass(frozen=True)
class IdentifierRow:
    label: str
    value: str
    agencies: list[Agency]


def identifier_rows(identifiers: Iterable[Any]) -> list[IdentifierRow]:
    """Each identifier once, with every agency that states it."""
    from fullpicture.core.templatetags.fp import nhs_number_text

    rows: dict[tuple[str, str], IdentifierRow] = {}
    for identifier in identifiers:
        key = (identifier.scheme, identifier.value)
        if key not in rows:
            value = identifier.value
            if identifier.scheme == "nhs":
                value = nhs_number_text(value)
            rows[key] = IdentifierRow(identifier.get_scheme_display(), value, [])
        agency = identifier.record.agency
        if agency not in rows[key].agencies:
            rows[key].agencies.append(agency)
    return list(rows.values())
