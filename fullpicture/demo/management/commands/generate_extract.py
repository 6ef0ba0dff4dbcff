"""`fullpicture generate-extract OUT`: write a large synthetic agency extract."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from fullpicture.core.models import AgencyKind
from fullpicture.demo.bulk import bulk_extract_write
from fullpicture.demo.labelled import label_nhs
from fullpicture.demo.population import DEFAULT_SEED, labelled_population_build
from fullpicture.demo.services import demo_extracts_write
from fullpicture.demo.stories import STORIES
from fullpicture.people.models import PersonRecord


def demo_children(*, as_of: date) -> list[dict]:
    """Children (under 18 on `as_of`) known by NHS number, one row per number, in NHS order.

    The story children and the labelled and near-miss children are left out, so
    that a generated extract never blurs a story (story b must keep "no
    referral, no social care contact") or a labelled pattern.
    """
    story_numbers = {story.child_nhs_number for story in STORIES}
    eighteen_years_ago = as_of - timedelta(days=18 * 365 + 4)
    rows = (
        PersonRecord.objects.exclude(nhs_number="")
        .filter(person__birth_date__gt=eighteen_years_ago)
        .order_by("nhs_number", "local_id")
        .values_list(
            "nhs_number",
            "person__given_name",
            "person__family_name",
            "person__birth_date",
            "person__sex",
            "postcode",
            "address",
        )
    )
    children: dict[str, dict] = {}
    for nhs, given, family, born, sex, postcode, address in rows:
        if nhs in story_numbers or nhs in children or label_nhs(nhs):
            continue
        children[nhs] = {
            "nhs_number": nhs,
            "given_name": given,
            "family_name": family,
            "birth_date": born,
            "sex": sex,
            "postcode": postcode,
            "address": address,
        }
    return list(children.values())


class Command(BaseCommand):
    help = (
        "Write a synthetic agency extract (format v1) of any size into folder OUT, e.g. for "
        "benchmarks or to show a new agency's first extract. With --for-demo-children its "
        "people are the demo's children (matched by NHS number), so once imported with "
        "`import-extract OUT --agency CODE` the events land on those children's pages."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("out", type=Path)
        parser.add_argument("--events", type=int, default=5000)
        parser.add_argument(
            "--people", type=int, default=None, help="Default: events / 10, or every demo child"
        )
        parser.add_argument("--agency-kind", choices=AgencyKind.values, default=AgencyKind.POLICE)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--for-demo-children", action="store_true")
        parser.add_argument("--as-of", type=date.fromisoformat, default=None, help="Default: today")
        parser.add_argument(
            "--labelled",
            action="store_true",
            help=(
                "Instead of one agency's extract, write a whole population for measuring the "
                "learning checks: one extract folder per demo agency under OUT, and OUT/labels.csv "
                "(which check should fire for which child from which day). Size: --children."
            ),
        )
        parser.add_argument(
            "--children", type=int, default=10_000, help="With --labelled: about this many children"
        )

    def handle(self, *args, out: Path, events: int, people: int | None, agency_kind: str,
               seed: int, for_demo_children: bool, as_of: date | None, labelled: bool = False,
               children: int = 10_000, **options) -> None:  # fmt: skip
        as_of = as_of or timezone.localdate()
        if labelled:
            if children < 1:
                raise CommandError("--children must be at least 1.")
            pop = labelled_population_build(
                children=children, seed=seed if seed != 1 else DEFAULT_SEED, as_of=as_of
            )
            folders = demo_extracts_write(pop, out)
            events = sum(len(e.events) for e in pop.extracts.values())
            self.stdout.write(
                f"Wrote {len(folders)} agency extracts ({events} events) and {len(pop.labels)} "
                f"labels to {out}. Load them with: fullpicture demo --out {out} ... or import each "
                "folder with import-extract --agency CODE (the folder's name)."
            )
            return
        known = None
        if for_demo_children:
            known = demo_children(as_of=as_of)
            if not known:
                raise CommandError("No demo children found: run `fullpicture demo` first.")
            people = people or len(known)
        people = people or max(events // 10, 1)
        counts = bulk_extract_write(
            out, events=events, people=people, seed=seed, agency_kind=agency_kind,
            known_children=known, as_of=as_of,
        )  # fmt: skip
        self.stdout.write(
            f"Wrote {out}: {counts['people.csv']} people, {counts['relationships.csv']} "
            f"relationships, {counts['events.csv']} events ({agency_kind})."
        )
        self.stdout.write(
            "Import it with: fullpicture create-agency CODE --kind "
            f"{agency_kind} --name NAME && fullpicture import-extract {out} --agency CODE"
        )
