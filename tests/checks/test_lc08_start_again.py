from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import EvidenceEvent, check

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def matches(world, child, on=DAY, **parameters):
    found = world.matches("LC08", on=on, parameters=parameters)
    return [m for m in found if m.person_id == child.id.hex]


def test_three_closures_in_two_years_fire_two_do_not(world):
    child = world.person("Lily", born=date(2012, 1, 1))
    # 2 July 2023 is day 730 counting back from 30 June 2025 (2024 is a leap year).
    first = world.event(child, "csc.case_closed", date(2023, 7, 2), agency="CSC")
    world.event(child, "csc.case_closed", date(2024, 5, 1), agency="CSC")
    assert matches(world, child) == []
    world.event(child, "csc.case_closed", date(2025, 3, 1), agency="CSC")
    [match] = matches(world, child)
    assert match.key == ""
    assert len(match.evidence) == 3 and first.id.hex in match.evidence
    assert match.facts["count"] == 3
    assert match.raised is False
    assert matches(world, child, on=date(2025, 7, 1)) == []


def test_a_referral_1_to_365_days_after_a_closure_is_a_re_referral(world):
    child = world.person("Lily", born=date(2012, 1, 1))
    closed = world.event(child, "csc.case_closed", date(2024, 3, 1), agency="CSC")
    world.event(child, "csc.referral", date(2024, 3, 1), agency="CSC")  # the same day: not
    world.event(child, "csc.referral", date(2024, 2, 1), agency="CSC")  # before it: not
    world.event(child, "csc.referral", date(2025, 3, 2), agency="CSC")  # 366 days: not
    assert matches(world, child) == []
    late = world.event(child, "csc.referral", date(2025, 3, 1), agency="CSC")  # 365 days
    next_day = world.event(child, "csc.referral", date(2024, 3, 2), agency="CSC")  # 1 day
    found = {m.key: m for m in matches(world, child)}
    assert set(found) == {late.id.hex, next_day.id.hex}
    assert set(found[late.id.hex].evidence) == {closed.id.hex, late.id.hex}
    assert found[late.id.hex].facts["days"] == 365


def test_a_re_referral_rests_on_the_latest_closure_before_it(world):
    child = world.person("Lily", born=date(2012, 1, 1))
    world.event(child, "csc.case_closed", date(2024, 1, 1), agency="CSC")
    latest = world.event(child, "csc.case_closed", date(2024, 6, 1), agency="CSC")
    referral = world.event(child, "csc.referral", date(2024, 9, 1), agency="CSC")
    [match] = matches(world, child)
    assert set(match.evidence) == {latest.id.hex, referral.id.hex}
    assert match.facts["closed_on"] == "2024-06-01"


def test_both_patterns_are_separate_alerts(world):
    child = world.person("Lily", born=date(2012, 1, 1))
    for day in (date(2024, 1, 1), date(2024, 6, 1), date(2025, 1, 1)):
        world.event(child, "csc.case_closed", day, agency="CSC")
    referral = world.event(child, "csc.referral", date(2025, 2, 1), agency="CSC")
    assert sorted(m.key for m in matches(world, child)) == sorted(["", referral.id.hex])


def test_recorded_later_is_not_seen_before_it_was_recorded(world):
    child = world.person("Lily", born=date(2012, 1, 1))
    world.event(
        child, "csc.case_closed", date(2025, 1, 10), agency="CSC", recorded=date(2025, 2, 20)
    )
    world.event(child, "csc.referral", date(2025, 2, 1), agency="CSC")
    assert world.first_fired("LC08", child, date(2025, 1, 1), DAY) == date(2025, 2, 20)


def test_parameters_change_the_thresholds(world):
    child = world.person("Lily", born=date(2012, 1, 1))
    world.event(child, "csc.case_closed", date(2024, 1, 1), agency="CSC")
    world.event(child, "csc.case_closed", date(2024, 6, 1), agency="CSC")
    world.event(child, "csc.referral", date(2024, 6, 1) + timedelta(days=200), agency="CSC")
    assert [m.key for m in matches(world, child, closures=2)][0] == ""
    assert len(matches(world, child)) == 1
    assert matches(world, child, re_referral_days=199) == []


def test_the_explanations_give_the_dates():
    explain = check("LC08").explain
    facts = {
        "pattern": "re_referral",
        "referred_on": "2025-03-01",
        "closed_on": "2024-03-01",
        "days": 365,
    }
    assert explain(facts, [], {}) == (
        "The child was referred to children's social care on 1 Mar 2025, 365 days after the "
        "case was closed on 1 Mar 2024."
    )
    events = [
        EvidenceEvent(
            id=str(n),
            occurred_on=d,
            agency="CSC",
            type="csc.case_closed",
            type_label="Case closed",
            summary="",
            explanation="",
            person_name="",
            subject_person_id="",
        )
        for n, d in enumerate((date(2025, 3, 1), date(2023, 7, 2), date(2024, 5, 1)))
    ]
    assert explain({"pattern": "closures", "count": 3, "window_days": 730}, events, {}) == (
        "Children's social care closed the child's case 3 times in 730 days: 2 Jul 2023, "
        "1 May 2024, 1 Mar 2025."
    )
