from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import check

pytestmark = pytest.mark.django_db

START = date(2025, 3, 3)


def after(day, n):
    return day + timedelta(days=n)


def child_on_plan(world, born=date(2016, 5, 1), start=START):
    child = world.person("Lily", born=born)
    plan = world.event(child, "csc.cp_plan_started", start, agency="CSC")
    return child, plan


def test_never_seen_alone_fires_after_28_days_of_the_plan_not_on_the_28th(world):
    child, plan = child_on_plan(world)
    # Seen with her mother every week: seen, never alone.
    for n in range(0, 35, 7):
        world.event(child, "csc.home_visit", after(START, n), agency="CSC", child_seen="seen")
    assert world.fires("LC02", child, on=after(START, 28)) is None
    match = world.fires("LC02", child, on=after(START, 29))
    assert match is not None
    assert match.key == ""
    assert match.evidence == (plan.id.hex,)
    assert match.raised is False
    assert world.fires("LC01", child, on=after(START, 29)) is None


def test_it_counts_from_the_last_time_seen_alone_by_childrens_social_care(world):
    child, plan = child_on_plan(world)
    alone = world.event(
        child, "csc.home_visit", date(2025, 4, 1), agency="CSC", child_seen="seen_alone"
    )
    world.event(
        child,
        "education.safeguarding_concern",
        date(2025, 4, 20),
        agency="SCH",
        child_seen="seen_alone",
    )  # seen alone by the school: not children's social care
    assert world.fires("LC02", child, on=date(2025, 4, 29)) is None
    match = world.fires("LC02", child, on=date(2025, 4, 30))
    assert set(match.evidence) == {plan.id.hex, alone.id.hex}
    assert match.facts["last_alone_on"] == "2025-04-01"


def test_seen_alone_before_the_plan_counts_from_the_plan_start(world):
    child, plan = child_on_plan(world)
    world.event(child, "csc.home_visit", date(2025, 1, 1), agency="CSC", child_seen="seen_alone")
    assert world.fires("LC02", child, on=after(START, 28)) is None
    assert world.fires("LC02", child, on=after(START, 29)) is not None


def test_a_child_under_4_is_not_expected_to_be_seen_alone(world):
    # Four on 1 April 2025.
    child, plan = child_on_plan(world, born=date(2021, 4, 1))
    assert world.fires("LC02", child, on=date(2025, 3, 31)) is None
    assert world.fires("LC02", child, on=date(2025, 4, 1)) is not None
    assert world.first_fired("LC02", child, START, date(2025, 5, 1)) == date(2025, 4, 1)


def test_only_a_child_protection_plan_counts(world):
    child = world.person("Lily", born=date(2016, 5, 1))
    world.event(child, "csc.cin_plan_started", START, agency="CSC")
    world.event(child, "csc.looked_after_started", START, agency="CSC")
    assert world.fires("LC02", child, on=after(START, 60)) is None
    cp = world.event(child, "csc.cp_plan_started", after(START, 10), agency="CSC")
    assert world.fires("LC02", child, on=after(START, 39)).evidence == (cp.id.hex,)
    world.event(child, "csc.cp_plan_ended", after(START, 30), agency="CSC")
    assert world.fires("LC02", child, on=after(START, 39)) is None


def test_seen_alone_recorded_late_is_not_seen_before_it_was_recorded(world):
    child, plan = child_on_plan(world)
    world.event(
        child,
        "csc.home_visit",
        date(2025, 3, 25),
        agency="CSC",
        child_seen="seen_alone",
        recorded=date(2025, 4, 5),
    )
    assert world.first_fired("LC02", child, START, date(2025, 5, 1)) == after(START, 29)
    assert world.fires("LC02", child, on=date(2025, 4, 5)) is None
    assert world.fires("LC02", child, on=date(2025, 4, 22)) is None  # 28 days after 25 March
    assert world.fires("LC02", child, on=date(2025, 4, 23)) is not None


def test_parameters_change_the_age_and_the_days(world):
    child, plan = child_on_plan(world, born=date(2023, 1, 1))
    assert world.fires("LC02", child, on=after(START, 29)) is None
    assert world.fires("LC02", child, on=after(START, 29), minimum_age=2) is not None
    other, _ = child_on_plan(world)
    assert world.fires("LC02", other, on=after(START, 21), alone_days=20) is not None
    assert world.fires("LC02", other, on=after(START, 20), alone_days=20) is None


def test_the_explanation_gives_the_dates():
    facts = {
        "plans": [{"started_on": "2025-03-03", "since": "2025-03-03"}],
        "alone_days": 28,
        "last_alone_on": None,
        "last_alone_id": None,
    }
    assert check("LC02").explain(facts, [], {}) == (
        "Children's social care has not recorded seeing the child alone. The child protection "
        "plan started on 3 Mar 2025; the child should be seen alone at least every 28 days, so "
        "it was due by 31 Mar 2025."
    )
