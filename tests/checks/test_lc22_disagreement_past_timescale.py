from datetime import date, timedelta

import pytest

from fullpicture.checks import engine
from fullpicture.checks.registry import check
from fullpicture.checks.selectors import evidence_events, neighbourhood
from fullpicture.checks.snapshot import snapshot_load

pytestmark = pytest.mark.django_db

MONDAY = date(2025, 3, 3)
FRIDAY = date(2025, 3, 7)
SATURDAY = date(2025, 3, 8)


def after(day, n):
    return day + timedelta(days=n)


def disagreement(world, on, stage=1, agency="SCH", child=None, **fields):
    child = child or world.person("Lily", born=date(2016, 5, 1))
    domain = "education" if agency.startswith("SCH") else "health"
    event = world.event(
        child, f"{domain}.professional_disagreement", on, agency=agency, stage=stage, **fields
    )
    return child, event


def explained(match):
    lc = check("LC22")
    events = evidence_events(match.evidence)
    return lc.explain(match.facts, [events[e] for e in match.evidence], lc.defaults)


def test_stage_1_raised_on_a_monday_fires_on_the_6th_working_day(world):
    child, event = disagreement(world, MONDAY)
    # 5 working days after Monday 3 March end on Monday 10 March.
    assert world.fires("LC22", child, on=date(2025, 3, 10)) is None
    match = world.fires("LC22", child, on=date(2025, 3, 11))
    assert match is not None
    assert match.key == event.id.hex
    assert match.evidence == (event.id.hex,)
    assert match.raised is False
    assert match.facts["deadline"] == "2025-03-10"
    assert world.first_fired("LC22", child, MONDAY, date(2025, 3, 31)) == date(2025, 3, 11)


def test_across_a_weekend_it_fires_on_the_monday_not_at_the_weekend(world):
    # Raised on a Friday: Mon 10 to Fri 14 March are its 5 working days.
    child, _ = disagreement(world, FRIDAY)
    assert world.fires("LC22", child, on=date(2025, 3, 14)) is None
    assert world.fires("LC22", child, on=date(2025, 3, 15)) is None  # Saturday
    assert world.fires("LC22", child, on=date(2025, 3, 16)) is None  # Sunday
    assert world.fires("LC22", child, on=date(2025, 3, 17)) is not None  # Monday
    # Once fired, it holds at the next weekend too.
    assert world.fires("LC22", child, on=date(2025, 3, 22)) is not None


def test_raised_at_the_weekend_counts_from_the_monday(world):
    child, _ = disagreement(world, SATURDAY)
    assert world.first_fired("LC22", child, SATURDAY, date(2025, 3, 31)) == date(2025, 3, 17)


@pytest.mark.parametrize(
    "stage, last_quiet, fires_on",
    [
        (2, date(2025, 3, 17), date(2025, 3, 18)),
        (3, date(2025, 3, 24), date(2025, 3, 25)),
        (4, date(2025, 3, 31), date(2025, 4, 1)),
    ],
)
def test_each_stage_has_its_timescale(world, stage, last_quiet, fires_on):
    child, _ = disagreement(world, MONDAY, stage=stage)
    assert world.fires("LC22", child, on=last_quiet) is None
    match = world.fires("LC22", child, on=fires_on)
    assert match is not None
    assert match.facts["stage"] == stage


@pytest.mark.parametrize(
    "resolved_on, fires",
    [(MONDAY, False), (date(2025, 3, 10), False), (date(2025, 3, 11), True)],
)
def test_a_resolution_within_the_timescale_answers_it_a_later_one_does_not(
    world, resolved_on, fires
):
    child, _ = disagreement(world, MONDAY)
    # Resolved by any agency, in any domain.
    world.event(child, "health.disagreement_resolved", resolved_on, agency="GP")
    assert (world.fires("LC22", child, on=date(2025, 3, 12)) is not None) is fires


def _keys(world, child, on):
    return {m.key for m in world.matches("LC22", on=on) if m.person_id == child.id.hex}


def test_the_same_stage_again_does_not_answer_it(world):
    child, first = disagreement(world, MONDAY)
    _, again = disagreement(world, date(2025, 3, 5), stage=1, child=child)
    assert _keys(world, child, date(2025, 3, 11)) == {first.id.hex}
    assert _keys(world, child, date(2025, 3, 13)) == {first.id.hex, again.id.hex}


def test_escalating_to_a_higher_stage_answers_it_and_starts_a_new_timescale(world):
    child, _ = disagreement(world, MONDAY)
    # Escalated by another agency on the 5th working day.
    _, second = disagreement(world, date(2025, 3, 10), stage=2, child=child, agency="GP")
    assert _keys(world, child, date(2025, 3, 11)) == set()
    # Stage 2: 10 working days after Monday 10 March end on Monday 24 March.
    assert _keys(world, child, date(2025, 3, 24)) == set()
    assert _keys(world, child, date(2025, 3, 25)) == {second.id.hex}


def test_a_resolution_recorded_later_is_not_seen_before_it_was_recorded(world):
    child, _ = disagreement(world, MONDAY)
    world.event(
        child,
        "education.disagreement_resolved",
        date(2025, 3, 7),
        agency="SCH",
        recorded=date(2025, 3, 13),
    )
    assert world.fires("LC22", child, on=date(2025, 3, 12)) is not None
    assert world.fires("LC22", child, on=date(2025, 3, 13)) is None


def test_a_disagreement_recorded_late_fires_from_the_day_it_is_recorded(world):
    child, _ = disagreement(world, MONDAY, recorded=date(2025, 3, 20))
    assert world.first_fired("LC22", child, MONDAY, date(2025, 3, 31)) == date(2025, 3, 20)


def test_parameters_change_the_timescale(world):
    child, _ = disagreement(world, MONDAY)
    # 3 working days after Monday end on Thursday; it fires on Friday.
    assert world.fires("LC22", child, on=date(2025, 3, 6), stage1_days=3) is None
    assert world.fires("LC22", child, on=date(2025, 3, 7), stage1_days=3) is not None


def test_the_explanation_gives_the_stage_and_the_dates(world):
    child, _ = disagreement(world, FRIDAY)
    match = world.fires("LC22", child, on=date(2025, 3, 17))
    assert explained(match) == (
        "A stage 1 professional disagreement was raised by Agency SCH on 7 Mar 2025; its "
        "timescale of 5 working days ended on 14 Mar 2025 with no resolution or escalation "
        "to the next stage recorded."
    )


def test_the_one_child_path_gives_the_same_result(world):
    child, _ = disagreement(world, MONDAY)
    disagreement(world, FRIDAY, child=child)
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, date(2025, 3, 17), [child.id.hex])
        matches = engine.run_checks(snapshot, {}, only=[check("LC22")])
    finally:
        snapshot.close()
    population = [
        m for m in world.matches("LC22", on=date(2025, 3, 17)) if m.person_id == child.id.hex
    ]
    assert matches
    assert [(m.key, m.evidence, m.facts) for m in matches] == [
        (m.key, m.evidence, m.facts) for m in population
    ]
