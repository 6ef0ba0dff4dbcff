from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import check
from tests.checks.world import single_child

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def family(world):
    child = world.person("Ollie", born=date(2020, 1, 1), sex="M")
    mother = world.person("Gemma", born=date(1995, 1, 1))
    world.relate(mother, "parent", child)
    return child, mother


def test_two_kinds_of_parental_risk_fire_one_kind_does_not(world):
    child, mother = family(world)
    world.event(mother, "health.parent_mental_health", date(2024, 5, 1), agency="GP")
    world.event(mother, "adult.mental_health_contact", date(2024, 9, 1), agency="OHFT")
    assert world.fires("LC10", child, on=DAY) is None  # two events, one kind
    drink = world.event(mother, "adult.substance_misuse_service", date(2025, 2, 1), agency="ASC")
    match = world.fires("LC10", child, on=DAY)
    assert match is not None
    assert match.key == ""
    assert len(match.evidence) == 3 and drink.id.hex in match.evidence
    assert match.raised is False
    assert match.facts["categories"] == ["mental_health", "substance_misuse"]


def test_all_three_raise_the_severity(world):
    child, mother = family(world)
    world.event(mother, "health.parent_mental_health", date(2024, 5, 1), agency="GP")
    world.event(mother, "health.parent_substance_misuse", date(2024, 9, 1), agency="GP")
    assert world.fires("LC10", child, on=DAY).raised is False
    # The mother is the victim in an incident recorded on the child.
    world.event(
        child,
        "police.domestic_abuse_incident",
        date(2025, 1, 1),
        agency="TVP",
        involving=[(mother, "victim")],
    )
    match = world.fires("LC10", child, on=DAY)
    assert match.raised is True
    assert match.facts["domestic_abuse"] == 1


def test_the_window_is_the_730_days_ending_on_the_day(world):
    child, mother = family(world)
    world.event(mother, "health.parent_mental_health", DAY - timedelta(days=729), agency="GP")
    world.event(mother, "health.parent_substance_misuse", DAY, agency="GP")
    assert world.fires("LC10", child, on=DAY) is not None
    assert world.fires("LC10", child, on=DAY + timedelta(days=1)) is None


def test_a_parent_counts_wherever_they_live_but_not_once_the_link_has_ended(world):
    child = world.person("Ollie", born=date(2020, 1, 1), sex="M")
    father = world.person("Lee", born=date(1990, 1, 1), sex="M")
    world.lives_at(child, "OX4 1AA")
    world.lives_at(father, "OX1 9ZZ", address="9 Elsewhere Road")
    link = world.relate(father, "parent", child)
    world.event(father, "adult.mental_health_contact", date(2024, 5, 1), agency="OHFT")
    world.event(father, "health.parent_substance_misuse", date(2024, 9, 1), agency="GP")
    assert world.fires("LC10", child, on=DAY) is not None
    link.to_date = date(2025, 6, 1)
    link.save()
    assert world.fires("LC10", child, on=DAY) is None


def household(world, moved_in):
    child = world.person("Ollie", born=date(2020, 1, 1), sex="M")
    partner = world.person("Dean", born=date(1990, 1, 1), sex="M")
    world.lives_at(child, "OX4 1AA", start=date(2020, 1, 1))
    world.lives_at(partner, "OX4 1AA", agency="TVP", start=moved_in, recorded=moved_in)
    return child, partner


def test_a_household_adult_counts_for_events_while_they_lived_with_the_child(world):
    child, partner = household(world, moved_in=date(2024, 6, 1))
    world.event(partner, "health.parent_substance_misuse", date(2024, 5, 31), agency="GP")  # before
    world.event(partner, "adult.mental_health_contact", date(2024, 7, 1), agency="OHFT")
    assert world.fires("LC10", child, on=DAY) is None
    world.event(partner, "adult.substance_misuse_service", date(2024, 8, 1), agency="ASC")
    match = world.fires("LC10", child, on=DAY)
    assert match is not None and len(match.evidence) == 2
    assert single_child("LC10", child, DAY)[0].evidence == match.evidence


def test_a_household_member_under_18_on_the_day_of_the_event_is_not_an_adult(world):
    child = world.person("Ollie", born=date(2020, 1, 1), sex="M")
    brother = world.person("Kai", born=date(2006, 9, 1), sex="M")
    world.lives_at(child, "OX4 1AA")
    world.lives_at(brother, "OX4 1AA")
    world.event(brother, "adult.mental_health_contact", date(2024, 8, 31), agency="OHFT")  # 17
    world.event(brother, "adult.substance_misuse_service", date(2024, 8, 31), agency="ASC")
    assert world.fires("LC10", child, on=DAY) is None
    world.event(brother, "adult.substance_misuse_service", date(2024, 9, 1), agency="ASC")  # 18
    assert world.fires("LC10", child, on=DAY) is None  # one kind as an adult
    world.event(brother, "adult.mental_health_contact", date(2024, 9, 2), agency="OHFT")
    assert world.fires("LC10", child, on=DAY) is not None


def test_someone_neither_parent_nor_in_the_household_does_not_count(world):
    child = world.person("Ollie", born=date(2020, 1, 1), sex="M")
    uncle = world.person("Ray", born=date(1980, 1, 1), sex="M")
    world.relate(uncle, "other_relative", child)
    world.event(uncle, "adult.mental_health_contact", date(2024, 7, 1), agency="OHFT")
    world.event(uncle, "adult.substance_misuse_service", date(2024, 8, 1), agency="ASC")
    assert world.fires("LC10", child, on=DAY) is None


def test_an_event_recorded_later_is_not_seen_before_it_was_recorded(world):
    child, mother = family(world)
    world.event(mother, "health.parent_mental_health", date(2025, 1, 1), agency="GP")
    world.event(
        mother,
        "health.parent_substance_misuse",
        date(2025, 2, 1),
        agency="GP",
        recorded=date(2025, 4, 1),
    )
    assert world.first_fired("LC10", child, date(2025, 1, 1), DAY) == date(2025, 4, 1)


def test_parameters_change_the_threshold(world):
    child, mother = family(world)
    world.event(mother, "health.parent_mental_health", date(2023, 9, 1), agency="GP")
    world.event(mother, "health.parent_substance_misuse", date(2025, 2, 1), agency="GP")
    assert world.fires("LC10", child, on=DAY) is not None
    assert world.fires("LC10", child, on=DAY, categories=3) is None
    assert world.fires("LC10", child, on=DAY, window_days=365) is None


def test_the_explanation_gives_the_counts_and_dates():
    text = check("LC10").explain(
        {
            "categories": ["mental_health", "substance_misuse"],
            "first": "2024-05-01",
            "last": "2025-02-01",
            "domestic_abuse": 0,
            "mental_health": 2,
            "substance_misuse": 1,
        },
        [],
        check("LC10").defaults,
    )
    assert text == (
        "The child's parents and household adults have events of 2 parental risks between "
        "1 May 2024 and 1 Feb 2025: mental ill health (2 events) and substance or alcohol "
        "misuse (1 event)."
    )
