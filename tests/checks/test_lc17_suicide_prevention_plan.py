from datetime import date, timedelta

import pytest

from fullpicture.checks import engine
from fullpicture.checks.registry import check
from fullpicture.checks.selectors import evidence_events, neighbourhood
from fullpicture.checks.snapshot import snapshot_load

pytestmark = pytest.mark.django_db

LAC = date(2025, 1, 6)
HARM = date(2025, 3, 3)
FULL = [
    "emotional_risks",
    "behavioural_risks",
    "situational_risks",
    "ligature_risks",
    "named_roles",
]


def after(day, n):
    return day + timedelta(days=n)


def looked_after_child(world, start=LAC):
    child = world.person("Ruby", born=date(2011, 9, 1))
    lac = world.event(child, "csc.looked_after_started", start, agency="CSC")
    return child, lac


def plan(world, child, on, covers=FULL, review_by=date(2025, 9, 1), **fields):
    return world.event(
        child,
        "csc.suicide_prevention_plan",
        on,
        agency="CSC",
        plan_covers=list(covers),
        review_by=review_by,
        **fields,
    )


def explained(match):
    lc = check("LC17")
    events = evidence_events(match.evidence)
    return lc.explain(match.facts, [events[e] for e in match.evidence], lc.defaults)


def test_self_harm_while_looked_after_fires_on_the_8th_day_without_a_plan(world):
    child, lac = looked_after_child(world)
    harm = world.event(child, "health.self_harm", HARM, summary="Cut her arms")
    assert world.fires("LC17", child, on=after(HARM, 7)) is None
    match = world.fires("LC17", child, on=after(HARM, 8))
    assert match is not None
    assert match.key == ""
    assert set(match.evidence) == {lac.id.hex, harm.id.hex}
    assert match.raised is False
    assert world.first_fired("LC17", child, HARM, after(HARM, 20)) == after(HARM, 8)


def test_suicide_risk_counts_too_and_only_while_looked_after(world):
    child = world.person("Ruby", born=date(2011, 9, 1))
    world.event(child, "health.suicide_risk", HARM)
    assert world.fires("LC17", child, on=after(HARM, 10)) is None
    world.event(child, "csc.looked_after_started", after(HARM, 5), agency="CSC")
    assert world.fires("LC17", child, on=after(HARM, 10)) is not None
    world.event(child, "csc.looked_after_ended", after(HARM, 20), agency="CSC")
    assert world.fires("LC17", child, on=after(HARM, 20)) is None


def test_a_full_plan_dated_on_the_7th_day_answers_it_one_before_the_event_does_not(world):
    child, _ = looked_after_child(world)
    world.event(child, "health.self_harm", HARM)
    plan(world, child, after(HARM, -1))
    assert world.fires("LC17", child, on=after(HARM, 8)) is not None
    plan(world, child, after(HARM, 7))
    assert world.fires("LC17", child, on=after(HARM, 8)) is None
    # A plan dated the day of the event is dated after it.
    other, _ = looked_after_child(world)
    world.event(other, "health.self_harm", HARM)
    plan(world, other, HARM)
    assert world.fires("LC17", other, on=after(HARM, 8)) is None


@pytest.mark.parametrize("left_out", FULL)
def test_a_plan_that_leaves_out_any_of_the_five_does_not_answer_it(world, left_out):
    child, _ = looked_after_child(world)
    world.event(child, "health.self_harm", HARM)
    partial = plan(world, child, after(HARM, 2), covers=[c for c in FULL if c != left_out])
    match = world.fires("LC17", child, on=after(HARM, 8))
    assert match is not None
    assert partial.id.hex in match.evidence
    assert match.facts["plan_missing"] == [left_out]


def test_a_plan_whose_review_date_has_passed_no_longer_answers_it(world):
    child, _ = looked_after_child(world)
    world.event(child, "health.self_harm", HARM)
    plan(world, child, after(HARM, 2), review_by=date(2025, 6, 1))
    assert world.fires("LC17", child, on=date(2025, 6, 1)) is None
    match = world.fires("LC17", child, on=date(2025, 6, 2))
    assert match is not None
    assert match.facts["plan_review_passed"] is True


def test_the_event_counts_for_365_days(world):
    child, _ = looked_after_child(world, start=date(2024, 1, 1))
    world.event(child, "health.self_harm", HARM)
    assert world.fires("LC17", child, on=after(HARM, 364)) is not None
    assert world.fires("LC17", child, on=after(HARM, 365)) is None


def test_a_later_event_needs_a_plan_dated_after_it(world):
    child, _ = looked_after_child(world)
    first = world.event(child, "health.self_harm", HARM)
    plan(world, child, after(HARM, 3))
    second = world.event(child, "health.suicide_risk", after(HARM, 30))
    assert world.fires("LC17", child, on=after(HARM, 37)) is None
    match = world.fires("LC17", child, on=after(HARM, 38))
    assert match is not None
    assert second.id.hex in match.evidence
    assert first.id.hex not in match.evidence


def test_a_plan_recorded_later_is_not_seen_before_it_was_recorded(world):
    child, _ = looked_after_child(world)
    world.event(child, "health.self_harm", HARM)
    plan(world, child, after(HARM, 5), recorded=after(HARM, 12))
    assert world.fires("LC17", child, on=after(HARM, 11)) is not None
    assert world.fires("LC17", child, on=after(HARM, 12)) is None


def test_parameters_change_the_days_allowed_for_the_plan(world):
    child, _ = looked_after_child(world)
    world.event(child, "health.self_harm", HARM)
    assert world.fires("LC17", child, on=after(HARM, 4), plan_days=3) is not None
    assert world.fires("LC17", child, on=after(HARM, 3), plan_days=3) is None


def test_the_explanation_names_the_event_and_what_the_plan_leaves_out(world):
    child, _ = looked_after_child(world)
    world.event(child, "health.self_harm", HARM, agency="OUH", summary="Cut her arms")
    plan(world, child, after(HARM, 2), covers=FULL[:3])
    match = world.fires("LC17", child, on=after(HARM, 8))
    assert explained(match) == (
        "The child has been looked after since 6 Jan 2025; more than 7 days after a "
        "self-harm or suicide-risk event, no full, current suicide prevention plan is dated "
        "after it: 3 Mar 2025 (Agency OUH, Self-harm: 'Cut her arms'). The plan of "
        "5 Mar 2025 leaves out ligature points and named roles."
    )


def test_the_one_child_path_gives_the_same_result(world):
    child, _ = looked_after_child(world)
    world.event(child, "health.self_harm", HARM)
    plan(world, child, after(HARM, 2), covers=FULL[:2])
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, after(HARM, 8), [child.id.hex])
        matches = engine.run_checks(snapshot, {}, only=[check("LC17")])
    finally:
        snapshot.close()
    population = [
        m for m in world.matches("LC17", on=after(HARM, 8)) if m.person_id == child.id.hex
    ]
    assert matches
    assert [(m.key, m.evidence, m.facts) for m in matches] == [
        (m.key, m.evidence, m.facts) for m in population
    ]
