from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import check
from tests.checks.world import single_child

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def seven_points(world, child):
    """7 points from three agencies."""
    world.event(child, "police.domestic_abuse_incident", date(2024, 9, 1), agency="TVP")  # 2
    world.event(child, "health.injury", date(2024, 11, 1), agency="OUH")  # 2
    world.event(child, "education.safeguarding_concern", date(2025, 1, 10), agency="SCH")  # 2
    world.event(child, "education.unauthorised_absence", date(2025, 3, 1), agency="SCH")  # 1
    world.event(child, "health.gp_appointment", date(2025, 3, 2), agency="GP")  # 0


def test_seven_points_do_not_fire_eight_do(world):
    child = world.person("Ruby", born=date(2016, 1, 1))
    seven_points(world, child)
    assert world.fires("LC14", child, on=DAY) is None
    world.event(child, "health.was_not_brought", date(2025, 5, 1), agency="GP")  # 1
    match = world.fires("LC14", child, on=DAY)
    assert match is not None
    assert match.key == ""
    assert len(match.evidence) == 5
    assert match.raised is False
    assert match.facts == {"points": 8, "events": 5, "agencies": 4, "window_days": 365}


def test_two_agencies_do_not_fire_three_do(world):
    child = world.person("Ruby", born=date(2016, 1, 1))
    for month in (1, 2, 3, 4):
        world.event(
            child, "health.injury", date(2025, month, 1), agency="OUH"
        )  # 8 points, one agency
    world.event(child, "education.suspension", date(2025, 4, 2), agency="SCH")
    assert world.fires("LC14", child, on=DAY) is None
    world.event(child, "housing.poor_conditions", date(2025, 4, 3), agency="HOUSING")
    assert world.fires("LC14", child, on=DAY).facts["agencies"] == 3


@pytest.mark.parametrize(
    ("type", "fires"),
    [
        ("housing.concern_raised", True),  # 2 points in any domain
        ("adult.concern_raised", True),
        ("police.non_engagement", False),  # 1 point
        ("housing.eviction", False),
    ],
)
def test_points_by_type(world, type, fires):
    child = world.person("Ruby", born=date(2016, 1, 1))
    world.event(child, "health.injury", date(2025, 1, 1), agency="OUH")  # 2
    world.event(child, "education.safeguarding_concern", date(2025, 2, 1), agency="SCH")  # 2
    world.event(child, "police.missing_episode", date(2025, 3, 1), agency="TVP")  # 1
    world.event(child, "health.ed_attendance", date(2025, 3, 2), agency="OUH")  # 1
    assert world.fires("LC14", child, on=DAY) is None
    world.event(child, type, date(2025, 4, 1), agency="HOUSING")
    assert (world.fires("LC14", child, on=DAY) is not None) is fires


def test_an_open_involvement_stops_it_and_its_end_lets_it_fire(world):
    child = world.person("Ruby", born=date(2016, 1, 1))
    seven_points(world, child)
    world.event(child, "health.was_not_brought", date(2025, 5, 1), agency="GP")
    world.event(child, "csc.cin_plan_started", date(2025, 5, 10), agency="CSC")
    world.event(child, "csc.cin_plan_ended", date(2025, 6, 20), agency="CSC")
    assert world.fires("LC14", child, on=date(2025, 6, 19)) is None
    assert world.fires("LC14", child, on=date(2025, 6, 20)) is not None


def test_parents_and_household_adults_add_only_their_parental_risk_events(world):
    child = world.person("Ruby", born=date(2016, 1, 1))
    mother = world.person("Toni", born=date(1990, 1, 1))
    partner = world.person("Lee", born=date(1988, 1, 1), sex="M")
    world.relate(mother, "parent", child)
    world.lives_at(child, "OX4 1AA", start=date(2016, 1, 1))
    world.lives_at(
        partner, "OX4 1AA", agency="TVP", start=date(2025, 1, 1), recorded=date(2025, 1, 1)
    )
    world.event(child, "health.injury", date(2024, 9, 1), agency="OUH")  # 2
    world.event(child, "education.safeguarding_concern", date(2024, 10, 1), agency="SCH")  # 2
    world.event(mother, "health.parent_mental_health", date(2024, 11, 1), agency="GP")  # 2
    world.event(mother, "adult.mental_health_contact", date(2024, 11, 2), agency="OHFT")  # 0
    world.event(mother, "health.injury", date(2024, 11, 3), agency="OUH")  # 0: not the child's
    world.event(
        partner, "police.domestic_abuse_incident", date(2024, 12, 1), agency="TVP"
    )  # before he moved in
    assert world.fires("LC14", child, on=DAY) is None
    incident = world.event(
        partner, "police.domestic_abuse_incident", date(2025, 2, 1), agency="TVP"
    )
    match = world.fires("LC14", child, on=DAY)
    assert match.facts == {"points": 8, "events": 4, "agencies": 4, "window_days": 365}
    assert incident.id.hex in match.evidence
    assert single_child("LC14", child, DAY)[0].evidence == match.evidence


def test_an_event_of_the_child_and_a_parent_counts_once(world):
    child = world.person("Ruby", born=date(2016, 1, 1))
    mother = world.person("Toni", born=date(1990, 1, 1))
    world.relate(mother, "parent", child)
    world.event(child, "health.injury", date(2024, 9, 1), agency="OUH")  # 2
    world.event(child, "education.safeguarding_concern", date(2024, 10, 1), agency="SCH")  # 2
    world.event(child, "housing.homelessness", date(2024, 10, 2), agency="HOUSING")  # 2
    world.event(
        child,
        "police.domestic_abuse_incident",
        date(2025, 1, 1),
        agency="TVP",
        involving=[(mother, "victim")],
    )  # 2, once
    assert world.fires("LC14", child, on=DAY).facts["points"] == 8
    assert world.fires("LC14", child, on=DAY, points=9) is None


def test_the_window_is_the_365_days_ending_on_the_day(world):
    child = world.person("Ruby", born=date(2016, 1, 1))
    world.event(child, "health.injury", DAY - timedelta(days=364), agency="OUH")
    world.event(child, "health.injury", date(2025, 1, 1), agency="OUH")
    world.event(child, "education.safeguarding_concern", date(2025, 2, 1), agency="SCH")
    world.event(child, "police.domestic_abuse_incident", date(2025, 3, 1), agency="TVP")
    assert world.fires("LC14", child, on=DAY) is not None
    assert world.fires("LC14", child, on=DAY + timedelta(days=1)) is None


def test_an_event_recorded_later_is_not_seen_before_it_was_recorded(world):
    child = world.person("Ruby", born=date(2016, 1, 1))
    seven_points(world, child)
    world.event(
        child, "health.was_not_brought", date(2025, 5, 1), agency="GP", recorded=date(2025, 6, 10)
    )
    assert world.first_fired("LC14", child, date(2025, 5, 1), DAY) == date(2025, 6, 10)


def test_parameters_change_the_threshold(world):
    child = world.person("Ruby", born=date(2016, 1, 1))
    seven_points(world, child)
    assert world.fires("LC14", child, on=DAY, points=7) is not None
    assert world.fires("LC14", child, on=DAY, points=7, agencies=4) is None
    assert world.fires("LC14", child, on=DAY, points=7, window_days=200) is None


def test_the_explanation_gives_points_events_and_agencies():
    text = check("LC14").explain(
        {"points": 8, "events": 5, "agencies": 4, "window_days": 365}, [], check("LC14").defaults
    )
    assert text == (
        "8 points of concern from 5 events recorded by 4 agencies in 365 days, with no open "
        "involvement of children's social care."
    )
