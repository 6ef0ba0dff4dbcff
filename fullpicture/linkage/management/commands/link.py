"""`fullpicture link run | export | train | status | new`: record linkage from the command line.

- `link run`: re-link everyone with the current model (after the model changed).
- `link export [--output FILE]`: one CSV row per agency record: person id, agency
  code, local id, and how it was linked (with the probability, who and when).
- `link train`: train a new model on every record held (expectation maximisation,
  no labels) and make it current; `--install FILE` stores a model JSON instead.
- `link status`: the current model and the review queue.
- `link new --batch ID`: link the records an import batch created (what the
  import does itself unless FULLPICTURE_LINK_ON_IMPORT is off).

Each runs as the named system process "record-linkage" and is audited in the
transaction of its work. `run` and `new` then evaluate, in the same transaction,
the learning checks of the children near every person that gained or lost records.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from fullpicture.checks.services import checks_evaluate_after_write
from fullpicture.core.audit import Auditor
from fullpicture.ingest.models import ImportBatch
from fullpicture.linkage import selectors, services
from fullpicture.linkage.models import LinkageModel

EXPORT_COLUMNS = [
    "person_id",
    "agency_code",
    "local_id",
    "how_linked",
    "match_probability",
    "decided_by",
    "decided_at",
]


class Command(BaseCommand):
    help = "Record linkage: run, export, train, status, new."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="subcommand", required=True)
        commands.add_parser("run", help="Re-link every record with the current model.")
        export = commands.add_parser("export", help="One CSV row per agency record.")
        export.add_argument("--output", type=Path, help="File to write (default: standard output)")
        train = commands.add_parser("train", help="Train a new model on every record held.")
        train.add_argument(
            "--install", type=Path, help="Store this model JSON instead of training."
        )
        train.add_argument("--seed", type=int, default=42)
        commands.add_parser("status", help="The current model and the review queue.")
        new = commands.add_parser("new", help="Link the records an import batch created.")
        new.add_argument("--batch", required=True, help="The import batch id")

    def handle(self, *args, **options) -> None:
        auditor = Auditor(process=services.PROCESS)
        sub = options["subcommand"]
        if sub == "run":
            with transaction.atomic():
                summary = services.link_run(auditor=auditor)
                checks_evaluate_after_write(summary.persons_changed, auditor=auditor)
            self._summary(summary)
        elif sub == "new":
            try:
                batch = ImportBatch.objects.get(pk=options["batch"])
            except (ImportBatch.DoesNotExist, ValueError):
                raise CommandError(f"No import batch {options['batch']!r}.") from None
            with transaction.atomic():
                summary = services.link_new_records(
                    services.new_record_ids_of_batch(batch), auditor=auditor
                )
                checks_evaluate_after_write(summary.persons_changed, auditor=auditor)
            self._summary(summary)
        elif sub == "export":
            self._export(options["output"], auditor)
        elif sub == "train":
            self._train(options, auditor)
        else:
            self._status(auditor)

    def _summary(self, summary: services.LinkSummary) -> None:
        self.stdout.write(
            f"{summary.records:,} records: {summary.pairs_scored:,} pairs scored, "
            f"{summary.linked_automatically:,} linked automatically, "
            f"{summary.queued_for_review:,} queued for review, {summary.ruled_out:,} ruled out, "
            f"{summary.exact_identifier:,} joined on an exact identifier."
        )

    def _export(self, output: Path | None, auditor: Auditor) -> None:
        with transaction.atomic():
            rows = selectors.records_with_links()
            buffer = io.StringIO(newline="")
            writer = csv.writer(buffer)
            writer.writerow(EXPORT_COLUMNS)
            for item in rows.values():
                writer.writerow(
                    [
                        item.record.person_id,
                        item.record.agency.code,
                        item.record.local_id,
                        item.how,
                        "" if item.probability is None else f"{item.probability:.4f}",
                        item.decided_by,
                        item.decided_at.isoformat() if item.decided_at else "",
                    ]
                )
            auditor.exported(
                None, "Record linkage export", records=len(rows), output=str(output or "stdout")
            )
            if output:
                output.write_text(buffer.getvalue(), encoding="utf-8")
        if output:
            self.stderr.write(f"Wrote {len(rows):,} rows to {output}.")
        else:
            self.stdout.write(buffer.getvalue(), ending="")

    def _train(self, options: dict, auditor: Auditor) -> None:
        if options["install"]:
            shipped = json.loads(options["install"].read_text(encoding="utf-8"))
            model = services.model_install(
                parameters=shipped["parameters"],
                name=options["install"].stem,
                trained_at=datetime.fromisoformat(shipped["trained_at"]),
                trained_on_records=shipped.get("trained_on_records", 0),
                training=shipped.get("training", ""),
                splink_version=shipped.get("splink_version", ""),
                auditor=auditor,
            )
        else:
            model = services.model_train(auditor=auditor, seed=options["seed"])
        self.stdout.write(
            f"Current model: {model}. Run `fullpicture link run` to re-link everyone."
        )

    def _status(self, auditor: Auditor) -> None:
        model = LinkageModel.objects.filter(is_current=True).first()
        if model is None:
            self.stdout.write("No model yet: the shipped one is installed on first use.")
        else:
            self.stdout.write(
                f"Current model: {model}; links at >= {model.upper_threshold}, "
                f"reviews from {model.lower_threshold}."
            )
        self.stdout.write(f"Pairs waiting for review: {selectors.pairs_pending_count():,}.")
