"""`fullpicture checks run|replay|list`: the learning checks from the command line.

- `checks run [--day D] [--person REF]`: evaluate every child (or one) as of a day and
  keep the alerts. Run it daily (cron or a systemd timer): time-based checks, such as a
  child not seen, fire as days pass without any new event.
- `checks replay --person REF --from D --to D [--format text|json]`: the checks as they
  would have stood on each day, seeing only what was recorded by that day; prints the
  first date each alert would have fired. Writes nothing but the audit row.
- `checks list`: every check, its parameters in force and the learning it comes from.
"""

from __future__ import annotations

import json
import uuid

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils import timezone

from fullpicture.checks.management.commands._dates import date_argument
from fullpicture.checks.registry import checks
from fullpicture.checks.selectors import settings_in_force
from fullpicture.checks.services import checks_evaluate, checks_replay
from fullpicture.chronology.models import Event
from fullpicture.core.audit import Auditor
from fullpicture.people.commands import PERSON_HELP
from fullpicture.people.selectors import PersonNotFound, person_by_ref


def _person(ref: str):
    try:
        return person_by_ref(ref)
    except PersonNotFound as error:
        raise CommandError(str(error)) from None


class Command(BaseCommand):
    help = "Run, replay or list the learning checks."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        run = commands.add_parser("run", help="Evaluate the checks and keep the alerts")
        run.add_argument(
            "--day", type=date_argument, help="Evaluate as of this day (default today)"
        )
        run.add_argument("--person", help=PERSON_HELP + " (default: every child)")
        replay = commands.add_parser("replay", help="When would each alert first have fired?")
        replay.add_argument("--person", required=True, help=PERSON_HELP)
        replay.add_argument("--from", dest="first", required=True, type=date_argument)
        replay.add_argument("--to", dest="last", required=True, type=date_argument)
        replay.add_argument("--format", choices=["text", "json"], default="text")
        commands.add_parser("list", help="The checks, their parameters and their learning")

    def handle(self, *args, action: str, **options) -> None:
        getattr(self, f"_{action}")(**options)

    # Not in a transaction: outside one, DuckDB may read the whole chronology from the
    # SQLite file itself (ADR 0008). checks_evaluate writes the alerts in one transaction.
    def _run(self, *, day, person, **options) -> None:
        day = day or timezone.localdate()
        auditor = Auditor(process="checks run")
        person_ids = None if person is None else [_person(person).pk]
        summary = checks_evaluate(day=day, person_ids=person_ids, auditor=auditor)
        self.stdout.write(
            f"Learning checks as of {day.isoformat()}: {summary.children} children evaluated, "
            f"{summary.matches} holding; {summary.raised} alerts raised, {summary.updated} updated, "
            f"{summary.reopened} reopened, {summary.cleared} no longer holding."
        )
        for code, count in sorted(summary.by_check.items()):
            self.stdout.write(f"  {code}: {count} raised")

    @transaction.atomic
    def _replay(self, *, person, first, last, format, **options) -> None:
        found = _person(person)
        if last < first:
            raise CommandError("--to must be on or after --from.")
        firings = checks_replay(person_id=found.pk, first=first, last=last)
        Auditor(process="checks replay").viewed(
            found, f"Learning checks replayed {first.isoformat()} to {last.isoformat()}"
        )
        refs = dict(
            (e.id.hex, f"{e.agency.code}:{e.source_ref}")
            for e in Event.objects.filter(
                id__in=[uuid.UUID(e) for m in firings for e in m.evidence]
            ).select_related("agency")
        )
        registry = checks()
        if format == "json":
            rows = [
                {
                    "check": m.code,
                    "title": registry[m.code].title,
                    "person": str(found.pk),
                    "key": m.key,
                    "first_date": m.day.isoformat(),
                    "evidence": [refs[e] for e in m.evidence],
                }
                for m in firings
            ]
            self.stdout.write(json.dumps(rows, indent=2))
            return
        self.stdout.write(
            f"Replay for {found.full_name} from {first.isoformat()} to {last.isoformat()}: "
            f"{len(firings)} alert(s) would have fired."
        )
        for m in firings:
            evidence = ", ".join(refs[e] for e in m.evidence)
            self.stdout.write(
                f"{m.day.isoformat()}  {m.code} {registry[m.code].title}  [{evidence}]"
            )

    def _list(self, **options) -> None:
        in_force = settings_in_force()
        for code, check in checks().items():
            setting = in_force[code]
            values = ", ".join(f"{k}={v}" for k, v in setting.parameters.items())
            self.stdout.write(
                f"{code} v{check.version} (settings v{setting.version}) {check.title} "
                f"[{check.sources()}] {values}"
            )
