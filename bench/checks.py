"""The learning checks' benchmarks (`python -m bench --only checks`); see bench/README.md.

Three measurements, each in child processes of its own (`python -m bench.checks TASK JSON`)
so that each peak RSS is its own:

- **truth**: a labelled population (`fullpicture.demo.labelled`) of about 10,000
  children imported through the import path; per check, precision and recall
  against the labels, and the median delay from the labelled onset to the first
  alert.
- **scale**: the whole population, 150,000 children and 10,000,000 events: the
  snapshot load and the evaluation, timed apart and together, with peak RSS.
- **single**: one child with 5,000 events, evaluated again and again: p95 of
  `services.checks_evaluate(person_ids=[child])`, and of the snapshot and engine
  path it runs (without writing alerts).

Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.tasks import RESULT, _django, _peak_rss_mib, run_child, summary

WHOLE_TARGET_S = 60.0
MEMORY_TARGET_MIB = 4096.0
SINGLE_P95_TARGET_MS = 50.0
TRUTH_TARGET = 0.95
AS_OF = date(2026, 11, 1)  # a fixed day, so that every run generates the same population
DENSE_BEFORE, DENSE_AFTER = 14, 14  # days evaluated around each labelled onset


def add_arguments(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("learning checks (--only checks)")
    group.add_argument("--truth-children", type=int, default=10_000)
    group.add_argument(
        "--truth-step", type=int, default=28, help="days between whole-population evaluations"
    )
    group.add_argument("--scale-children", type=int, default=150_000)
    group.add_argument("--scale-events", type=int, default=10_000_000)
    group.add_argument("--scale-runs", type=int, default=3)
    group.add_argument("--single-events", type=int, default=5_000)
    group.add_argument("--single-runs", type=int, default=50)
    group.add_argument(
        "--checks-parts",
        default="truth,scale,single,engine",
        help="which of truth, scale, single, engine to run (comma-separated)",
    )


def _run(task: str, **arguments: Any) -> dict[str, Any]:
    return run_child("bench.checks", task, **arguments)


def _row(what: str, figure: str, baseline: str, target: str, memory: str) -> str:
    return f"{what:<34} {figure:>26} {baseline:>30} {target:>18} {memory:>10}"


def checks_bench(options: argparse.Namespace, databases, temp: Path) -> list[str]:
    parts = set(options.checks_parts.split(","))
    lines: list[str] = []
    if "truth" in parts:
        lines += _truth(options, databases, temp)
    if "scale" in parts:
        lines += _scale(options, databases, temp)
    if "single" in parts:
        lines += _single(options, databases, temp)
    if "engine" in parts and databases.is_sqlite:  # no database involved: measured once
        lines += _engine(options)
    return lines


# --- precision, recall and delay against the labels


def _truth(options, databases, temp: Path) -> list[str]:
    with databases.fresh() as url:
        r = _run(
            "truth",
            url=url,
            children=options.truth_children,
            step=options.truth_step,
            workdir=str(temp / "truth"),
        )
    print(
        f"truth: {r['children']:,} children ({r['labels']} labelled patterns, "
        f"{r['households']:,} households, {r['events']:,} events); generated in "
        f"{r['generate_s']:.1f} s, imported in {r['import_s']:.1f} s, evaluated "
        f"{r['eval_rows']:,} (child, day) pairs in {r['evaluate_s']:.1f} s"
    )
    lines = [
        "",
        f"learning checks against the labels: {r['children']:,} children; every child every "
        f"{options.truth_step} days over the last 365 days, and each labelled child every day "
        f"from {DENSE_BEFORE} days before its onset to {DENSE_AFTER} after",
        f"{'check':<6} {'labels':>6} {'TP':>5} {'FP':>5} {'FN':>5} {'precision':>9} "
        f"{'recall':>7} {'median delay':>13} {'s/eval':>7}  target >= {TRUTH_TARGET}",
    ]
    for code, row in r["by_check"].items():
        if row.get("error"):
            lines.append(f"{code:<6} failed: {row['error'][:100]}")
            continue
        delay = "-" if row["median_delay"] is None else f"{row['median_delay']:+.0f} d"
        met = row["precision"] >= TRUTH_TARGET and row["recall"] >= TRUTH_TARGET
        lines.append(
            f"{code:<6} {row['labels']:>6} {row['tp']:>5} {row['fp']:>5} {row['fn']:>5} "
            f"{row['precision']:>9.3f} {row['recall']:>7.3f} {delay:>13} "
            f"{row['seconds']:>7.2f}  {'met' if met else 'MISSED'}"
        )
    missing = r["missing"]
    if missing:
        lines.append(f"checks not in the registry (not measured): {', '.join(missing)}")
    return lines


def truth(url: str, children: int, step: int, workdir: str) -> dict[str, Any]:
    _django(url)
    import pyarrow as pa

    from fullpicture.checks import engine
    from fullpicture.checks.registry import checks
    from fullpicture.checks.selectors import settings_in_force
    from fullpicture.checks.snapshot import snapshot_load
    from fullpicture.core.memory import gc_paused
    from fullpicture.demo.labelled import CHECK_CODES
    from fullpicture.demo.population import labelled_population_build, population_counts
    from fullpicture.people.models import Person, PersonRecord

    _evaluation_on_import_off()
    from fullpicture.demo.services import demo_load

    started = time.perf_counter()
    pop = labelled_population_build(children=children, as_of=AS_OF)
    generate_s = time.perf_counter() - started
    counts = population_counts(pop)
    started = time.perf_counter()
    demo_load(as_of=AS_OF, households=0, seed=0, out=Path(workdir), pop=pop)
    import_s = time.perf_counter() - started

    by_nhs = dict(
        PersonRecord.objects.filter(nhs_number__in={lb.nhs_number for lb in pop.labels})
        .values_list("nhs_number", "person_id")
        .distinct()
    )
    labels = defaultdict(list)  # (person hex, code) -> onsets
    for label in pop.labels:
        labels[(by_nhs[label.nhs_number].hex, label.check)].append(label.onset)
    births = {p.hex: born for p, born in Person.objects.values_list("id", "birth_date") if born}

    # The (child, day) pairs to evaluate, by day.
    days: dict[date, set[str]] = defaultdict(set)
    for day in (AS_OF - timedelta(days=n) for n in range(0, 365, step)):
        for person, born in births.items():
            if born <= day and (day - born).days < 18 * 365:
                days[day].add(person)
    for (person, _code), onsets in labels.items():
        for onset in onsets:
            for n in range(-DENSE_BEFORE, DENSE_AFTER + 1):
                days[onset + timedelta(days=n)].add(person)
    eval_rows = sum(len(v) for v in days.values())

    parameters = {code: s.parameters for code, s in settings_in_force().items()}
    registry = checks()
    fired: dict[tuple[str, str], list[date]] = defaultdict(list)  # (person, code) -> days
    seconds: dict[str, float] = defaultdict(float)
    errors: dict[str, str] = {}
    started = time.perf_counter()
    snapshot = snapshot_load(None)
    load_s = time.perf_counter() - started
    ordered = sorted(days)
    started = time.perf_counter()
    # Many days at once: each check's cost is mostly its scan of the events, whatever
    # the number of (child, day) pairs; 45 days keep the day-by-person views in memory.
    with gc_paused():  # as checks_evaluate evaluates
        for first in range(0, len(ordered), 45):
            block = ordered[first : first + 45]
            persons = [p for d in block for p in sorted(days[d])]
            day_column = [d for d in block for _ in days[d]]
            rows = pa.table({"person_id": persons, "day": pa.array(day_column, pa.date32())})  # noqa: F841
            snapshot.con.execute("DELETE FROM eval")
            snapshot.con.execute("INSERT INTO eval SELECT * FROM rows")  # noqa: F841 (read by name)
            for code, definition in registry.items():
                if code in errors:
                    continue
                t0 = time.perf_counter()
                try:
                    matches = engine.run_checks(snapshot, parameters, only=[definition])
                except Exception as error:  # a check that does not run is reported, not fatal
                    errors[code] = str(error).splitlines()[0]
                    continue
                seconds[code] += time.perf_counter() - t0
                for match in matches:
                    fired[(match.person_id, code)].append(match.day)
    evaluate_s = time.perf_counter() - started
    snapshot.close()

    by_check: dict[str, dict[str, Any]] = {}
    for code in registry:
        if code in errors:
            by_check[code] = {"error": errors[code]}
            continue
        labelled = {key for key in labels if key[1] == code}
        fired_here = {key for key in fired if key[1] == code}
        tp = len(labelled & fired_here)
        fp = len(fired_here - labelled)
        delays, recalled = [], 0
        for key in labelled:
            for onset in labels[key]:
                window = [
                    d
                    for d in fired.get(key, ())
                    if -DENSE_BEFORE <= (d - onset).days <= DENSE_AFTER
                ]
                if window:
                    recalled += 1
                    delays.append((min(window) - onset).days)
        total = sum(len(labels[k]) for k in labelled)
        by_check[code] = {
            "labels": total,
            "tp": tp,
            "fp": fp,
            "fn": total - recalled,
            "precision": tp / (tp + fp) if tp + fp else 0.0,
            "recall": recalled / total if total else 0.0,
            "median_delay": statistics.median(delays) if delays else None,
            "seconds": seconds[code],
            "false_positives": sorted(k[0] for k in fired_here - labelled)[:5],
        }
    return {
        "children": counts["children"],
        "households": counts["households"],
        "events": counts["events"],
        "labels": len(pop.labels),
        "generate_s": generate_s,
        "import_s": import_s,
        "load_s": load_s,
        "evaluate_s": evaluate_s,
        "eval_rows": eval_rows,
        "by_check": by_check,
        "missing": [c for c in CHECK_CODES if c not in registry],
        "peak_rss_mib": _peak_rss_mib(),
    }


def _evaluation_on_import_off() -> None:
    """The import re-evaluates the checks of everyone it touches; the benchmark evaluates apart.

    Switched off in the benchmark's own process only, so that building the data
    does not time the checks over and over (each import of a demo agency's
    extract touches more than `NEAR_LIMIT` people, so each would evaluate everyone).
    """
    from fullpicture.ingest import services

    services.checks_evaluate_after_write = lambda *args, **kwargs: None


# --- the whole population at scale


def _scale(options, databases, temp: Path) -> list[str]:
    lines = []
    with databases.fresh() as url:
        built = _run(
            "scale_build",
            url=url,
            children=options.scale_children,
            events=options.scale_events,
            workdir=str(temp / "scale"),
        )
        print(
            f"scale: built {built['children']:,} children, {built['people']:,} people, "
            f"{built['events']:,} events in {built['seconds']:.0f} s through the import path "
            f"({built['events'] / built['seconds']:,.0f} events/s; "
            f"{built['districts']} districts), peak {built['peak_rss_mib']:.0f} MiB"
        )
        runs = []
        for run in range(options.scale_runs):
            result = _run("scale_eval", url=url)
            print(
                f"  whole-population run {run + 1}: load {result['load_s']:.1f} s, evaluate "
                f"{result['evaluate_s']:.1f} s, {result['matches']:,} matches for "
                f"{result['children']:,} children, peak {result['peak_rss_mib']:.0f} MiB"
            )
            runs.append(result)
        baseline = _run("scale_fetch", url=url)
    load = statistics.median(r["load_s"] for r in runs)
    evaluate = statistics.median(r["evaluate_s"] for r in runs)
    total = statistics.median(r["load_s"] + r["evaluate_s"] for r in runs)
    peak = max(r["peak_rss_mib"] for r in runs)
    met = total <= WHOLE_TARGET_S and peak <= MEMORY_TARGET_MIB
    events = runs[0]["events"]
    lines += [
        "",
        _row(
            f"whole population, {events / 1e6:.1f}M events",
            f"{total:.1f} s (median of {len(runs)})",
            f"bare fetch {baseline['seconds']:.1f} s: x{total / baseline['seconds']:.1f}",
            f"<= {WHOLE_TARGET_S:.0f} s {'met' if met else 'MISSED'}",
            f"{peak:.0f} MiB",
        ),
        _row(
            f"  snapshot load, {runs[0]['load_route']}",
            f"{load:.1f} s",
            f"bare fetch x{load / baseline['seconds']:.1f}",
            "",
            "",
        ),
        _row(
            f"  evaluation of {runs[0]['checks']} checks",
            f"{evaluate:.1f} s",
            f"LC04 alone {statistics.median(r['lc04_s'] for r in runs):.2f} s",
            f"<= {MEMORY_TARGET_MIB:.0f} MiB",
            "",
        ),
    ]
    slowest = sorted(runs[0]["per_check_s"].items(), key=lambda kv: -kv[1])[:5]
    lines.append("  slowest checks (one run): " + ", ".join(f"{c} {s:.1f} s" for c, s in slowest))
    counts = runs[0]["matches_by_check"]
    lines.append("  matches by check: " + ", ".join(f"{c} {n:,}" for c, n in counts.items() if n))
    return lines


def scale_build(url: str, children: int, events: int, workdir: str) -> dict[str, Any]:
    """Build the big population by districts: ordinary demo households, then bulk events.

    Each district is a `Population` of ordinary households (no stories, no labels)
    with its own ranges of ids, NHS numbers and UPNs, written as the demo agencies'
    extracts and imported through `extract_import_path`; then a bulk extract
    (`bulk_extract_write`, agency kinds in turn) adds events to the district's
    children until the district holds its share of `events`.
    """
    _django(url)
    from fullpicture.core.models import Agency
    from fullpicture.demo.builder import DEMO_AGENCIES, Population
    from fullpicture.demo.bulk import TEMPLATES, bulk_extract_write
    from fullpicture.demo.households import household_ordinary
    from fullpicture.demo.services import demo_extracts_write
    from fullpicture.demo.synthetic import nhs_numbers
    from fullpicture.ingest.services import extract_import_path
    from fullpicture.people.models import Person

    _evaluation_on_import_off()
    started = time.perf_counter()
    per_district = 5_000
    districts = max(1, round(children / per_district))
    agencies = {
        a.code: Agency.objects.get_or_create(
            code=a.code, defaults={"name": a.name, "kind": a.kind}
        )[0]
        for a in DEMO_AGENCIES
    }
    kinds = sorted(TEMPLATES)
    bulk_agencies = {
        kind: Agency.objects.create(
            code=f"BULK-{kind[:12].upper()}", name=f"Bulk {kind}", kind=kind
        )
        for kind in kinds
    }
    made_events = 0
    folder = Path(workdir)
    for district in range(districts):
        pop = Population(seed=1000 + district, as_of=AS_OF)
        base = (district + 1) * 10_000_000
        pop._id_counters = dict.fromkeys(pop._id_counters, base)
        pop._ref_counters = dict.fromkeys(pop._ref_counters, base)
        pop._nhs_pool = nhs_numbers(10_000 + district * 14_000)
        pop._upn_serial = (district + 1) * 1_000_000
        index = 0
        while sum(1 for h in pop.households for c in h.children) < per_district:
            household_ordinary(pop, district * 100_000 + index)
            index += 1
        pop.finish()
        target = events * (district + 1) // districts - made_events
        batches = []
        for code, path in demo_extracts_write(pop, folder / f"d{district}").items():
            batches.append(
                extract_import_path(agency=agencies[code], path=path, today=AS_OF, link=False).batch
            )
            made_events += batches[-1].events_created
        known = [
            {
                "nhs_number": h.nhs_number,
                "given_name": h.given_name,
                "family_name": h.family_name,
                "birth_date": h.birth_date,
                "sex": h.sex,
                "postcode": h.postcode,
                "address": h.address,
            }
            for household in pop.households
            for h in household.children
            if h.age_on(AS_OF) < 18
        ]
        extra = target - sum(len(e.events) for e in pop.extracts.values())
        kind = kinds[district % len(kinds)]
        if extra > 0:
            path = folder / f"d{district}" / "bulk"
            bulk_extract_write(path, events=extra, people=len(known), seed=district + 1,
                               agency_kind=kind, known_children=known, as_of=AS_OF)  # fmt: skip
            batches.append(
                extract_import_path(
                    agency=bulk_agencies[kind], path=path, today=AS_OF, link=False
                ).batch
            )
            made_events += batches[-1].events_created
        _district_link(batches)
        print(f"district {district + 1}/{districts}: {made_events:,} events", file=sys.stderr)
    _analyse()
    eighteen = AS_OF - timedelta(days=18 * 365 + 4)
    return {
        "seconds": time.perf_counter() - started,
        "districts": districts,
        "events": made_events,
        "people": Person.objects.count(),
        "children": Person.objects.filter(birth_date__gt=eighteen).count(),
        "peak_rss_mib": _peak_rss_mib(),
    }


def _district_link(batches) -> None:
    """Link a district's new records once, against everyone known, as each import would have.

    Each import links its new records against every record already known, which
    reads the whole population: fifteen times a district, thirty districts, the
    build slowed to five minutes a district by the end. Linking the district's
    records together once scores the same pairs (new against known, and new
    against new) with the same model.
    """
    from django.db import transaction

    from fullpicture.core.audit import Auditor
    from fullpicture.linkage.services import link_new_records, new_record_ids_of_batch

    with transaction.atomic():  # as each import's own linking is (link_new_records
        # refreshes the summaries of the persons it gives records to)
        records = [pk for batch in batches for pk in new_record_ids_of_batch(batch)]
        link_new_records(records, auditor=Auditor(process="bench scale build"))


def _analyse() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum (PostgreSQL) or `optimize` would have


def scale_eval(url: str) -> dict[str, Any]:
    """`checks_evaluate` for everyone, without writing alerts: load, then every check."""
    _django(url)
    from django.db import connection

    from fullpicture.checks import engine
    from fullpicture.checks.registry import checks
    from fullpicture.checks.selectors import settings_in_force
    from fullpicture.checks.snapshot import _sqlite_file_duckdb_may_read, snapshot_load
    from fullpicture.core.memory import gc_paused

    parameters = {code: s.parameters for code, s in settings_in_force().items()}
    from_file = _sqlite_file_duckdb_may_read(connection) is not None
    started = time.perf_counter()
    snapshot = snapshot_load(None)
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    with gc_paused():  # as checks_evaluate evaluates
        engine.eval_children_on(snapshot, AS_OF)
        try:
            matches = sum(map(len, engine.matches_by_check(snapshot, parameters)))
            failed: list[str] = []
        except RuntimeError:  # a broken definition: time the others, one by one
            matches, failed = 0, []
            for code, definition in checks().items():
                try:
                    matches += sum(
                        map(len, engine.matches_by_check(snapshot, parameters, [definition]))
                    )
                except RuntimeError:
                    failed.append(code)
        evaluate_s = time.perf_counter() - started
        per_check, by_check = {}, {}
        for code, definition in checks().items():
            if code in failed:
                continue
            t0 = time.perf_counter()
            by_check[code] = sum(
                map(len, engine.matches_by_check(snapshot, parameters, [definition]))
            )
            per_check[code] = time.perf_counter() - t0
    children = snapshot.con.execute("SELECT count(*) FROM eval").fetchone()[0]
    events = snapshot.con.execute("SELECT count(*) FROM events").fetchone()[0]
    snapshot.close()
    return {
        "load_s": load_s,
        "load_route": "DuckDB reading the SQLite file" if from_file else "through Django",
        "evaluate_s": evaluate_s,
        "matches": matches,
        "children": children,
        "events": events,
        "checks": len(checks()) - len(failed),
        "failed": failed,
        "per_check_s": per_check,
        "matches_by_check": by_check,
        "lc04_s": per_check.get("LC04", 0.0),
        "peak_rss_mib": _peak_rss_mib(),
    }


def scale_fetch(url: str) -> dict[str, Any]:
    """The baseline: fetch the events' columns through the DB-API and keep nothing."""
    _django(url)
    from django.db import connection

    started = time.perf_counter()
    rows = 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, subject_id, agency_id, event_type_id, occurred_on, recorded_on, "
            "child_seen, child_voice, explanation_consistent, referred_to, outcome, category, "
            "attendance_percent, placement_type, out_of_area, plan_covers, review_by, stage, "
            "sensitivity FROM chronology_event"
        )
        while chunk := cursor.fetchmany(100_000):
            rows += len(chunk)
    return {"seconds": time.perf_counter() - started, "rows": rows}


# --- one child


def _single(options, databases, temp: Path) -> list[str]:
    with databases.fresh() as url:
        r = _run(
            "single",
            url=url,
            events=options.single_events,
            runs=options.single_runs,
            workdir=str(temp / "single"),
        )
    service, engine_path = summary(r["service_ms"]), summary(r["engine_ms"])
    met = service["p95"] <= SINGLE_P95_TARGET_MS
    return [
        "",
        _row(
            f"one child, {r['events_of_child']:,} events",
            f"median {service['median']:.0f} ms, p95 {service['p95']:.0f} ms",
            f"snapshot+engine p95 {engine_path['p95']:.0f} ms",
            f"p95 <= {SINGLE_P95_TARGET_MS:.0f} ms {'met' if met else 'MISSED'}",
            f"{r['peak_rss_mib']:.0f} MiB",
        ),
        f"  (checks_evaluate(person_ids=[child]) with its alerts; snapshot+engine: "
        f"neighbourhood {r['neighbours']} people, load median {r['load_ms']:.0f} ms, "
        f"checks median {r['run_ms']:.0f} ms)",
    ]


def single(url: str, events: int, runs: int, workdir: str) -> dict[str, Any]:
    """A child with `events` events from four agencies among 20,000 others (as the page bench)."""
    _django(url)
    from bench.tasks import _family_extract
    from fullpicture.checks import engine
    from fullpicture.checks.selectors import neighbourhood, settings_in_force
    from fullpicture.checks.services import checks_evaluate
    from fullpicture.checks.snapshot import snapshot_load
    from fullpicture.chronology.models import Event
    from fullpicture.config.startup import startup_heap_freeze
    from fullpicture.core.audit import Auditor
    from fullpicture.core.models import Agency
    from fullpicture.demo.bulk import bulk_extract_write
    from fullpicture.ingest.services import extract_import_path
    from fullpicture.people.models import PersonRecord

    _evaluation_on_import_off()
    today = AS_OF
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
    extract_import_path(agency=agencies["childrens_social_care"], path=folder / "csc", today=today)
    for seed, kind in enumerate(("health", "police", "education"), start=1):
        bulk_extract_write(folder / kind, events=share, people=1, seed=seed, agency_kind=kind,
                           known_children=[child], as_of=today)  # fmt: skip
        extract_import_path(agency=agencies[kind], path=folder / kind, today=today)
    other = Agency.objects.create(code="B-OTHER", name="Bench other trust", kind="health")
    bulk_extract_write(folder / "other", events=20_000, people=4_000, seed=99,
                       agency_kind="health", as_of=today)  # fmt: skip
    extract_import_path(agency=other, path=folder / "other", today=today)
    _analyse()
    person = PersonRecord.objects.get(agency=agencies["childrens_social_care"], local_id="C").person
    seen = Event.objects.filter(subject__person=person).count()
    auditor = Auditor(process="bench")
    parameters = {code: s.parameters for code, s in settings_in_force().items()}
    startup_heap_freeze()  # on-write evaluation runs in the server, which does this at start-up

    def service() -> None:
        checks_evaluate(day=today, person_ids=[person.pk], auditor=auditor)

    loads, checks_ms = [], []

    def snapshot_engine() -> None:
        t0 = time.perf_counter()
        snapshot = snapshot_load(neighbourhood([person.pk]))
        t1 = time.perf_counter()
        engine.eval_children_on(snapshot, today, [person.pk.hex])
        engine.run_checks(snapshot, parameters)
        snapshot.close()
        loads.append((t1 - t0) * 1000)
        checks_ms.append((time.perf_counter() - t1) * 1000)

    def timed(work) -> list[float]:
        for _ in range(3):  # warm caches, as a server that has evaluated before would be
            work()
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            work()
            times.append((time.perf_counter() - started) * 1000)
        return times

    service_ms = timed(service)
    engine_ms = timed(snapshot_engine)
    return {
        "events_of_child": seen,
        "neighbours": len(neighbourhood([person.pk])),
        "service_ms": service_ms,
        "engine_ms": engine_ms,
        "load_ms": statistics.median(loads),
        "run_ms": statistics.median(checks_ms),
        "peak_rss_mib": _peak_rss_mib(),
    }


# --- the evaluation half at the target size, on a snapshot generated in DuckDB


def _engine(options) -> list[str]:
    runs = [
        _run("scale_engine", children=options.scale_children, events=options.scale_events)
        for _ in range(options.scale_runs)
    ]
    evaluate = statistics.median(r["evaluate_s"] for r in runs)
    peak = max(r["peak_rss_mib"] for r in runs)
    print(
        "engine: "
        + "; ".join(
            f"run {n + 1}: generate {r['generate_s']:.1f} s, evaluate {r['evaluate_s']:.1f} s, "
            f"{r['matches']:,} matches"
            for n, r in enumerate(runs)
        )
    )
    slowest = sorted(runs[0]["per_check_s"].items(), key=lambda kv: -kv[1])[:5]
    return [
        "",
        _row(
            f"evaluation only, {runs[0]['children'] / 1e3:.0f}k children, "
            f"{runs[0]['events'] / 1e6:.0f}M events",
            f"{evaluate:.1f} s (median of {len(runs)})",
            f"LC04 alone {statistics.median(r['per_check_s']['LC04'] for r in runs):.2f} s",
            f"<= {WHOLE_TARGET_S:.0f} s (load excluded)",
            f"{peak:.0f} MiB",
        ),
        "  (a snapshot generated in DuckDB, not loaded from a database: the load is measured above)",
        "  slowest checks (one run): " + ", ".join(f"{c} {t:.1f} s" for c, t in slowest),
    ]


def scale_engine(children: int, events: int) -> dict[str, Any]:
    """Every check over a generated snapshot of `children` children and `events` events.

    Households of two adults (mother, her partner) and two children at one address;
    relationships recorded by a mix of agencies; events of every type of the
    extract format spread over three years, a tenth of them involving another
    member of the household. No database: this times the evaluation half alone.
    """
    _django(None)

    from fullpicture.checks import engine
    from fullpicture.checks.registry import checks
    from fullpicture.checks.snapshot import Snapshot
    from fullpicture.checks.sql import adult_from, views_create
    from fullpicture.chronology.event_types import FIXTURE
    from fullpicture.core.memory import gc_paused

    types = [t["pk"] for t in json.loads(FIXTURE.read_text(encoding="utf-8"))]
    kinds = {
        "police": "police", "health": "health", "education": "education",
        "csc": "childrens_social_care", "adult": "adult_social_care", "housing": "housing",
        "probation": "probation", "voluntary": "voluntary", "court": "court",
    }  # fmt: skip
    households = children // 2
    started = time.perf_counter()
    snapshot = Snapshot.empty(None)  # with the memory limit of a loaded snapshot
    con = snapshot.con
    con.execute("CREATE TABLE types AS SELECT unnest($types) AS type", {"types": types})
    con.execute(
        f"""
        CREATE TABLE people AS
        SELECT 'p' || i AS person_id,
               CASE WHEN i % 4 < 2 THEN DATE '1980-01-01' + CAST(hash(i) % 5000 AS INT)
                    ELSE DATE '2009-01-01' + CAST(hash(i) % 5800 AS INT) END AS birth_date,
               CASE WHEN i % 4 = 1 THEN 'M' ELSE 'F' END AS sex, CAST(NULL AS DATE) AS deceased_on
        FROM range({households * 4}) t(i);
        ALTER TABLE people ADD COLUMN adult_from DATE;
        UPDATE people SET adult_from = {adult_from("birth_date")};
        CREATE TABLE relationships AS
        SELECT 'p' || (h * 4) AS from_person, 'parent' AS kind, 'p' || (h * 4 + c) AS to_person,
               CAST(NULL AS DATE) AS from_date, CAST(NULL AS DATE) AS to_date,
               DATE '2020-01-01' AS recorded_on,
               CASE WHEN h % 3 = 0 THEN 'health' ELSE 'childrens_social_care' END AS agency_kind
        FROM range({households}) t(h), (VALUES (2), (3)) c(c)
        UNION ALL
        SELECT 'p' || (h * 4), 'partner', 'p' || (h * 4 + 1), NULL, NULL, DATE '2021-01-01',
               CASE WHEN h % 2 = 0 THEN 'police' ELSE 'childrens_social_care' END
        FROM range({households}) t(h)
        UNION ALL
        SELECT 'p' || (h * 4 + 2), 'sibling', 'p' || (h * 4 + 3), NULL, NULL, DATE '2020-01-01',
               'education'
        FROM range({households}) t(h);
        CREATE TABLE addresses AS
        SELECT 'p' || i AS person_id, 'OX' || (i // 4) || '|1 high street' AS address_key,
               DATE '2018-01-01' AS starts_on, DATE '2018-01-01' AS recorded_on,
               CASE WHEN i % 4 = 1 THEN 'police' ELSE 'health' END AS agency_kind
        FROM range({households * 4}) t(i);
        CREATE TABLE events AS
        SELECT 'e' || i AS event_id, 'p' || (hash(i) % {households * 4}) AS person_id,
               'a' || (hash(i + 7) % 14) AS agency_id,
               CASE split_part(ty.type, '.', 1) {" ".join(f"WHEN '{d}' THEN '{k}'" for d, k in kinds.items())}
                    ELSE 'voluntary' END AS agency_kind,
               ty.type, split_part(ty.type, '.', 1) AS domain,
               DATE '{AS_OF}' - CAST(hash(i + 1) % 1095 AS INT) AS occurred_on,
               DATE '{AS_OF}' - CAST(hash(i + 1) % 1095 AS INT) + CAST(hash(i + 2) % 4 AS INT)
                 AS recorded_on,
               ['seen', 'seen_alone', 'not_seen', ''][CAST(1 + hash(i + 3) % 4 AS INT)] AS child_seen,
               hash(i + 4) % 3 = 0 AS voice_empty, hash(i + 5) % 4 <> 0 AS explanation_consistent,
               CASE WHEN hash(i + 6) % 2 = 0 THEN ['childrens_social_care'] ELSE [] END
                 AS referred_to,
               ['risk_reduced', 'risk_unchanged', 'risk_increased'][CAST(1 + hash(i + 8) % 3 AS INT)] AS outcome,
               ['neglect', 'physical', 'sexual', 'multiple'][CAST(1 + hash(i + 9) % 4 AS INT)] AS category,
               70 + CAST(hash(i + 10) % 31 AS DOUBLE) AS attendance_percent,
               ['residential', 'foster', ''][CAST(1 + hash(i + 11) % 3 AS INT)] AS placement_type,
               hash(i + 12) % 5 = 0 AS out_of_area,
               CASE WHEN hash(i + 13) % 2 = 0 THEN ['staffing_levels', 'night_checks'] ELSE [] END
                 AS plan_covers,
               DATE '{AS_OF}' + CAST(hash(i + 14) % 60 AS INT) - 30 AS review_by,
               CAST(1 + hash(i + 15) % 4 AS INT) AS stage, 'normal' AS sensitivity
        FROM range({events}) t(i)
        JOIN (SELECT type, row_number() OVER (ORDER BY type) - 1 AS n FROM types) ty
          ON ty.n = hash(i + 16) % {len(types)};
        CREATE TABLE involvements AS
        SELECT e.event_id, 'p' || ((CAST(substr(e.person_id, 2) AS BIGINT) // 4) * 4
                                    + (CAST(substr(e.person_id, 2) AS BIGINT) + 1) % 4) AS person_id,
               ['present', 'alleged_perpetrator', 'victim', 'carer'][CAST(1 + hash(e.event_id) % 4 AS INT)]
                 AS role
        FROM events e WHERE hash(e.event_id) % 10 = 0;
        """
    )
    views_create(con)
    generate_s = time.perf_counter() - started
    started = time.perf_counter()
    with gc_paused():  # as checks_evaluate evaluates
        engine.eval_children_on(snapshot, AS_OF)
        # As checks_evaluate takes them: a check's matches at a time.
        matches = sum(map(len, engine.matches_by_check(snapshot, {})))
        evaluate_s = time.perf_counter() - started
        per_check = {}
        for code, definition in checks().items():
            t0 = time.perf_counter()
            sum(map(len, engine.matches_by_check(snapshot, {}, [definition])))
            per_check[code] = time.perf_counter() - t0
    result = {
        "generate_s": generate_s,
        "evaluate_s": evaluate_s,
        "matches": matches,
        "children": con.execute("SELECT count(*) FROM eval").fetchone()[0],
        "events": con.execute("SELECT count(*) FROM events").fetchone()[0],
        "per_check_s": per_check,
        "peak_rss_mib": _peak_rss_mib(),
    }
    snapshot.close()
    return result


TASKS = {
    "truth": truth,
    "scale_build": scale_build,
    "scale_eval": scale_eval,
    "scale_fetch": scale_fetch,
    "single": single,
    "scale_engine": scale_engine,
}

if __name__ == "__main__":
    task, arguments = sys.argv[1], json.loads(sys.argv[2])
    print(RESULT + json.dumps(TASKS[task](**arguments), default=str), flush=True)
