from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import check

pytestmark = pytest.mark.django_db

START = date(2024, 3, 1)


def after(day, n):
    return day + timedelta(days=n)


def matches(world, child, on, **parameters):
    found = world.matches("LC13", on=on, parameters=parameters)
    return {m.key: m for m in found if m.person_id == child.id.hex}


def child_on_plan(world, start=START):
    child = world.person("Lily", born=date(2014, 2, 1))
    plan = world.event(child, "csc.cp_plan_started", start, agency="CSC", category="neglect")
    return child, plan


def test_a_plan_open_longer_than_365_days_fires_on_day_366(world):
    child, plan = child_on_plan(world)
    assert matches(world, child, after(START, 365)) == {}
    found = matches(world, child, after(START, 366))
    match = found[plan.id.hex]
    assert match.evidence == (plan.id.hex,)
    assert match.facts["open_too_long"] is True
    assert match.raised is False
    assert world.first_fired("LC13", child, after(START, 300), after(START, 400)) == after(
        START, 366
    )


def test_an_ended_plan_is_not_open_too_long(world):
    child, plan = child_on_plan(world)
    world.event(child, "csc.cp_plan_ended", after(START, 200), agency="CSC")
    assert matches(world, child, after(START, 400)) == {}


def test_a_plan_within_730_days_after_an_earlier_plan_ended_is_a_repeat(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    world.event(child, "csc.cp_plan_started", date(2022, 1, 1), agency="CSC")
    world.event(child, "csc.cp_plan_ended", date(2023, 1, 1), agency="CSC")
    world.event(child, "csc.cp_plan_started", after(date(2023, 1, 1), 731), agency="CSC")
    assert matches(world, child, date(2025, 3, 1)) == {}
    later = world.person("Kim", born=date(2014, 2, 1))
    world.event(later, "csc.cp_plan_started", date(2022, 1, 1), agency="CSC")
    world.event(later, "csc.cp_plan_ended", date(2023, 1, 1), agency="CSC")
    repeat = world.event(later, "csc.cp_plan_started", after(date(2023, 1, 1), 730), agency="CSC")
    found = matches(world, later, date(2025, 3, 1))
    assert set(found) == {repeat.id.hex}
    assert found[repeat.id.hex].facts["previous_ended_on"] == "2023-01-01"
    assert found[repeat.id.hex].facts["open_too_long"] is False


def test_the_repeat_is_seen_only_once_both_are_recorded(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    world.event(child, "csc.cp_plan_started", date(2023, 9, 1), agency="CSC")
    world.event(
        child, "csc.cp_plan_ended", date(2024, 1, 1), agency="CSC", recorded=date(2024, 6, 1)
    )
    again = world.event(child, "csc.cp_plan_started", date(2024, 5, 1), agency="CSC")
    assert world.first_fired("LC13", child, date(2024, 4, 1), date(2024, 7, 1)) == date(2024, 6, 1)
    assert list(matches(world, child, date(2024, 6, 1))) == [again.id.hex]


def test_the_last_two_reviews_not_reducing_risk_fire(world):
    child, plan = child_on_plan(world)
    on = after(START, 200)
    world.event(child, "csc.cp_review", after(START, 60), agency="CSC", outcome="risk_unchanged")
    second = world.event(
        child, "csc.cp_review", after(START, 120), agency="CSC", outcome="risk_reduced"
    )
    assert matches(world, child, on) == {}
    third = world.event(
        child, "csc.cp_review", after(START, 180), agency="CSC", outcome="risk_increased"
    )
    assert matches(world, child, on) == {}  # the last two: reduced, increased
    world.event(child, "csc.cp_review", after(START, 190), agency="CSC", outcome="risk_unchanged")
    found = matches(world, child, on)
    assert [r["outcome"] for r in found[plan.id.hex].facts["reviews"]] == [
        "risk_increased",
        "risk_unchanged",
    ]
    assert third.id.hex in found[plan.id.hex].evidence
    assert second.id.hex not in found[plan.id.hex].evidence
    assert matches(world, child, on, reviews=3) == {}


def test_reviews_of_an_earlier_plan_do_not_count_nor_one_review(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    world.event(child, "csc.cp_review", date(2023, 6, 1), agency="CSC", outcome="risk_unchanged")
    world.event(child, "csc.cp_plan_started", START, agency="CSC")
    world.event(child, "csc.cp_review", after(START, 90), agency="CSC", outcome="risk_unchanged")
    assert matches(world, child, after(START, 100)) == {}
    assert matches(world, child, after(START, 100), reviews=1) != {}


def test_parameters_change_the_thresholds(world):
    child, plan = child_on_plan(world)
    assert matches(world, child, after(START, 181), open_days=180) != {}
    assert matches(world, child, after(START, 180), open_days=180) == {}


def test_the_explanation_says_each_reason():
    facts = {
        "started_on": "2025-01-01",
        "open_too_long": True,
        "open_days": 365,
        "previous_ended_on": "2024-11-01",
        "reviews": [
            {"occurred_on": "2025-04-01", "outcome": "risk_unchanged"},
            {"occurred_on": "2025-10-01", "outcome": "risk_increased"},
        ],
    }
    assert check("LC13").explain(facts, [], {}) == (
        "The child protection plan has been open since 1 Jan 2025, longer than 365 days. "
        "The child protection plan that started on 1 Jan 2025 came 61 days after the previous "
        "plan ended on 1 Nov 2024. The last 2 reviews of the plan found risk unchanged "
        "(1 Apr 2025) and risk increased (1 Oct 2025)."
    )
