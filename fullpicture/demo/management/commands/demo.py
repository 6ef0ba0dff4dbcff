"""`fullpicture demo`: load the synthetic demonstration population (used by `make run`)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fullpicture.demo.builder import AGENCIES_BY_CODE
from fullpicture.demo.population import DEFAULT_HOUSEHOLDS, DEFAULT_SEED, LABELLED_FROM
from fullpicture.demo.services import (
    DEFAULT_PASSWORD,
    PASSWORD_VARIABLE,
    demo_is_loaded,
    demo_load,
    demo_password,
)
from fullpicture.demo.stories import STORIES


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--as-of must be a date YYYY-MM-DD, not {text!r}") from None


class Command(BaseCommand):
    help = (
        "Load the synthetic demo: households, children and three years of events from "
        "14 agencies, including the story households of Oxfordshire case reviews, plus a "
        "practitioner and a manager per agency, a partnership user and an admin. Each "
        "agency's extract is written to a folder and imported like a real one. The same "
        "--seed and --as-of always give byte-identical extracts; --as-of defaults to today, "
        "so that the demo always looks current. Does nothing if the demo is already loaded. "
        f"Password: ${PASSWORD_VARIABLE}, default {DEFAULT_PASSWORD!r}."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--households",
            type=int,
            default=DEFAULT_HOUSEHOLDS,
            help=f"Households, the story households included (default {DEFAULT_HOUSEHOLDS})",
        )
        parser.add_argument(
            "--seed", type=int, default=DEFAULT_SEED, help=f"Default {DEFAULT_SEED}"
        )
        parser.add_argument(
            "--as-of",
            type=_date,
            default=None,
            help="The last day of the demo's three years, YYYY-MM-DD (default: today)",
        )
        parser.add_argument(
            "--labelled",
            type=int,
            default=None,
            help=(
                "Labelled households per learning check, and as many near misses, counted among "
                f"--households (default: 1 from {LABELLED_FROM} households up, else 0). Their "
                "truth is written to labels.csv beside the extracts."
            ),
        )
        parser.add_argument(
            "--out",
            type=Path,
            default=None,
            help="Where to write the extracts (default: VAR_DIR/demo-extracts/<as-of>/)",
        )

    def handle(
        self,
        *args,
        households: int,
        seed: int,
        as_of: date | None,
        out: Path | None,
        labelled: int | None = None,
        **options,
    ) -> None:
        if demo_is_loaded():
            self.stdout.write("Demo already loaded.")
            return
        today = timezone.localdate()
        as_of = as_of or today
        if as_of > today:
            raise CommandError(
                "--as-of cannot be in the future: an extract never holds future dates."
            )
        if households < len(STORIES):
            raise CommandError(
                f"--households must be at least {len(STORIES)} (the story households)."
            )
        started = time.monotonic()
        if labelled is not None and labelled < 0:
            raise CommandError("--labelled cannot be negative.")
        summary = demo_load(
            as_of=as_of, households=households, seed=seed, out=out, labelled=labelled
        )
        elapsed = time.monotonic() - started
        write = self.stdout.write
        write(
            f"Demo loaded as of {summary.as_of:%-d %B %Y} in {elapsed:.1f}s: "
            f"{summary.households} households, {summary.children} children, "
            f"{summary.people} people. Extracts in {summary.out}."
        )
        if summary.labels:
            write(
                f"{summary.labels} labelled learning-check patterns: "
                f"{summary.out / 'labels.csv'} (check, child, onset)."
            )
        if summary.linked is not None:
            k = summary.linked
            write(
                f"Record linkage: {k.linked_automatically} records linked automatically, "
                f"{k.queued_for_review} pairs queued for review (log in as data-quality)."
            )
        if summary.alerts is not None:
            write(
                f"Learning checks: {summary.alerts.raised} alerts raised for "
                f"{summary.alerts.children} children."
            )
        write("Events per agency:")
        for code, count in summary.events_by_agency.items():
            write(f"  {AGENCIES_BY_CODE[code].name} ({code}): {count}")
        write("Story households (search by NHS number or name):")
        for story in STORIES:
            write(
                f"  {story.key}. {story.child_name} {story.child_nhs_number}: {story.title} [{story.learning}]"
            )
        write("Users:")
        for user in summary.users:
            write(f"  {user.username:32} {user.role:13} {user.agency_code or '(no agency)'}")
        write(f"Password for every demo user: {demo_password()}")
