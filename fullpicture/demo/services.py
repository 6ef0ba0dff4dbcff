"""Load the demo: write each agency's extract, then import it like a real one.

The demo goes through `ingest.services.extract_import_path`, the path a real
agency's extract takes, so the demo shows what the importer really does (and
exercises it). Agencies, users and imports are written in one transaction:
either the demo is loaded, or nothing of it is.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction

from fullpicture.checks.services import EvaluationSummary, checks_evaluate
from fullpicture.core.audit import Auditor
from fullpicture.core.models import Agency, Role, User
from fullpicture.demo.builder import DEMO_AGENCIES, PARTNERSHIP_AGENCY, Population
from fullpicture.demo.labelled import labels_write
from fullpicture.demo.population import population_build, population_counts
from fullpicture.ingest.models import ImportBatch
from fullpicture.ingest.services import extract_import_path
from fullpicture.ingest.writer import extract_write
from fullpicture.linkage.services import LinkSummary, link_run

DEFAULT_PASSWORD = "fullpicture-demo"
PASSWORD_VARIABLE = "FULLPICTURE_DEMO_PASSWORD"


@dataclass(frozen=True)
class DemoUser:
    username: str
    role: str
    agency_code: str | None
    first_name: str
    last_name: str
    job_title: str


@dataclass
class DemoSummary:
    as_of: date
    out: Path
    households: int = 0
    children: int = 0
    people: int = 0
    events_by_agency: dict[str, int] = field(default_factory=dict)
    users: list[DemoUser] = field(default_factory=list)
    labels: int = 0  # labelled patterns (rows of labels.csv)
    linked: LinkSummary | None = None
    alerts: EvaluationSummary | None = None


_FIRST_NAMES = ("Alex", "Sam", "Jo", "Chris", "Robin", "Kim", "Jordan", "Morgan", "Taylor", "Casey")
_LAST_NAMES = ("Practitioner", "Manager")


def demo_users() -> list[DemoUser]:
    """One practitioner and one manager per agency, a partnership reviewer and an administrator."""
    users = []
    for index, agency in enumerate(DEMO_AGENCIES):
        prefix = agency.code.lower()
        first = _FIRST_NAMES[index % len(_FIRST_NAMES)]
        users.append(
            DemoUser(
                f"{prefix}-practitioner", Role.PRACTITIONER, agency.code, first,
                f"{agency.code.title()} Practitioner", agency.practitioner,
            )
        )  # fmt: skip
        users.append(
            DemoUser(
                f"{prefix}-manager", Role.MANAGER, agency.code, first,
                f"{agency.code.title()} Manager", agency.manager,
            )
        )  # fmt: skip
    users.append(
        DemoUser(
            "partnership", Role.PARTNERSHIP, PARTNERSHIP_AGENCY[0], "Pat", "Reviewer",
            "Safeguarding partnership business manager",
        )
    )  # fmt: skip
    users.append(
        DemoUser(
            "data-quality", Role.DATA_QUALITY, PARTNERSHIP_AGENCY[0], "Dana", "Quality",
            "Data quality officer (record linkage review queue)",
        )
    )  # fmt: skip
    users.append(DemoUser("admin", Role.ADMIN, None, "Ada", "Admin", "System administrator"))
    return users


def demo_password() -> str:
    return os.environ.get(PASSWORD_VARIABLE) or DEFAULT_PASSWORD


def demo_default_out(as_of: date) -> Path:
    return Path(settings.VAR_DIR) / "demo-extracts" / as_of.isoformat()


def demo_is_loaded() -> bool:
    """True when every demo agency has had an extract imported (the load is all or nothing)."""
    codes = [agency.code for agency in DEMO_AGENCIES]
    imported = set(
        ImportBatch.objects.filter(agency__code__in=codes).values_list("agency__code", flat=True)
    )
    return imported == set(codes)


LABELS_FILE = "labels.csv"


def demo_extracts_write(pop: Population, out: Path) -> dict[str, Path]:
    """Write one extract folder per agency under `out`, and the labels (the truth) beside them.

    Returns the folder of each agency. `out/labels.csv` holds one row per
    labelled pattern (see `labelled.py`); it is written only when there are some.
    """
    folders = {}
    if pop.labels:
        labels_write(pop.labels, out / LABELS_FILE)
    for code, extract in pop.extracts.items():
        folder = out / code
        extract_write(
            folder,
            people=extract.people,
            relationships=extract.relationships,
            events=extract.events,
        )
        folders[code] = folder
    return folders


def _agencies_ensure() -> dict[str, Agency]:
    agencies = {}
    for demo in DEMO_AGENCIES:
        agencies[demo.code], _ = Agency.objects.get_or_create(
            code=demo.code, defaults={"name": demo.name, "kind": demo.kind}
        )
    code, name, kind = PARTNERSHIP_AGENCY
    agencies[code], _ = Agency.objects.get_or_create(
        code=code, defaults={"name": name, "kind": kind}
    )
    return agencies


def _users_ensure(agencies: dict[str, Agency], password: str) -> list[DemoUser]:
    # One hash for every demo user: hashing is deliberately slow (PBKDF2), and
    # thirty of them would cost the demo several seconds for nothing.
    hashed = make_password(password)
    users = demo_users()
    existing = set(
        User.objects.filter(username__in=[u.username for u in users]).values_list(
            "username", flat=True
        )
    )
    for demo in users:
        if demo.username in existing:
            continue  # never reset a password someone changed
        User.objects.create(
            username=demo.username,
            password=hashed,
            first_name=demo.first_name,
            last_name=demo.last_name,
            job_title=demo.job_title,
            role=demo.role,
            agency=agencies[demo.agency_code] if demo.agency_code else None,
            is_staff=demo.role == Role.ADMIN,
            is_superuser=demo.role == Role.ADMIN,
        )
    return users


def demo_load(
    *,
    as_of: date,
    households: int,
    seed: int,
    out: Path | None = None,
    password: str | None = None,
    labelled: int | None = None,
    pop: Population | None = None,
) -> DemoSummary:
    """Generate the demo's extracts into `out`, then create agencies and users and import them.

    `labelled`: labelled households per check (None: the default for the size).
    `pop`: a population already built (e.g. `labelled_population_build`) instead.
    """
    out = out or demo_default_out(as_of)
    if pop is None:
        pop = population_build(households=households, seed=seed, as_of=as_of, labelled=labelled)
    folders = demo_extracts_write(pop, out)
    counts = population_counts(pop)
    summary = DemoSummary(
        as_of=as_of,
        out=out,
        households=counts["households"],
        children=counts["children"],
        people=counts["people"],
        labels=len(pop.labels),
    )
    with transaction.atomic():
        agencies = _agencies_ensure()
        summary.users = _users_ensure(agencies, password or demo_password())
        # Each extract is imported as a real one is, except that linking and the
        # learning checks run once, after the last, rather than after each of fourteen.
        for code, folder in folders.items():
            result = extract_import_path(
                agency=agencies[code], path=folder, today=as_of, link=False, checks=False
            )
            summary.events_by_agency[code] = result.batch.events_created if result.batch else 0
        auditor = Auditor(process="demo")
        if settings.FULLPICTURE_LINK_ON_IMPORT:
            summary.linked = link_run(auditor=auditor)
        summary.alerts = checks_evaluate(day=as_of, auditor=auditor)
    return summary
