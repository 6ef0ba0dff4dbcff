from datetime import date, timedelta

import pytest

from fullpicture.checks import engine
from fullpicture.checks.registry import check
from fullpicture.checks.selectors import evidence_events, neighbourhood
from fullpicture.checks.snapshot import snapshot_load

pytestmark = pytest.mark.django_db

CHANGED = date(2025, 3, 3)


def after(day, n):
    return day + timedelta(days=n)


def changed_worker(world, on=CHANGED):
    child = world.person("Lily", born=date(2016, 5, 1))
    change = world.event(child, "csc.worker_changed", on, agency="CSC")
    return child, change


def explained(match):
    lc = check("LC19")
    events = evidence_events(match.evidence)
    return lc.explain(match.facts, [events[e] for e in match.evidence], lc.defaults)


def test_no_handover_fires_on_the_11th_day_not_the_10th(world):
    child, change = changed_worker(world)
    assert world.fires("LC19", child, on=after(CHANGED, 10)) is None
    match = world.fires("LC19", child, on=after(CHANGED, 11))
    assert match is not None
    assert match.key == change.id.hex
    assert match.evidence == (change.id.hex,)
    assert match.raised is False
    # Time-based: it goes on holding as days pass with nothing new.
    assert world.fires("LC19", child, on=after(CHANGED, 60)) is not None
    assert world.first_fired("LC19", child, CHANGED, after(CHANGED, 30)) == after(CHANGED, 11)


@pytest.mark.parametrize(
    "offset, fires", [(-15, True), (-14, False), (0, False), (10, False), (11, True)]
)
def test_a_handover_from_14_days_before_to_10_days_after_answers_it(world, offset, fires):
    child, _ = changed_worker(world)
    world.event(child, "csc.handover_recorded", after(CHANGED, offset), agency="CSC")
    assert (world.fires("LC19", child, on=after(CHANGED, 20)) is not None) is fires


def test_each_change_is_its_own_alert(world):
    child, first = changed_worker(world)
    world.event(child, "csc.handover_recorded", after(CHANGED, 2), agency="CSC")
    second = world.event(child, "csc.worker_changed", after(CHANGED, 40), agency="CSC")
    third = world.event(child, "csc.worker_changed", after(CHANGED, 60), agency="CSC")
    matches = [
        m for m in world.matches("LC19", on=after(CHANGED, 80)) if m.person_id == child.id.hex
    ]
    assert {m.key for m in matches} == {second.id.hex, third.id.hex}
    assert first.id.hex not in {m.key for m in matches}


def test_a_handover_recorded_later_is_not_seen_before_it_was_recorded(world):
    child, _ = changed_worker(world)
    world.event(
        child, "csc.handover_recorded", after(CHANGED, 5), agency="CSC", recorded=after(CHANGED, 13)
    )
    assert world.fires("LC19", child, on=after(CHANGED, 12)) is not None
    assert world.fires("LC19", child, on=after(CHANGED, 13)) is None


def test_another_childs_handover_does_not_count(world):
    child, _ = changed_worker(world)
    sister = world.person("Amy", born=date(2014, 1, 1))
    world.event(sister, "csc.handover_recorded", after(CHANGED, 1), agency="CSC")
    assert world.fires("LC19", child, on=after(CHANGED, 11)) is not None


def test_parameters_change_the_window(world):
    child, _ = changed_worker(world)
    assert world.fires("LC19", child, on=after(CHANGED, 6), after_days=5) is not None
    assert world.fires("LC19", child, on=after(CHANGED, 5), after_days=5) is None
    world.event(child, "csc.handover_recorded", after(CHANGED, -20), agency="CSC")
    assert world.fires("LC19", child, on=after(CHANGED, 11), before_days=20) is None
    assert world.fires("LC19", child, on=after(CHANGED, 11)) is not None


def test_the_explanation_gives_the_dates(world):
    child, _ = changed_worker(world)
    match = world.fires("LC19", child, on=after(CHANGED, 11))
    assert explained(match) == (
        "The child's worker changed on 3 Mar 2025 (Agency CSC) and no handover was recorded "
        "between 17 Feb 2025 and 13 Mar 2025."
    )


def test_the_one_child_path_gives_the_same_result(world):
    child, _ = changed_worker(world)
    world.event(child, "csc.worker_changed", after(CHANGED, 5), agency="CSC")
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, after(CHANGED, 20), [child.id.hex])
        matches = engine.run_checks(snapshot, {}, only=[check("LC19")])
    finally:
        snapshot.close()
    population = [
        m for m in world.matches("LC19", on=after(CHANGED, 20)) if m.person_id == child.id.hex
    ]
    assert matches
    assert [(m.key, m.evidence, m.facts) for m in matches] == [
        (m.key, m.evidence, m.facts) for m in population
    ]
