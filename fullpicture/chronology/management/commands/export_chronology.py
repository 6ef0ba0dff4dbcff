"""`fullpicture export-chronology --person REF --format csv|json [--output FILE] [--as-user NAME]`.

With --as-user the export is what that user could see on the page, audited as them.
Without it the command runs as the named system process "export-chronology" (an operator
on the server) and sees every event. Either way one audit row is written in the same
transaction as the export, and a failed write of the file rolls the audit row back.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from fullpicture.chronology.presenters import event_as_row
from fullpicture.chronology.selectors import person_chronology
from fullpicture.core.audit import Auditor
from fullpicture.ingest.extract import EVENT_COLUMNS
from fullpicture.people.commands import person_arguments_add, person_for_export
from fullpicture.people.models import Person
from fullpicture.people.selectors import person_identifiers

PROCESS = "export-chronology"
COLUMNS = [*EVENT_COLUMNS, "agency", "person", "version"]


def _person_json(person: Person) -> dict[str, object]:
    return {
        "id": str(person.pk),
        "name": person.full_name,
        "given_name": person.given_name,
        "family_name": person.family_name,
        "birth_date": person.birth_date.isoformat() if person.birth_date else "",
        "birth_date_approximate": person.birth_date_approximate,
        "sex": person.sex,
        "deceased_on": person.deceased_on.isoformat() if person.deceased_on else "",
        "identifiers": [
            {"scheme": i.scheme, "value": i.value, "agency": i.record.agency.code}
            for i in person_identifiers(person)
        ],
    }


class Command(BaseCommand):
    help = "Export a person's chronology (current entries, oldest first) as CSV or JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        person_arguments_add(parser)
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output)")

    def handle(
        self, *args, person: str, format: str, output: Path | None, as_user: str | None, **options
    ) -> None:
        found, user = person_for_export(person, as_user, what="chronology")

        with transaction.atomic():
            events = list(
                person_chronology(
                    person=found, user=user, process=PROCESS, oldest_first=True
                ).prefetch_related("involvements__record")
            )
            rows = [
                {
                    **event_as_row(e),
                    "agency": e.agency.code,
                    "person": str(found.pk),
                    "version": str(e.version),
                }
                for e in events
            ]
            text = self._render(format, found, rows)
            auditor = Auditor(user) if user else Auditor(process=PROCESS)
            auditor.exported(
                found,
                f"Chronology exported as {format}",
                events=len(rows),
                format=format,
                output=str(output) if output else "stdout",
            )
            if output:
                output.write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
        if output:
            self.stderr.write(f"Exported {len(rows)} events of {found} to {output}.")

    @staticmethod
    def _render(format: str, person: Person, rows: list[dict[str, str]]) -> str:
        if format == "json":
            return json.dumps({"person": _person_json(person), "events": rows}, indent=2) + "\n"
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue()
