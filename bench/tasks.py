"""What each benchmark child process does: `python -m bench.tasks TASK JSON-ARGS`.

Each measurement runs in a process of its own so that its peak memory
(`ru_maxrss`) is its own, and prints one line `BENCH-RESULT {json}`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

RESULT = "BENCH-RESULT "


def _django(url: str | None = None) -> None:
    if url:
        os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fullpicture.config.settings")
    import django

    django.setup()


def run_child(module: str, task: str, **arguments: Any) -> dict[str, Any]:
    """Run one measurement (`python -m MODULE TASK ARGS`) in a fresh process; return its report.

    A fresh process per measurement, so that no run warms another's caches or memory.
    The child chooses its own database: DATABASE_URL is not passed on.
    """
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fullpicture.config.settings"}
    env.pop("DATABASE_URL", None)
    completed = subprocess.run(
        [sys.executable, "-m", module, task, json.dumps(arguments)],
        env=env,
        capture_output=True,
        text=True,
    )
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT):
            return json.loads(line[len(RESULT) :])
    sys.stderr.write(completed.stdout[-3000:] + completed.stderr[-6000:])
    raise SystemExit(f"bench: the {module} {task} measurement failed (exit {completed.returncode})")


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def generate(folder: str, events: int, people: int) -> dict[str, Any]:
    """Write the import extract with the demo's generator (one generator for demo and bench)."""
    _django()
    from fullpicture.demo.bulk import bulk_extract_write

    started = time.perf_counter()
    rows = bulk_extract_write(
        Path(folder), events=events, people=people, seed=11, agency_kind="health"
    )
    return {"rows": rows, "seconds": time.perf_counter() - started}


def csv_parse(folder: str) -> dict[str, Any]:
    """The baseline: decode and csv-parse the same three files, and nothing else."""
    started = time.perf_counter()
    rows = 0
    for name in ("people.csv", "relationships.csv", "events.csv"):
        text = (Path(folder) / name).read_bytes().decode("utf-8-sig")
        for _ in csv.reader(io.StringIO(text, newline="")):
            rows += 1
    return {"seconds": time.perf_counter() - started, "rows": rows, "peak_rss_mib": _peak_rss_mib()}


def import_extract(folder: str, url: str) -> dict[str, Any]:
    """Read, validate and write the extract into a fresh database, end to end (commit included)."""
    _django(url)
    from fullpicture.core.models import Agency
    from fullpicture.ingest.services import extract_import_path

    agency = Agency.objects.create(code="BENCH-H", name="Bench Hospital", kind="health")
    started = time.perf_counter()
    result = extract_import_path(agency=agency, path=Path(folder))
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "events": result.batch.events_created,
        "people": result.batch.people_created,
        "checks_seconds": result.checks_seconds,
        "link_seconds": result.link_seconds,
        "alerts_raised": result.alerts.raised if result.alerts else 0,
        "peak_rss_mib": _peak_rss_mib(),
    }


def _family_extract(folder: Path, child: dict[str, Any], events: int, today: date) -> None:
    """Children's social care's extract: the child, their family, and `events` events involving them."""
    from fullpicture.ingest.writer import extract_write

    people = [
        {"local_id": "C", **child},
        {
            "local_id": "M",
            "given_name": "Donna",
            "family_name": child["family_name"],
            "birth_date": "1990-04-01",
            "sex": "F",
        },
        {
            "local_id": "F",
            "given_name": "Dean",
            "family_name": "Walker",
            "birth_date": "1988-09-12",
            "sex": "M",
        },
        {
            "local_id": "S1",
            "given_name": "Tyler",
            "family_name": child["family_name"],
            "birth_date": "2016-01-20",
            "sex": "M",
        },
        {
            "local_id": "S2",
            "given_name": "Ruby",
            "family_name": child["family_name"],
            "birth_date": "2021-06-30",
            "sex": "F",
        },
        {
            "local_id": "G",
            "given_name": "Sandra",
            "family_name": child["family_name"],
            "birth_date": "1965-02-02",
            "sex": "F",
        },
    ]
    relationships = [
        {
            "from_local_id": "M",
            "relationship": "parent",
            "to_local_id": "C",
            "parental_responsibility": True,
        },
        {
            "from_local_id": "F",
            "relationship": "parent",
            "to_local_id": "C",
            "parental_responsibility": True,
        },
        {"from_local_id": "M", "relationship": "partner", "to_local_id": "F"},
        {"from_local_id": "C", "relationship": "sibling", "to_local_id": "S1"},
        {"from_local_id": "C", "relationship": "half_sibling", "to_local_id": "S2"},
        {"from_local_id": "G", "relationship": "grandparent", "to_local_id": "C"},
    ]
    kinds = ["csc.home_visit", "csc.strategy_discussion", "csc.contact", "csc.no_access_visit"]
    rows = []
    for n in range(events):
        occurred = today - timedelta(days=1 + n % 1500)
        kind = kinds[n % len(kinds)]
        rows.append(
            {
                "source_ref": f"CSC-{n}",
                "occurred_on": occurred,
                "recorded_on": occurred,
                "event_type": kind,
                "subject_local_id": "C",
                "involved": "M:parent;F:parent" if n % 2 else "M:parent;S1:sibling",
                "summary": f"Social work record {n}",
                "detail": "Visited the home; spoke with the child alone." * 3,
                "child_seen": "not_seen" if kind == "csc.no_access_visit" else "seen_alone",
                "outcome": "nfa" if kind == "csc.contact" else "",
            }
        )
    extract_write(folder, people=people, relationships=relationships, events=rows)


def page(url: str, events: int, requests: int, workdir: str) -> dict[str, Any]:
    """Time the whole-picture page of a child with `events` events from four agencies."""
    _django(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from fullpicture.chronology.models import Event
    from fullpicture.config.startup import startup_heap_freeze
    from fullpicture.core.models import Agency, User
    from fullpicture.demo.bulk import bulk_extract_write
    from fullpicture.ingest.services import extract_import_path
    from fullpicture.people.models import PersonRecord

    setup_test_environment()  # lets the test client's host in; nothing else changes
    today = date.today()
    child = {
        "given_name": "Kayleigh",
        "family_name": "Benchmark",
        "birth_date": "2015-03-02",
        "sex": "F",
        "nhs_number": "9990000018",
        "postcode": "OX4 1AB",
        "address": "1 Cowley Road, Oxford",
    }
    agencies = {
        kind: Agency.objects.create(code=f"B-{kind[:10]}", name=f"Bench {kind}", kind=kind)
        for kind in ("childrens_social_care", "health", "police", "education")
    }
    share = events // 4
    folder = Path(workdir)
    _family_extract(folder / "csc", child, events - 3 * share, today)
    extract_import_path(agency=agencies["childrens_social_care"], path=folder / "csc")
    for seed, kind in enumerate(("health", "police", "education"), start=1):
        bulk_extract_write(
            folder / kind,
            events=share,
            people=1,
            seed=seed,
            agency_kind=kind,
            known_children=[child],
        )
        extract_import_path(agency=agencies[kind], path=folder / kind)
    # Other people's records around the child, so the tables are not trivially small.
    other = Agency.objects.create(code="B-OTHER", name="Bench other trust", kind="health")
    bulk_extract_write(folder / "other", events=20_000, people=4_000, seed=99, agency_kind="health")
    extract_import_path(agency=other, path=folder / "other")

    person = PersonRecord.objects.get(agency=agencies["childrens_social_care"], local_id="C").person
    seen = Event.objects.filter(subject__person=person).count()
    user = User.objects.create_user(
        "bench-worker", agency=agencies["childrens_social_care"], role="practitioner"
    )
    client = Client()
    client.force_login(user)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would have by the time anyone looks
    startup_heap_freeze()  # as the server does once it has loaded (config/wsgi.py)

    def timed(path: str) -> tuple[list[float], int]:
        status = 0
        for _ in range(3):  # warm caches, as a server that has served a page would be
            status = client.get(path).status_code
        times = []
        for _ in range(requests):
            started = time.perf_counter()
            status = client.get(path).status_code
            times.append((time.perf_counter() - started) * 1000)
        return times, status

    page_times, page_status = timed(reverse("chronology:whole_picture", args=[person.pk]))
    search_times, search_status = timed(reverse("people:search") + "?q=Benchmark")
    return {
        "events_on_page_child": seen,
        "page_status": page_status,
        "page_ms": page_times,
        "search_status": search_status,
        "search_ms": search_times,
        "peak_rss_mib": _peak_rss_mib(),
    }


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"median": statistics.median(ordered), "p95": p95}


TASKS = {"generate": generate, "csv_parse": csv_parse, "import": import_extract, "page": page}

if __name__ == "__main__":
    task, arguments = sys.argv[1], json.loads(sys.argv[2])
    print(RESULT + json.dumps(TASKS[task](**arguments)), flush=True)
