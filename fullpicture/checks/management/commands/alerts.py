"""`fullpicture alerts list [--person REF] [--format text|json]`: the open alerts, for scripts.

Runs as the system process "alerts list" and sees every alert; one audit row is
written for each person whose alerts it prints.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from fullpicture.checks.models import SEVERITY_ORDER, Alert, AlertStatus
from fullpicture.core.audit import Auditor
from fullpicture.people.selectors import PersonNotFound, person_by_ref


class Command(BaseCommand):
    help = "List open alerts (active and not dismissed)."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        listing = commands.add_parser("list", help="Print the open alerts")
        listing.add_argument("--person", help="nhs:NUMBER, upn:UPN, AGENCYCODE:LOCAL_ID or id")
        listing.add_argument("--format", choices=["text", "json"], default="text")

    @transaction.atomic
    def handle(self, *args, action: str, person: str | None, format: str, **options) -> None:
        alerts = (
            Alert.objects.filter(active=True)
            .exclude(status=AlertStatus.DISMISSED)
            .select_related("person")
            .prefetch_related("evidence__agency")
        )
        if person:
            try:
                alerts = alerts.filter(person=person_by_ref(person))
            except PersonNotFound as error:
                raise CommandError(str(error)) from None
        alerts = sorted(
            alerts, key=lambda a: (a.person.full_name, SEVERITY_ORDER[a.severity], a.code)
        )
        auditor = Auditor(process="alerts list")
        for person_obj in {a.person_id: a.person for a in alerts}.values():
            auditor.viewed(person_obj, "Open alerts listed")
        if format == "json":
            self.stdout.write(json.dumps([_as_json(a) for a in alerts], indent=2))
            return
        for alert in alerts:
            self.stdout.write(
                f"{alert.person.full_name} ({alert.person_id})  {alert.code} {alert.severity} "
                f"{alert.status}, raised {alert.raised_on.isoformat()}: {alert.explanation}"
            )
        self.stdout.write(f"{len(alerts)} open alert(s).")


def _as_json(alert: Alert) -> dict:
    return {
        "id": str(alert.pk),
        "check": alert.code,
        "check_version": alert.check_version,
        "settings_version": alert.settings_version,
        "person": str(alert.person_id),
        "person_name": alert.person.full_name,
        "key": alert.key,
        "severity": alert.severity,
        "status": alert.status,
        "raised_on": alert.raised_on.isoformat(),
        "explanation": alert.explanation,
        "evidence": sorted(f"{e.agency.code}:{e.source_ref}" for e in alert.evidence.all()),
    }
