"""`fullpicture export-network --person REF --format json|svg [--output FILE] [--as-user NAME]`.

JSON lists everyone around the child with the relationship, dates, sources (agency and
record), whether they are in the recorded household now, and `hidden: true` for hidden
adults (LC09); SVG is the genogram. As `export-chronology`: with --as-user the export
is what that user may see, audited as them; without it the named system process
"export-network" sees everything. One audit row, in the same transaction as the export.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction

from fullpicture.core.audit import Auditor
from fullpicture.network.presenters import genogram_svg
from fullpicture.network.selectors import Network, person_network
from fullpicture.people.commands import person_arguments_add, person_for_export

PROCESS = "export-network"


def _day(value) -> str:
    return value.isoformat() if value else ""


def network_json(network: Network) -> dict[str, object]:
    child = network.child
    return {
        "child": {
            "id": str(child.pk),
            "name": child.full_name,
            "birth_date": _day(child.birth_date),
            "sex": child.sex,
            "looked_after": network.looked_after,
        },
        "as_of": network.day.isoformat(),
        "people": [
            {
                "id": str(row.person.pk),
                "name": row.person.full_name,
                "birth_date": _day(row.person.birth_date),
                "sex": row.person.sex,
                "deceased_on": _day(row.person.deceased_on),
                "relationship": row.label,
                "role": row.role,
                "from": _day(row.first_day),
                "to": _day(row.last_day),
                "in_household": row.in_household,
                "hidden": row.hidden,
                "links": [
                    {
                        "via": link.via,
                        "kind": link.kind,
                        "role": link.role,
                        "from": _day(link.from_day),
                        "to": _day(link.to_day),
                        "recorded_on": _day(link.recorded_on),
                        "sources": [
                            {
                                "agency": source.agency_code,
                                "agency_name": source.agency,
                                "record": source.text,
                                "event_id": source.event_id,
                                "relationship_id": source.relationship_id,
                                "recorded_by": source.recorded_by,
                            }
                            for source in link.sources
                        ],
                    }
                    for link in row.links
                ],
            }
            for row in network.people
        ],
    }


class Command(BaseCommand):
    help = "Export the people around a child as JSON, or their genogram as SVG."

    def add_arguments(self, parser: CommandParser) -> None:
        person_arguments_add(parser)
        parser.add_argument("--format", choices=["json", "svg"], default="json")
        parser.add_argument("--output", type=Path, help="File to write (default: standard output)")

    def handle(
        self, *args, person: str, format: str, output: Path | None, as_user: str | None, **options
    ) -> None:
        found, user = person_for_export(person, as_user, what="network")
        with transaction.atomic():
            network = person_network(person=found, user=user)
            if format == "json":
                text = json.dumps(network_json(network), indent=2) + "\n"
            else:
                text = str(genogram_svg(network, standalone=True))
            auditor = Auditor(user) if user else Auditor(process=PROCESS)
            auditor.exported(
                found,
                f"People around the child exported as {format}",
                people=len(network.people),
                hidden=len(network.hidden),
                format=format,
                output=str(output) if output else "stdout",
            )
            if output:
                output.write_text(text, encoding="utf-8")
            else:
                self.stdout.write(text, ending="")
        if output:
            self.stderr.write(
                f"Exported the {len(network.people)} people around {found} to {output}."
            )
