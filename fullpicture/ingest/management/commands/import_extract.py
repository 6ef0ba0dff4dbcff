from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from fullpicture.core.models import Agency
from fullpicture.ingest.extract import ExtractUnreadable
from fullpicture.ingest.services import ExtractRejected, extract_import_path


class Command(BaseCommand):
    help = (
        "Import an agency extract (a folder or zip of people.csv, relationships.csv, events.csv)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--agency", required=True, help="The agency's code")
        parser.add_argument(
            "--skip-bad-rows",
            action="store_true",
            help="Write the good rows and report the bad ones (default: write nothing if any row is bad)",
        )

    def handle(self, path, agency, skip_bad_rows, **options):
        try:
            agency_obj = Agency.objects.get(code=agency)
        except Agency.DoesNotExist:
            raise CommandError(
                f"No agency with code {agency!r}; create it with create-agency."
            ) from None
        try:
            result = extract_import_path(agency=agency_obj, path=path, skip_bad_rows=skip_bad_rows)
        except ExtractUnreadable as error:
            raise CommandError(str(error)) from None
        except ExtractRejected as rejected:
            for problem in rejected.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"{len(rejected.problems)} problem(s) found; nothing was imported. "
                "Fix the extract, or use --skip-bad-rows to import the good rows."
            ) from None
        for problem in result.problems:
            self.stderr.write(f"skipped: {problem}")
        b = result.batch
        self.stdout.write(
            f"Imported {path.name} for {agency_obj.name}: "
            f"{b.people_created} people created, {b.people_changed} changed; "
            f"{b.relationships_created} relationships created, {b.relationships_changed} changed; "
            f"{b.events_created} events created, {b.events_corrected} corrected; "
            f"{b.rows_unchanged} rows unchanged; {b.rows_rejected} rows rejected."
        )
        if result.linked is not None:
            k = result.linked
            self.stdout.write(
                f"Record linkage: {k.records} new records; {k.linked_automatically} linked "
                f"automatically, {k.queued_for_review} queued for review, "
                f"{k.exact_identifier} joined on an exact NHS number or UPN."
            )
        if result.alerts is not None:
            a = result.alerts
            self.stdout.write(
                f"Learning checks re-evaluated for {a.children} children: "
                f"{a.raised} alerts raised, {a.updated} updated, {a.cleared} no longer holding."
            )
