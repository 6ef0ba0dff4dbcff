from datetime import date, timedelta

import pytest

from fullpicture.checks import engine
from fullpicture.checks.registry import check
from fullpicture.checks.selectors import evidence_events, neighbourhood
from fullpicture.checks.snapshot import snapshot_load

pytestmark = pytest.mark.django_db

START = date(2025, 3, 3)


def after(day, n):
    return day + timedelta(days=n)


def child_on_plan(world, category="neglect", start=START):
    child = world.person("Lily", born=date(2016, 5, 1))
    plan = world.event(child, "csc.cp_plan_started", start, agency="CSC", category=category)
    return child, plan


def explained(match):
    lc = check("LC16")
    events = evidence_events(match.evidence)
    return lc.explain(match.facts, [events[e] for e in match.evidence], lc.defaults)


def test_a_plan_for_neglect_fires_after_42_days_not_on_the_42nd(world):
    child, plan = child_on_plan(world)
    assert world.fires("LC16", child, on=after(START, 42)) is None
    match = world.fires("LC16", child, on=after(START, 43))
    assert match is not None
    assert match.key == ""
    assert match.evidence == (plan.id.hex,)
    assert match.raised is False
    assert world.first_fired("LC16", child, START, after(START, 60)) == after(START, 43)


@pytest.mark.parametrize(
    "category, fires", [("neglect", True), ("multiple", True), ("physical", False), ("", False)]
)
def test_only_plans_for_neglect_or_multiple_categories(world, category, fires):
    child, _ = child_on_plan(world, category=category)
    assert (world.fires("LC16", child, on=after(START, 50)) is not None) is fires


def test_an_ended_plan_does_not_fire(world):
    child, _ = child_on_plan(world)
    world.event(child, "csc.cp_plan_ended", after(START, 40), agency="CSC")
    assert world.fires("LC16", child, on=after(START, 50)) is None


def test_a_neglect_tool_in_the_last_180_days_answers_it(world):
    child, _ = child_on_plan(world)
    day = after(START, 100)
    world.event(child, "csc.neglect_tool_completed", after(day, -179), agency="CSC")
    assert world.fires("LC16", child, on=day) is None
    # The next day the tool is 180 days old: outside the 180 days ending on the day.
    match = world.fires("LC16", child, on=after(day, 1))
    assert match is not None
    assert match.facts["last_tool_on"] == after(day, -179).isoformat()


def test_a_legal_planning_meeting_calls_for_the_tool_43_to_180_days_after(world):
    child = world.person("Lily", born=date(2016, 5, 1))
    meeting = world.event(child, "csc.legal_planning_meeting", START, agency="CSC")
    assert world.fires("LC16", child, on=after(START, 42)) is None
    match = world.fires("LC16", child, on=after(START, 43))
    assert match is not None
    assert match.evidence == (meeting.id.hex,)
    assert world.fires("LC16", child, on=after(START, 180)) is not None
    assert world.fires("LC16", child, on=after(START, 181)) is None


def test_a_tool_completed_but_recorded_later_is_not_seen_before_it_was_recorded(world):
    child, _ = child_on_plan(world)
    world.event(
        child,
        "csc.neglect_tool_completed",
        after(START, 30),
        agency="CSC",
        recorded=after(START, 45),
    )
    assert world.fires("LC16", child, on=after(START, 43)) is not None
    assert world.fires("LC16", child, on=after(START, 44)) is not None
    assert world.fires("LC16", child, on=after(START, 45)) is None
    assert world.first_fired("LC16", child, after(START, 44), after(START, 80)) == after(START, 44)


def test_parameters_change_the_grace_period_and_the_windows(world):
    child, _ = child_on_plan(world)
    assert world.fires("LC16", child, on=after(START, 31), grace_days=30) is not None
    assert world.fires("LC16", child, on=after(START, 30), grace_days=30) is None
    world.event(child, "csc.neglect_tool_completed", after(START, -60), agency="CSC")
    assert world.fires("LC16", child, on=after(START, 50)) is None
    assert world.fires("LC16", child, on=after(START, 50), tool_days=90) is not None


def test_the_explanation_names_the_plan_the_meeting_and_the_last_tool(world):
    child, _ = child_on_plan(world, category="multiple")
    world.event(child, "csc.legal_planning_meeting", after(START, 10), agency="CSC")
    world.event(child, "csc.neglect_tool_completed", date(2024, 6, 1), agency="CSC")
    match = world.fires("LC16", child, on=after(START, 60))
    assert len(match.evidence) == 2
    assert explained(match) == (
        "The child has a child protection plan for multiple harm started on 3 Mar 2025; "
        "a legal planning meeting on 13 Mar 2025. The neglect tool was last completed on "
        "1 Jun 2024, not in the last 180 days."
    )


def test_the_one_child_path_gives_the_same_result(world):
    child, plan = child_on_plan(world)
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, after(START, 43), [child.id.hex])
        matches = engine.run_checks(snapshot, {}, only=[check("LC16")])
    finally:
        snapshot.close()
    assert [m.evidence for m in matches] == [(plan.id.hex,)]
