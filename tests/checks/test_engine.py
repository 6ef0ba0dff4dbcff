"""The engine runs a small snapshot's checks several at a time: the answer must not change."""

import dataclasses
from datetime import date

import pytest

from fullpicture.checks import engine
from fullpicture.checks.registry import check, checks
from fullpicture.checks.selectors import neighbourhood
from fullpicture.checks.snapshot import snapshot_load

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
