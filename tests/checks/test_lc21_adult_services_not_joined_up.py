from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import check
from tests.checks.world import single_child

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def family(world, plan_started=date(2025, 1, 1)):
    child = world.person("Ollie", born=date(2020, 1, 1), sex="M")
    mother = world.person("Gemma", born=date(1995, 1, 1))
    world.relate(mother, "parent", child)
    world.event(child, "csc.cin_plan_started", plan_started, agency="CSC")
    return child, mother


def test_a_parent_in_adult_mental_health_services_and_no_adult_social_care_fires(world):
    child, mother = family(world)
    contact = world.event(mother, "adult.mental_health_contact", date(2025, 3, 1), agency="OHFT")
    match = world.fires("LC21", child, on=DAY)
    assert match is not None
    assert match.key == ""
    assert match.evidence == (contact.id.hex,)
    assert match.raised is False
    assert single_child("LC21", child, DAY)[0].evidence == match.evidence


def test_only_with_an_open_involvement(world):
    child, mother = family(world)
    world.event(mother, "adult.substance_misuse_service", date(2025, 3, 1), agency="ASC")
    world.event(child, "csc.cin_plan_ended", date(2025, 6, 1), agency="CSC")
    assert world.fires("LC21", child, on=date(2025, 5, 31)) is not None
    assert world.fires("LC21", child, on=date(2025, 6, 1)) is None


@pytest.mark.parametrize(("days_before", "fires"), [(179, False), (180, True)])
def test_an_adult_social_care_event_of_the_child_in_180_days_stops_it(world, days_before, fires):
    child, mother = family(world)
    world.event(mother, "adult.mental_health_contact", date(2025, 3, 1), agency="OHFT")
    # An adult social care assessment of the mother in which the child is named.
    world.event(
        mother, "adult.social_care_assessment", DAY - timedelta(days=days_before), agency="ASC",
        involving=[(child, "present")],
    )  # fmt: skip
    assert (world.fires("LC21", child, on=DAY) is not None) is fires


def test_adult_social_care_about_the_parent_alone_does_not_join_them_up(world):
    child, mother = family(world)
    world.event(mother, "adult.mental_health_contact", date(2025, 3, 1), agency="OHFT")
    world.event(mother, "adult.social_care_assessment", date(2025, 5, 1), agency="ASC")
    assert world.fires("LC21", child, on=DAY) is not None


def test_a_carer_counts_and_another_relative_does_not(world):
    child = world.person("Ollie", born=date(2020, 1, 1), sex="M")
    world.event(child, "csc.assessment_started", date(2025, 5, 1), agency="CSC")
    uncle = world.person("Ray", born=date(1980, 1, 1), sex="M")
    nan = world.person("Pat", born=date(1960, 1, 1))
    world.relate(uncle, "other_relative", child)
    world.event(uncle, "adult.substance_misuse_service", date(2025, 3, 1), agency="ASC")
    assert world.fires("LC21", child, on=DAY) is None
    world.relate(nan, "carer", child, start=date(2024, 1, 1))
    world.event(nan, "adult.mental_health_contact", date(2025, 4, 1), agency="OHFT")
    assert world.fires("LC21", child, on=DAY).facts["adults"] == 1


def test_the_adult_service_event_must_be_in_the_365_days(world):
    child, mother = family(world, plan_started=date(2024, 1, 1))
    world.event(mother, "adult.mental_health_contact", DAY - timedelta(days=364), agency="OHFT")
    assert world.fires("LC21", child, on=DAY) is not None
    assert world.fires("LC21", child, on=DAY + timedelta(days=1)) is None


def test_recorded_later_is_not_seen_before_it_was_recorded(world):
    child, mother = family(world)
    world.event(
        mother,
        "adult.mental_health_contact",
        date(2025, 3, 1),
        agency="OHFT",
        recorded=date(2025, 4, 15),
    )
    assert world.first_fired("LC21", child, date(2025, 3, 1), date(2025, 5, 1)) == date(2025, 4, 15)


def test_parameters_change_the_windows(world):
    child, mother = family(world)
    world.event(mother, "adult.mental_health_contact", date(2025, 3, 1), agency="OHFT")
    world.event(
        child, "adult.social_care_assessment", date(2025, 2, 1), agency="ASC"
    )  # 149 days ago
    assert world.fires("LC21", child, on=DAY) is None
    assert world.fires("LC21", child, on=DAY, adult_social_care_days=149) is not None
    assert world.fires("LC21", child, on=DAY, adult_social_care_days=149, window_days=90) is None


def test_the_explanation():
    text = check("LC21").explain(
        {"adults": 2, "window_days": 365, "adult_social_care_days": 180}, [], check("LC21").defaults
    )
    assert text == (
        "2 parents or carers had adult mental health or substance misuse services in the last "
        "365 days. The child has an open involvement with children's social care, and nothing "
        "from adult social care is among the child's events in the last 180 days."
    )
