from datetime import date, timedelta

import pytest

from fullpicture.checks import engine
from fullpicture.checks.registry import check
from fullpicture.checks.selectors import evidence_events, neighbourhood
from fullpicture.checks.snapshot import snapshot_load

pytestmark = pytest.mark.django_db

LAC = date(2025, 1, 6)
PLACED = date(2025, 3, 3)
FULL = ["staffing_levels", "night_checks", "waking_night_cover"]


def after(day, n):
    return day + timedelta(days=n)


def placed_child(world, placement_type="residential", out_of_area=False, on=PLACED):
    child = world.person("Ruby", born=date(2011, 9, 1))
    lac = world.event(child, "csc.looked_after_started", LAC, agency="CSC")
    placement = world.event(
        child,
        "csc.placement_started",
        on,
        agency="CSC",
        placement_type=placement_type,
        out_of_area=out_of_area,
    )
    return child, lac, placement


def plan(world, child, on, covers=FULL, **fields):
    return world.event(
        child, "csc.placement_plan", on, agency="CSC", plan_covers=list(covers), **fields
    )


def explained(match):
    lc = check("LC18")
    events = evidence_events(match.evidence)
    return lc.explain(match.facts, [events[e] for e in match.evidence], lc.defaults)


def test_a_residential_placement_without_a_plan_fires_on_the_8th_day(world):
    child, lac, placement = placed_child(world)
    assert world.fires("LC18", child, on=after(PLACED, 7)) is None
    match = world.fires("LC18", child, on=after(PLACED, 8))
    assert match is not None
    assert match.key == placement.id.hex
    assert set(match.evidence) == {placement.id.hex, lac.id.hex}
    assert match.raised is False
    assert world.first_fired("LC18", child, PLACED, after(PLACED, 20)) == after(PLACED, 8)


@pytest.mark.parametrize(
    "placement_type, out_of_area, fires",
    [
        ("residential", False, True),
        ("residential", None, True),
        ("foster", True, True),
        ("foster", False, False),
        ("kinship", None, False),
    ],
)
def test_residential_or_out_of_area(world, placement_type, out_of_area, fires):
    child, _, _ = placed_child(world, placement_type, out_of_area)
    assert (world.fires("LC18", child, on=after(PLACED, 10)) is not None) is fires


def test_a_full_plan_on_the_7th_day_answers_it_one_before_the_placement_does_not(world):
    child, _, _ = placed_child(world)
    plan(world, child, after(PLACED, -1))
    assert world.fires("LC18", child, on=after(PLACED, 8)) is not None
    plan(world, child, after(PLACED, 7), covers=[*FULL, "contingency"])
    assert world.fires("LC18", child, on=after(PLACED, 8)) is None


@pytest.mark.parametrize("left_out", FULL)
def test_a_plan_that_leaves_out_any_of_the_three_does_not_answer_it(world, left_out):
    child, _, _ = placed_child(world)
    partial = plan(world, child, after(PLACED, 3), covers=[c for c in FULL if c != left_out])
    match = world.fires("LC18", child, on=after(PLACED, 8))
    assert match is not None
    assert partial.id.hex in match.evidence
    assert match.facts["plan_missing"] == [left_out]


def test_only_while_looked_after_and_only_the_current_placement(world):
    child, _, first = placed_child(world)
    # Ending the placement ends the alert.
    world.event(child, "csc.placement_ended", after(PLACED, 20), agency="CSC")
    assert world.fires("LC18", child, on=after(PLACED, 19)) is not None
    assert world.fires("LC18", child, on=after(PLACED, 20)) is None
    # A new residential placement the same day is a new alert with its own key.
    second = world.event(
        child,
        "csc.placement_started",
        after(PLACED, 20),
        agency="CSC",
        placement_type="residential",
    )
    assert world.fires("LC18", child, on=after(PLACED, 27)) is None
    match = world.fires("LC18", child, on=after(PLACED, 28))
    assert match.key == second.id.hex
    assert first.id.hex not in match.evidence
    # No longer looked after: nothing.
    world.event(child, "csc.looked_after_ended", after(PLACED, 30), agency="CSC")
    assert world.fires("LC18", child, on=after(PLACED, 30)) is None


def test_a_placement_of_an_earlier_period_of_care_does_not_count(world):
    child = world.person("Ruby", born=date(2011, 9, 1))
    world.event(child, "csc.looked_after_started", date(2024, 1, 1), agency="CSC")
    world.event(
        child, "csc.placement_started", date(2024, 1, 1), agency="CSC", placement_type="residential"
    )
    world.event(child, "csc.looked_after_ended", date(2024, 6, 1), agency="CSC")
    world.event(child, "csc.looked_after_started", LAC, agency="CSC")
    assert world.fires("LC18", child, on=after(LAC, 30)) is None


def test_a_plan_recorded_later_is_not_seen_before_it_was_recorded(world):
    child, _, _ = placed_child(world)
    plan(world, child, after(PLACED, 5), recorded=after(PLACED, 12))
    assert world.fires("LC18", child, on=after(PLACED, 11)) is not None
    assert world.fires("LC18", child, on=after(PLACED, 12)) is None


def test_parameters_change_the_days_allowed_for_the_plan(world):
    child, _, _ = placed_child(world)
    assert world.fires("LC18", child, on=after(PLACED, 4), plan_days=3) is not None
    assert world.fires("LC18", child, on=after(PLACED, 3), plan_days=3) is None


def test_the_explanation_names_the_placement_and_what_the_plan_leaves_out(world):
    child, _, _ = placed_child(world, out_of_area=True)
    plan(world, child, after(PLACED, 2), covers=["staffing_levels"])
    match = world.fires("LC18", child, on=after(PLACED, 8))
    assert explained(match) == (
        "The child, looked after since 6 Jan 2025, started a residential placement out of "
        "area on 3 Mar 2025; the placement plan of 5 Mar 2025 does not set night checks or "
        "waking night cover."
    )
    other, _, _ = placed_child(world, placement_type="foster", out_of_area=True)
    assert explained(world.fires("LC18", other, on=after(PLACED, 8))) == (
        "The child, looked after since 6 Jan 2025, started a foster placement out of area on "
        "3 Mar 2025, and no placement plan setting staffing levels, night checks and waking "
        "night cover has been recorded since, more than 7 days on."
    )


def test_the_one_child_path_gives_the_same_result(world):
    child, _, _ = placed_child(world)
    plan(world, child, after(PLACED, 2), covers=FULL[:2])
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, after(PLACED, 8), [child.id.hex])
        matches = engine.run_checks(snapshot, {}, only=[check("LC18")])
    finally:
        snapshot.close()
    population = [
        m for m in world.matches("LC18", on=after(PLACED, 8)) if m.person_id == child.id.hex
    ]
    assert matches
    assert [(m.key, m.evidence, m.facts) for m in matches] == [
        (m.key, m.evidence, m.facts) for m in population
    ]
