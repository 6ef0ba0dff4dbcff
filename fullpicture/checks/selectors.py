"""Reads for learning checks: settings in force, who is near a child, alerts a user may see."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, time

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fullpicture.checks.models import (
    SEVERITY_ORDER,
    Alert,
    AlertEvidence,
    AlertStatus,
    CheckSetting,
)
from fullpicture.checks.registry import Check, EvidenceEvent, checks
from fullpicture.chronology.models import Event, EventInvolvement
from fullpicture.core import access
from fullpicture.core.models import User
from fullpicture.people.models import Address, Person, PersonRecord, Relationship


@dataclass(frozen=True)
class SettingInForce:
    version: int
    parameters: dict[str, int]


def settings_in_force() -> dict[str, SettingInForce]:
    """Each check's current parameters: its latest setting over its defaults."""
    latest: dict[str, CheckSetting] = {}
    for setting in CheckSetting.objects.order_by("code", "-version"):
        latest.setdefault(setting.code, setting)
    result = {}
    for code, check in checks().items():
        setting = latest.get(code)
        parameters = dict(check.defaults)
        if setting is not None:
            parameters.update({k: int(v) for k, v in setting.parameters.items() if k in parameters})
        result[code] = SettingInForce(setting.version if setting else 0, parameters)
    return result


def check_settings_history(code: str) -> list[CheckSetting]:
    return list(CheckSetting.objects.filter(code=code).select_related("changed_by"))


def address_key(postcode: str, address: str) -> str:
    """The same normalisation as the snapshot's `address_key` (case and spacing)."""
    return postcode.replace(" ", "").upper() + "|" + " ".join(address.split()).lower()


def _sharing_an_address(record_ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """People whose records give one of these records' addresses (same postcode and address)."""
    keys = {
        address_key(postcode, address)
        for postcode, address in Address.objects.filter(record_id__in=record_ids).values_list(
            "postcode", "address"
        )
    }
    postcodes = {key.partition("|")[0] for key in keys} - {""}
    # Postcodes are compared as stored (the import normalises them); the address
    # text is then compared as the snapshot compares it.
    candidates = Address.objects.filter(
        Q(postcode__in=postcodes) | Q(postcode__in=[_spaced(p) for p in postcodes])
    ).values_list("record__person_id", "postcode", "address")
    return {
        person for person, postcode, address in candidates if address_key(postcode, address) in keys
    }


def _spaced(postcode: str) -> str:
    return f"{postcode[:-3]} {postcode[-3:]}" if len(postcode) > 3 else postcode


def _one_hop(person_ids: set[uuid.UUID]) -> set[uuid.UUID]:
    """People connected to these by a relationship, a shared event or a shared postcode."""
    ids = list(person_ids)
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 400):
        chunk = ids[start : start + 400]
        records = PersonRecord.objects.filter(person_id__in=chunk)
        record_ids = list(records.values_list("id", flat=True))
        related = Relationship.objects.filter(
            Q(from_record_id__in=record_ids) | Q(to_record_id__in=record_ids)
        ).values_list("from_record__person_id", "to_record__person_id")
        for a, b in related:
            found.update((a, b))
        # Events they are the subject of, and events they are involved in, asked
        # apart: one query on `subject OR involved` makes both databases scan every event.
        involved_in = EventInvolvement.objects.filter(record_id__in=record_ids).values("event_id")
        for involvements in (
            EventInvolvement.objects.filter(event__subject_id__in=record_ids),
            EventInvolvement.objects.filter(event_id__in=involved_in),
        ):
            found.update(involvements.values_list("record__person_id", flat=True).distinct())
        found.update(
            Event.objects.filter(id__in=involved_in)
            .values_list("subject__person_id", flat=True)
            .distinct()
        )
        found.update(_sharing_an_address(record_ids))
    return found


def neighbourhood(person_ids: Iterable[uuid.UUID | str], hops: int = 2) -> set[uuid.UUID]:
    """The people a check of these people may need to read: two hops of any connection.

    Two hops reach a parent's partner and whoever was present at a parent's
    incident, the furthest any check looks (LC09).
    """
    known = {uuid.UUID(str(p)) for p in person_ids}
    frontier = set(known)
    for _ in range(hops):
        frontier = _one_hop(frontier) - known
        if not frontier:
            break
        known |= frontier
    return known


def children_near(person_ids: Iterable[uuid.UUID | str]) -> set[uuid.UUID]:
    """Everyone within two hops of these people: the children whose checks a change may move."""
    return neighbourhood(person_ids)


def evidence_events(event_ids: Iterable[str | uuid.UUID]) -> dict[str, EvidenceEvent]:
    """What explanations need of each event, by 32-hex id."""
    wanted = [uuid.UUID(str(e)) for e in event_ids]
    result: dict[str, EvidenceEvent] = {}
    for start in range(0, len(wanted), 500):
        # Plain values, not model objects: an import can raise thousands of alerts at once.
        for (
            event_id,
            occurred_on,
            agency,
            type_code,
            type_label,
            summary,
            explanation,
            given_name,
            family_name,
            subject_person_id,
        ) in Event.objects.filter(id__in=wanted[start : start + 500]).values_list(
            "id",
            "occurred_on",
            "agency__name",
            "event_type_id",
            "event_type__label",
            "summary",
            "explanation",
            "subject__given_name",
            "subject__family_name",
            "subject__person_id",
        ):
            result[event_id.hex] = EvidenceEvent(
                id=event_id.hex,
                occurred_on=occurred_on,
                agency=agency,
                type=type_code,
                type_label=type_label,
                summary=summary,
                explanation=explanation,
                person_name=" ".join(part for part in (given_name, family_name) if part),
                subject_person_id=subject_person_id.hex,
            )
    return result


# Alerts as users see them.


def alerts_visible_to(user: User | None, alerts: QuerySet | None = None) -> QuerySet:
    """Alerts this user may see: of a child they may see, resting only on events they may read.

    The catalogue's rule: an alert is seen only by those who may see every event
    of its evidence. An event is readable when the restricted rule allows it and it
    is in the child's own chronology (the child is its subject or involved in it)
    or is about someone else the user may see (a parent's event, say).
    """
    if user is None or not user.is_authenticated:
        return Alert.objects.none()
    alerts = Alert.objects.all() if alerts is None else alerts
    people = access.people_visible_to(user, Person.objects.all())
    alerts = alerts.filter(person__in=people)
    evidence = Event.objects.filter(alerts=OuterRef("pk"))
    if access.sees_restricted_of_all_agencies(user):
        unreadable = evidence.none()
    else:
        unreadable = evidence.exclude(access.restricted_event_filter(user))
    involves_child = EventInvolvement.objects.filter(
        event=OuterRef("pk"), record__person=OuterRef(OuterRef("person"))
    )
    about_someone_unseen = (
        evidence.exclude(subject__person=OuterRef("person"))
        .exclude(Exists(involves_child))
        .exclude(subject__person__in=people)
    )
    return alerts.exclude(Exists(unreadable)).exclude(Exists(about_someone_unseen))


def person_open_alerts(
    *, person: Person, user: User, limit: int | None = None
) -> tuple[list[Alert], int]:
    """The person's open alerts the user may see, most severe first, and how many there are.

    With `limit`, only the first `limit` come back: a child can hold hundreds of
    open alerts (one per police report not referred, say).
    """
    # Order and count on four columns; whole alerts only for those shown.
    ranked = sorted(
        alerts_visible_to(
            user,
            Alert.objects.filter(person=person, active=True).exclude(status=AlertStatus.DISMISSED),
        ).values_list("severity", "code", "raised_on", "key", "pk"),
        key=lambda row: (SEVERITY_ORDER[row[0]], *row[1:]),
    )
    chosen = [row[-1] for row in (ranked if limit is None else ranked[:limit])]
    by_id = Alert.objects.in_bulk(chosen)
    return [by_id[pk] for pk in chosen], len(ranked)


@dataclass(frozen=True)
class EvidenceSummary:
    """An alert's evidence as a panel shows it: the latest few events in full, all as marks."""

    total: int
    latest: list[Event]  # oldest first
    marks: list[tuple[uuid.UUID, date, uuid.UUID]]  # (event, day, agency) of every event


def alerts_evidence_summary(
    alerts: Iterable[Alert], *, latest: int
) -> dict[uuid.UUID, EvidenceSummary]:
    """For each alert, its `latest` evidence events in full and the day and agency of all.

    One alert can rest on hundreds of events (every injury in a year); a panel
    lists the latest and rings them all on the timeline, which needs three columns.
    """
    rows: dict[uuid.UUID, list[tuple]] = {}
    for alert_id, event_id, day, at, created, agency_id in AlertEvidence.objects.filter(
        alert__in=[a.pk for a in alerts]
    ).values_list(
        "alert_id",
        "event_id",
        "event__occurred_on",
        "event__occurred_time",
        "event__created_at",
        "event__agency_id",
    ):
        rows.setdefault(alert_id, []).append(((day, at or time.min, created), event_id, agency_id))
    for items in rows.values():
        items.sort()
    events = Event.objects.select_related("agency", "event_type").in_bulk(
        [event_id for items in rows.values() for _, event_id, _ in items[-latest:]]
    )
    return {
        alert_id: EvidenceSummary(
            total=len(items),
            latest=[events[event_id] for _, event_id, _ in items[-latest:]],
            marks=[(event_id, order[0], agency_id) for order, event_id, agency_id in items],
        )
        for alert_id, items in rows.items()
    }


def person_alerts(*, person: Person, user: User) -> list[Alert]:
    """Every alert of the person the user may see, open first."""
    alerts = alerts_visible_to(user, Alert.objects.filter(person=person)).prefetch_related(
        "decisions__decided_by"
    )
    return sorted(alerts, key=lambda a: (not a.active, SEVERITY_ORDER[a.severity], a.code))


def alert_for_user(*, user: User, alert_id: uuid.UUID) -> Alert | None:
    return (
        alerts_visible_to(user, Alert.objects.filter(pk=alert_id)).select_related("person").first()
    )


def open_alert_counts_by_check(alerts: QuerySet) -> dict[str, int]:
    return dict(
        alerts.filter(active=True)
        .exclude(status=AlertStatus.DISMISSED)
        .values_list("code")
        .annotate(n=Count("id"))
        .values_list("code", "n")
    )


def check_for(code: str) -> Check:
    return checks()[code]


# Reads for the alert pages (checks/views.py): an alert with its evidence and decisions,
# the managers' dashboard, the partnership's counts, the evidence of a replay.


def open_alerts(alerts: QuerySet) -> QuerySet:
    """Still holding and not dismissed: the same "open" as `person_open_alerts`."""
    return alerts.filter(active=True).exclude(status=AlertStatus.DISMISSED)


def alert_evidence(alert: Alert) -> list[Event]:
    """The events an alert rests on, oldest first (the alert was read through alerts_visible_to)."""
    return list(
        alert.evidence.select_related("agency", "event_type").order_by(
            "occurred_on", "occurred_time", "created_at"
        )
    )


def alert_decisions(alert: Alert) -> list:
    """Every decision on an alert, in the order they were made."""
    return list(alert.decisions.select_related("decided_by__agency").order_by("created_at"))


def _severity_rank():
    from django.db.models import Case, IntegerField, Value, When

    return Case(
        *(When(severity=severity, then=Value(rank)) for severity, rank in SEVERITY_ORDER.items()),
        default=Value(len(SEVERITY_ORDER)),
        output_field=IntegerField(),
    )


DASHBOARD_ORDER = {
    "severity": ("severity_rank", "raised_on", "code"),
    "oldest": ("raised_on", "severity_rank", "code"),
    "newest": ("-raised_on", "severity_rank", "code"),
}


def dashboard_alerts(*, user: User, code: str = "", sort: str = "severity") -> QuerySet:
    """Open alerts of the children the user's agency works with, most severe (or oldest) first."""
    alerts = open_alerts(alerts_visible_to(user))
    if code:
        alerts = alerts.filter(code=code)
    return (
        alerts.annotate(severity_rank=_severity_rank())
        .select_related("person")
        .order_by(*DASHBOARD_ORDER[sort], "pk")
    )


@dataclass
class AlertCounts:
    """Alerts raised; of them, acted on and dismissed (at least once); and open now."""

    raised: int = 0
    acted_on: int = 0
    dismissed: int = 0
    open: int = 0


@dataclass
class PartnershipCounts:
    by_check: dict[str, AlertCounts]
    by_agency: list[tuple[object, AlertCounts]]
    by_month: list[tuple[object, AlertCounts]]


def _month(value) -> object:
    """A month as the first day of it, whether the database truncated a date or a datetime."""
    from datetime import datetime

    from django.utils import timezone

    if isinstance(value, datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.replace(day=1)


def partnership_counts(*, user: User, code: str = "", months: int = 12) -> PartnershipCounts:
    """Counts of the alerts this user may see: by check, by agency, and by month.

    An alert counts under every agency holding a record of its child (the agencies that
    see it and may act), so the agency rows add up to more than the total. By month,
    "raised" counts alerts by the day they were raised, "acted on" and "dismissed" count
    alerts by the month of the decision.
    """
    from datetime import date, timedelta

    from django.db.models.functions import TruncMonth
    from django.utils import timezone

    from fullpicture.checks.models import AlertDecision, DecisionKind
    from fullpicture.core.models import Agency

    visible = alerts_visible_to(user)
    if code:
        visible = visible.filter(code=code)
    decisions = AlertDecision.objects.filter(alert__in=visible.values("pk"))

    def by(alerts_group: str, decisions_group: str) -> dict:
        counts: dict = {}

        def add(rows, field):
            for group, n in rows:
                if group is not None:
                    setattr(counts.setdefault(group, AlertCounts()), field, n)

        add(
            visible.values_list(alerts_group).annotate(n=Count("pk", distinct=True)).order_by(),
            "raised",
        )
        add(
            open_alerts(visible)
            .values_list(alerts_group)
            .annotate(n=Count("pk", distinct=True))
            .order_by(),
            "open",
        )
        for kind, field in (
            (DecisionKind.ACTIONED, "acted_on"),
            (DecisionKind.DISMISSED, "dismissed"),
        ):
            add(
                decisions.filter(kind=kind)
                .values_list(decisions_group)
                .annotate(n=Count("alert", distinct=True))
                .order_by(),
                field,
            )
        return counts

    by_check = by("code", "alert__code")
    by_agency_id = by("person__records__agency", "alert__person__records__agency")
    agencies = Agency.objects.in_bulk(list(by_agency_id))
    by_agency = sorted(
        ((agencies[pk], counts) for pk, counts in by_agency_id.items()),
        key=lambda row: row[0].name,
    )

    today = timezone.localdate()
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    month_counts: dict = {}
    for month, n in (
        visible.filter(raised_on__gte=first)
        .annotate(m=TruncMonth("raised_on"))
        .values_list("m")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        month_counts.setdefault(_month(month), AlertCounts()).raised += n
    for kind, field in ((DecisionKind.ACTIONED, "acted_on"), (DecisionKind.DISMISSED, "dismissed")):
        for month, n in (
            decisions.filter(kind=kind, created_at__date__gte=first)
            .annotate(m=TruncMonth("created_at"))
            .values_list("m")
            .annotate(n=Count("alert", distinct=True))
            .order_by()
        ):
            counts = month_counts.setdefault(_month(month), AlertCounts())
            setattr(counts, field, getattr(counts, field) + n)
    by_month = []
    month = first
    while month <= today:
        by_month.append((month, month_counts.get(month, AlertCounts())))
        month = (month + timedelta(days=32)).replace(day=1)
    return PartnershipCounts(by_check=by_check, by_agency=by_agency, by_month=by_month)


def events_readable_by(user: User, event_ids: Iterable[str | uuid.UUID]) -> dict[str, Event]:
    """The events of these ids that the user may read, by 32-hex id (a replay's evidence)."""
    wanted = [uuid.UUID(str(e)) for e in event_ids]
    found: dict[str, Event] = {}
    for start in range(0, len(wanted), 500):
        for event in access.events_visible_to(
            user, Event.objects.filter(id__in=wanted[start : start + 500])
        ).select_related("agency", "event_type", "subject"):
            found[event.id.hex] = event
    return found
