"""Reads for learning checks: settings in force, who is near a child, alerts a user may see."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from fullpicture.checks.models import SEVERITY_ORDER, Alert, AlertStatus, CheckSetting
from fullpicture.checks.registry import Check, EvidenceEvent, checks
from fullpicture.chronology.models import Event, EventInvolvement, Sensitivity
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
        events = Event.objects.filter(
            Q(subject_id__in=record_ids) | Q(involvements__record_id__in=record_ids)
        ).values("id")
        found.update(
            EventInvolvement.objects.filter(event_id__in=events).values_list(
                "record__person_id", flat=True
            )
        )
        found.update(
            Event.objects.filter(id__in=events).values_list("subject__person_id", flat=True)
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
        for event in Event.objects.filter(id__in=wanted[start : start + 500]).select_related(
            "agency", "event_type", "subject"
        ):
            result[event.id.hex] = EvidenceEvent(
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
    return result


# Alerts as users see them.


def alerts_visible_to(user: User | None, alerts: QuerySet | None = None) -> QuerySet:
    """Alerts of people this user may see, leaving out those resting on an event they may not read."""
    alerts = Alert.objects.all() if alerts is None else alerts
    people = access.people_visible_to(user, Person.objects.all())
    alerts = alerts.filter(person__in=people)
    if user is None or not user.is_authenticated:
        return alerts.none()
    if access.sees_restricted_of_all_agencies(user):
        return alerts
    unreadable = Event.objects.filter(
        alerts=OuterRef("pk"), sensitivity=Sensitivity.RESTRICTED
    ).exclude(agency_id=user.agency_id)
    return alerts.exclude(Exists(unreadable))


def person_open_alerts(*, person: Person, user: User) -> list[Alert]:
    alerts = alerts_visible_to(
        user,
        Alert.objects.filter(person=person, active=True).exclude(status=AlertStatus.DISMISSED),
    ).prefetch_related("evidence__agency", "evidence__event_type")
    return sorted(alerts, key=lambda a: (SEVERITY_ORDER[a.severity], a.code))


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
