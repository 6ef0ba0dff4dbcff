"""The people-around-the-child page of a household of 30 people with 10,000 events: p95.

`python -m bench --only network` runs it in a fresh database (bench/__main__.py); the
measurement itself runs in a child process, `python -m bench.network JSON-ARGS`, so its
peak memory is its own. Target: p95 <= 300 ms, timed like the whole-picture page: after
three requests have warmed the server, here including its recent derivations. The
baseline column gives the median CPU time of a request (what the wall time would be on
an idle machine) and the first, "cold" request that derives from a fresh snapshot.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.tasks import RESULT, _django, _peak_rss_mib, summary

NETWORK_P95_TARGET_MS = 300.0


def measure(url: str, people: int, events: int, requests: int) -> dict[str, Any]:
    """Build the household through the ORM in bulk, then time the page with the test client."""
    _django(url)
    from django.db import connection, transaction
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from fullpicture.chronology.event_types import event_types_load
    from fullpicture.chronology.models import Event, EventInvolvement, EventType
    from fullpicture.core.models import Agency, User
    from fullpicture.people.models import Address, Person, PersonRecord, Relationship

    setup_test_environment()
    if not EventType.objects.exists():
        event_types_load(EventType)
    today = date.today()
    kinds = ("childrens_social_care", "police", "health", "education")
    agencies = [Agency.objects.create(code=f"N-{k[:8]}", name=f"Bench {k}", kind=k) for k in kinds]
    with transaction.atomic():
        humans = [
            Person(
                given_name=f"Person{n}",
                family_name="Network",
                birth_date=date(2016, 1, 1) if n == 0 else date(1960 + n, 1, 1),
                sex="MF"[n % 2],
            )
            for n in range(people)
        ]
        Person.objects.bulk_create(humans)
        records = {}
        for agency in agencies:
            batch = [
                PersonRecord(
                    agency=agency, local_id=f"P{n}", person=h, given_name=h.given_name,
                    family_name=h.family_name, birth_date=h.birth_date, sex=h.sex,
                    recorded_on=date(2020, 1, 1),
                )
                for n, h in enumerate(humans)
            ]  # fmt: skip
            PersonRecord.objects.bulk_create(batch)
            records[agency.kind] = batch
        csc = records["childrens_social_care"]
        police = records["police"]
        rels = []
        for n in range(1, people):
            agency, rec = (agencies[0], csc) if n % 3 else (agencies[1], police)
            kind = ["parent", "sibling", "household_member", "partner", "grandparent"][n % 5]
            a, b = (rec[n], rec[0]) if kind != "partner" else (rec[n], rec[1])
            rels.append(
                Relationship(
                    agency=agency, from_record=a, kind=kind, to_record=b,
                    recorded_on=date(2021, 1, 1), key=f"{a.local_id}|{kind}|{b.local_id}|",
                )
            )  # fmt: skip
        Relationship.objects.bulk_create(rels)
        Address.objects.bulk_create(
            [
                Address(record=records[kinds[n % 4]][n], postcode="OX4 1AB",
                        address="1 Bench Road", from_date=date(2020, 1, 1),
                        recorded_on=date(2020, 1, 1))
                for n in range(people)
            ]
        )  # fmt: skip
        types = ["csc.home_visit", "police.welfare_check", "health.gp_appointment",
                 "education.attendance_report"]  # fmt: skip
        rows = []
        for n in range(events):
            agency_index = n % 4
            occurred = today - timedelta(days=1 + n % 1500)
            rows.append(
                Event(
                    agency=agencies[agency_index], source_ref=f"E{n}",
                    event_type_id=types[agency_index],
                    subject=records[kinds[agency_index]][0 if n % 5 else n % people],
                    occurred_on=occurred, recorded_on=occurred, summary=f"Bench event {n}",
                    recorded_by=f"Worker {n % 7}, Role",
                    attendance_percent=95 if agency_index == 3 else None,
                )
            )  # fmt: skip
        Event.objects.bulk_create(rows, batch_size=2000)
        EventInvolvement.objects.bulk_create(
            [
                EventInvolvement(event=event, record=records[kinds[n % 4]][1 + n % (people - 1)],
                                 role=["present", "parent", "witness"][n % 3])
                for n, event in enumerate(rows)
                if n % 5 == 0 or n % 7 == 0
            ],
            batch_size=2000,
        )  # fmt: skip
    child = humans[0]
    user = User.objects.create_user("bench-network", agency=agencies[0], role="practitioner")
    client = Client()
    client.force_login(user)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    path = reverse("network:network", args=[child.pk])
    status = 0
    for _ in range(3):
        status = client.get(path).status_code
    times, cpu = [], []
    for _ in range(requests):
        started, started_cpu = time.perf_counter(), time.process_time()
        status = client.get(path).status_code
        times.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    # The first request of a day (or after a change) derives afresh from a snapshot.
    from fullpicture.network import derivation

    derivation._RECENT.clear()
    started = time.perf_counter()
    client.get(path)
    cold = (time.perf_counter() - started) * 1000
    return {
        "status": status,
        "people": people,
        "events": Event.objects.count(),
        "page_ms": times,
        "cpu_ms": cpu,
        "cold_ms": cold,
        "peak_rss_mib": _peak_rss_mib(),
    }


def run(options: Any, databases: Any, temp: Path) -> list[str]:
    """What `python -m bench --only network` prints: one row of the table."""
    import os

    from bench.__main__ import _header, _row

    with databases.fresh() as url:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "fullpicture.config.settings"}
        env.pop("DATABASE_URL", None)
        arguments = {"url": url, "people": 30, "events": 10_000, "requests": options.requests}
        completed = subprocess.run(
            [sys.executable, "-m", "bench.network", json.dumps(arguments)],
            env=env, capture_output=True, text=True,
        )  # fmt: skip
    result = None
    for line in completed.stdout.splitlines():
        if line.startswith(RESULT):
            result = json.loads(line[len(RESULT) :])
    if result is None:
        sys.stderr.write(completed.stdout[-3000:] + completed.stderr[-6000:])
        raise SystemExit("bench: the network measurement failed")
    page = summary(result["page_ms"])
    status = "" if result["status"] == 200 else f" (HTTP {result['status']}!)"
    lines = [] if options.only == "network" else [""]
    lines += _header() if options.only == "network" else []
    lines.append(
        _row(
            f"network page, {result['people']} people, {result['events']:,} events{status}",
            f"median {page['median']:.0f} ms, p95 {page['p95']:.0f} ms",
            f"cpu {summary(result['cpu_ms'])['median']:.0f} ms, cold {result['cold_ms']:.0f} ms",
            f"p95 <= {NETWORK_P95_TARGET_MS:.0f} ms "
            f"{'met' if page['p95'] <= NETWORK_P95_TARGET_MS else 'MISSED'}",
            f"{result['peak_rss_mib']:.0f} MiB",
        )
    )
    return lines


if __name__ == "__main__":
    print(RESULT + json.dumps(measure(**json.loads(sys.argv[1]))), flush=True)
