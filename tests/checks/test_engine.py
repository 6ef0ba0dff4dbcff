"""How the engine runs: several checks at a time for a small snapshot, one check's
matches at a time for everyone, within a memory limit. The answer must not change."""

import dataclasses
import gc
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import pytest

from fullpicture.checks import engine, services
from fullpicture.checks import snapshot as snapshot_module
from fullpicture.checks.registry import check, checks
from fullpicture.checks.selectors import neighbourhood
from fullpicture.checks.snapshot import snapshot_load
from fullpicture.core.audit import Auditor

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def _busy_child(world):
    """A child for whom several checks fire (LC04 and LC07 at least)."""
    child = world.person("Tyler", born=date(2014, 2, 1), sex="M")
    mother = world.person("Kerry", born=date(1990, 5, 5))
    partner = world.person("Dean", born=date(1988, 3, 3), sex="M")
    world.relate(mother, "parent", child, agency="CSC")
    world.relate(mother, "partner", partner, agency="TVP")
    for day in (date(2025, 1, 12), date(2025, 3, 1), date(2025, 6, 1)):
        world.event(child, "health.injury", day, explanation="fell off bike")
    world.event(
        child, "police.domestic_abuse_incident", date(2025, 5, 1), agency="TVP",
        involving=[(mother, "victim"), (partner, "alleged_perpetrator")],
    )  # fmt: skip
    return child


def test_one_or_several_workers_give_the_same_matches(world):
    child = _busy_child(world)
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, DAY, [child.id.hex])
        one_at_a_time = engine.run_checks(snapshot, {}, workers=1)
        several = engine.run_checks(snapshot, {}, workers=3)
        by_default = engine.run_checks(snapshot, {})
    finally:
        snapshot.close()
    assert {m.code for m in one_at_a_time} >= {"LC04", "LC07"}
    assert several == one_at_a_time
    assert by_default == one_at_a_time


def test_snapshots_evaluated_at_once_in_threads_keep_to_their_own_tables(world):
    """Snapshots of some people share one DuckDB instance: each has its own `eval` and tables."""
    child = _busy_child(world)
    days = [DAY, date(2025, 2, 1), DAY, date(2025, 4, 1)]
    snapshots = [snapshot_load(neighbourhood([child.id])) for _ in days]

    def evaluate(snapshot, day):
        engine.eval_children_on(snapshot, day, [child.id.hex])
        return engine.run_checks(snapshot, {}, workers=2)

    try:
        with ThreadPoolExecutor(max_workers=len(days)) as pool:
            at_once = list(pool.map(evaluate, snapshots, days))
        one_by_one = [
            evaluate(snapshot, day) for snapshot, day in zip(snapshots, days, strict=True)
        ]
    finally:
        for snapshot in snapshots:
            snapshot.close()
    assert at_once == one_by_one
    for matches, day in zip(at_once, days, strict=True):
        assert {m.day for m in matches} <= {day}
    assert "LC04" in {m.code for m in at_once[0]}  # three injuries by 30 June
    assert "LC04" not in {m.code for m in at_once[1]} | {m.code for m in at_once[3]}
    assert at_once[2] == at_once[0]


def test_a_broken_check_names_itself_from_a_worker(world):
    child = _busy_child(world)
    broken = dataclasses.replace(check("LC04"), code="LC99", sql=lambda p: "SELECT nonsense")
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, DAY, [child.id.hex])
        with pytest.raises(RuntimeError, match="LC99 failed"):
            engine.run_checks(snapshot, {}, only=[*checks().values(), broken], workers=2)
    finally:
        snapshot.close()


def test_matches_come_one_list_per_check_and_make_up_run_checks(world):
    child = _busy_child(world)
    snapshot = snapshot_load(None)  # everyone: checks run one at a time
    try:
        engine.eval_children_on(snapshot, DAY, [child.id.hex])
        batches = list(engine.matches_by_check(snapshot, {}))
        together = engine.run_checks(snapshot, {})
    finally:
        snapshot.close()
    assert len(batches) == len(checks())
    assert all(len({m.code for m in batch}) <= 1 for batch in batches)
    assert [m.code for batch in batches for m in batch[:1]] == sorted({m.code for m in together})
    assert sorted((m for batch in batches for m in batch), key=engine._order) == together


def _limit_and_spill(snapshot) -> tuple[str, Path]:
    limit, folder = snapshot.con.execute(
        "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
    ).fetchone()
    return limit, Path(folder)


def test_the_whole_population_snapshot_is_held_to_the_memory_limit_and_cleans_up_its_spill_folder(
    world, settings
):
    settings.FULLPICTURE_CHECKS_MEMORY_LIMIT = "300MB"
    _busy_child(world)
    snapshot = snapshot_load(None)
    spill = Path(snapshot.spill.name)
    try:
        limit, folder = _limit_and_spill(snapshot)
        assert limit == "286.1 MiB"  # DuckDB shows 300 MB in MiB
        assert folder == spill and spill.is_dir()
    finally:
        snapshot.close()
    assert not spill.exists()


def test_snapshots_of_some_people_share_one_instance_held_to_the_limit_each_its_own_tables(
    world, settings
):
    settings.FULLPICTURE_CHECKS_MEMORY_LIMIT = "300MB"
    child = _busy_child(world)
    first = snapshot_load(neighbourhood([child.id]))
    second = snapshot_load(neighbourhood([child.id]))
    try:
        limit, folder = _limit_and_spill(first)
        assert limit == "286.1 MiB"
        assert folder.is_dir()
        assert first.catalog != second.catalog
        events = first.con.execute("SELECT count(*) FROM events").fetchone()[0]
        assert events > 0
        second.con.execute("DELETE FROM events")  # one snapshot's tables are not another's
        assert first.con.execute("SELECT count(*) FROM events").fetchone()[0] == events
        cursor = first.cursor()  # a second connection sees the same snapshot
        assert cursor.execute("SELECT count(*) FROM events").fetchone()[0] == events
        cursor.close()
    finally:
        first.close()
        second.close()
    instance = snapshot_module._shared_cursor()
    names = {
        row[0]
        for row in instance.execute("SELECT database_name FROM duckdb_databases()").fetchall()
    }
    instance.close()
    assert first.catalog not in names and second.catalog not in names  # detached: memory freed


def test_alerts_are_written_with_the_collector_paused_and_it_resumes_after(world, monkeypatch):
    seen = []
    real = services.alerts_sync

    def spy(*args, **kwargs):
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "alerts_sync", spy)
    child = world.person("Tyler", born=date(2015, 1, 1))
    assert gc.isenabled()
    services.checks_evaluate(
        day=date(2025, 1, 1), person_ids=[child.id], auditor=Auditor(process="test")
    )
    assert seen == [False]
    assert gc.isenabled()
