"""How the engine runs: several checks at a time for a small snapshot, one check's
matches at a time for everyone, within a memory limit. The answer must not change."""

import dataclasses
import gc
from datetime import date
from pathlib import Path

import pytest

from fullpicture.checks import engine, services
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


def test_a_snapshot_is_held_to_the_memory_limit_and_cleans_up_its_spill_folder(world, settings):
    settings.FULLPICTURE_CHECKS_MEMORY_LIMIT = "300MB"
    child = _busy_child(world)
    snapshot = snapshot_load(neighbourhood([child.id]))
    spill = Path(snapshot.spill.name)
    try:
        limit, folder = snapshot.con.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
        ).fetchone()
        assert limit == "286.1 MiB"  # DuckDB shows 300 MB in MiB
        assert Path(folder) == spill and spill.is_dir()
    finally:
        snapshot.close()
    assert not spill.exists()


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
