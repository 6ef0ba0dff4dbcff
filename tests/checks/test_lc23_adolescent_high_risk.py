from datetime import date, timedelta

import pytest

from fullpicture.checks import engine
from fullpicture.checks.registry import check
from fullpicture.checks.selectors import evidence_events, neighbourhood
from fullpicture.checks.snapshot import snapshot_load

pytestmark = pytest.mark.django_db

BORN = date(2012, 7, 1)
THIRTEEN = date(2025, 7, 1)


def after(day, n):
    return day + timedelta(days=n)


def young_person(world, born=BORN):
    return world.person("Kai", born=born, sex="M")


def explained(match):
    lc = check("LC23")
    events = evidence_events(match.evidence)
    return lc.explain(match.facts, [events[e] for e in match.evidence], lc.defaults)


def test_two_kinds_fire_from_the_13th_birthday_not_the_day_before(world):
    child = young_person(world)
    missing = world.event(child, "police.missing_episode", date(2025, 5, 1), agency="TVP")
    harm = world.event(child, "health.self_harm", date(2025, 6, 1))
    assert world.fires("LC23", child, on=after(THIRTEEN, -1)) is None
    match = world.fires("LC23", child, on=THIRTEEN)
    assert match is not None
    assert match.key == ""
    assert set(match.evidence) == {missing.id.hex, harm.id.hex}
    assert match.raised is False
    assert match.facts["age"] == 13
    assert world.first_fired("LC23", child, date(2025, 6, 1), date(2025, 7, 31)) == THIRTEEN


def test_two_events_of_one_kind_are_not_two_kinds(world):
    child = young_person(world, born=date(2010, 1, 1))
    day = date(2025, 6, 30)
    world.event(child, "police.missing_episode", date(2025, 3, 1), agency="TVP")
    world.event(child, "police.missing_episode", date(2025, 4, 1), agency="TVP")
    world.event(child, "police.arrest", date(2025, 4, 2), agency="TVP")  # not one of the five
    assert world.fires("LC23", child, on=day) is None
    world.event(child, "health.child_substance_misuse", date(2025, 5, 1))
    match = world.fires("LC23", child, on=day)
    assert match is not None
    assert len(match.evidence) == 3


@pytest.mark.parametrize(
    "second",
    ["police.exploitation_concern", "health.child_substance_misuse", "police.child_offending"],
)
def test_each_of_the_five_kinds_counts(world, second):
    child = young_person(world, born=date(2010, 1, 1))
    world.event(child, "health.self_harm", date(2025, 5, 1))
    world.event(child, second, date(2025, 6, 1), agency="TVP")
    assert world.fires("LC23", child, on=date(2025, 6, 30)) is not None


def test_the_window_is_the_180_days_ending_on_the_day(world):
    child = young_person(world, born=date(2010, 1, 1))
    day = date(2025, 6, 30)
    world.event(child, "police.missing_episode", after(day, -179), agency="TVP")
    world.event(child, "health.self_harm", after(day, -10))
    assert world.fires("LC23", child, on=day) is not None
    assert world.fires("LC23", child, on=after(day, 1)) is None


def test_an_event_recorded_later_is_not_seen_before_it_was_recorded(world):
    child = young_person(world, born=date(2010, 1, 1))
    world.event(child, "police.missing_episode", date(2025, 3, 1), agency="TVP")
    world.event(child, "police.child_offending", date(2025, 4, 1), recorded=date(2025, 5, 1))
    assert world.first_fired("LC23", child, date(2025, 3, 1), date(2025, 6, 1)) == date(2025, 5, 1)


def test_parameters_change_the_age_the_kinds_and_the_window(world):
    child = young_person(world)  # 12 on the day
    day = date(2025, 6, 30)
    world.event(child, "police.missing_episode", date(2025, 3, 1), agency="TVP")
    assert world.fires("LC23", child, on=day, age=12) is None
    assert world.fires("LC23", child, on=day, age=12, kinds=1) is not None
    world.event(child, "health.self_harm", date(2024, 11, 1))
    assert world.fires("LC23", child, on=day, age=12) is None
    assert world.fires("LC23", child, on=day, age=12, window_days=365) is not None


def test_the_explanation_names_the_kinds_and_the_events(world):
    child = young_person(world, born=date(2010, 1, 1))
    world.event(
        child, "police.missing_episode", date(2025, 5, 1), agency="TVP", summary="Missing overnight"
    )
    world.event(child, "health.self_harm", date(2025, 6, 1), summary="Cut his arm")
    match = world.fires("LC23", child, on=date(2025, 6, 30))
    assert explained(match) == (
        "A young person aged 15 with 2 kinds of high-risk event in 180 days (self-harm and "
        "missing episodes): 1 May 2025 (Agency TVP, Missing episode: 'Missing overnight'); "
        "1 Jun 2025 (Agency OUH, Self-harm: 'Cut his arm')."
    )


def test_the_one_child_path_gives_the_same_result(world):
    child = young_person(world, born=date(2010, 1, 1))
    world.event(child, "police.missing_episode", date(2025, 5, 1), agency="TVP")
    world.event(child, "health.self_harm", date(2025, 6, 1))
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, date(2025, 6, 30), [child.id.hex])
        matches = engine.run_checks(snapshot, {}, only=[check("LC23")])
    finally:
        snapshot.close()
    population = [
        m for m in world.matches("LC23", on=date(2025, 6, 30)) if m.person_id == child.id.hex
    ]
    assert matches
    assert [(m.key, m.evidence, m.facts) for m in matches] == [
        (m.key, m.evidence, m.facts) for m in population
    ]
