from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import EvidenceEvent, check
from tests.checks.world import single_child

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def child_of(world, born=date(2011, 1, 1)):
    return world.person("Jess", born=born)


def test_two_signs_fire_one_does_not(world):
    child = child_of(world)
    first = world.event(child, "education.sexualised_behaviour", date(2025, 1, 10), agency="SCH")
    world.event(child, "education.disclosure", date(2025, 2, 1), agency="SCH", category="physical")
    assert world.fires("LC20", child, on=DAY) is None
    disclosure = world.event(
        child, "health.disclosure", date(2025, 3, 1), agency="GP", category="sexual"
    )
    match = world.fires("LC20", child, on=DAY)
    assert match is not None
    assert match.key == ""
    assert sorted(match.evidence) == sorted([first.id.hex, disclosure.id.hex])
    assert match.raised is False
    assert match.facts["first"] == "2025-01-10" and match.facts["young_sti"] is False


@pytest.mark.parametrize(("on", "fires"), [(date(2025, 6, 30), True), (date(2025, 7, 1), False)])
def test_one_infection_fires_under_13_not_at_13(world, on, fires):
    child = child_of(world, born=date(2012, 7, 1))
    world.event(child, "health.sexually_transmitted_infection", on, agency="OUH")
    match = world.fires("LC20", child, on=date(2025, 7, 10))
    assert (match is not None) is fires
    if fires:
        assert match.facts["young_sti"] is True


@pytest.mark.parametrize(
    ("offset", "fires"),
    [(-1, True), (0, False), (30, False)],  # before the first sign, on its day, after it
)
def test_a_strategy_discussion_since_the_first_sign_stops_it(world, offset, fires):
    child = child_of(world)
    world.event(child, "education.sexualised_behaviour", date(2025, 1, 10), agency="SCH")
    world.event(child, "education.sexualised_behaviour", date(2025, 3, 10), agency="SCH")
    world.event(
        child, "csc.strategy_discussion", date(2025, 1, 10) + timedelta(days=offset), agency="CSC"
    )
    assert (world.fires("LC20", child, on=DAY) is not None) is fires


def test_a_strategy_discussion_recorded_later_is_not_seen_before(world):
    child = child_of(world)
    world.event(child, "education.sexualised_behaviour", date(2025, 1, 10), agency="SCH")
    world.event(child, "education.sexualised_behaviour", date(2025, 3, 10), agency="SCH")
    world.event(
        child, "csc.strategy_discussion", date(2025, 3, 12), agency="CSC", recorded=date(2025, 4, 1)
    )
    assert world.fires("LC20", child, on=date(2025, 3, 31)) is not None
    assert world.fires("LC20", child, on=date(2025, 4, 1)) is None


def test_a_siblings_disclosure_and_an_offence_against_a_sibling_count(world):
    child = child_of(world)
    brother = world.person("Sam", born=date(2009, 1, 1), sex="M")
    stranger = world.person("Gary", born=date(1970, 1, 1), sex="M")
    world.relate(brother, "half_sibling", child)
    world.event(brother, "police.disclosure", date(2025, 2, 1), agency="TVP", category="sexual")
    assert world.fires("LC20", child, on=DAY) is None
    world.event(
        stranger,
        "police.sexual_offence",
        date(2025, 3, 1),
        agency="TVP",
        involving=[(brother, "victim")],
    )
    match = world.fires("LC20", child, on=DAY)
    assert match is not None and len(match.evidence) == 2
    assert single_child("LC20", child, DAY)[0].evidence == match.evidence


@pytest.mark.parametrize(("role", "fires"), [("victim", True), ("witness", False)])
def test_a_sexual_offence_counts_with_the_child_as_victim(world, role, fires):
    child = child_of(world)
    suspect = world.person("Gary", born=date(1970, 1, 1), sex="M")
    world.event(child, "education.sexualised_behaviour", date(2025, 1, 10), agency="SCH")
    world.event(
        suspect, "police.sexual_offence", date(2025, 3, 1), agency="TVP", involving=[(child, role)]
    )
    assert (world.fires("LC20", child, on=DAY) is not None) is fires


def household(world):
    child = child_of(world)
    lodger = world.person("Kev", born=date(1980, 1, 1), sex="M")
    world.lives_at(child, "OX4 1AA", start=date(2011, 1, 1))
    world.lives_at(
        lodger, "OX4 1AA", agency="TVP", start=date(2024, 1, 1), recorded=date(2024, 1, 1)
    )
    world.event(child, "education.sexualised_behaviour", date(2025, 1, 10), agency="SCH")
    return child, lodger


def test_a_household_adults_marker_counts(world):
    child, lodger = household(world)
    marker = world.event(lodger, "police.risk_to_children_marker", date(2025, 2, 1), agency="TVP")
    match = world.fires("LC20", child, on=DAY)
    assert match is not None and marker.id.hex in match.evidence


def test_a_household_adult_who_was_the_victim_does_not_count(world):
    child, lodger = household(world)
    other = world.person("Lee", born=date(1975, 1, 1), sex="M")
    world.event(
        other,
        "police.sexual_offence",
        date(2025, 2, 1),
        agency="TVP",
        involving=[(lodger, "victim")],
    )
    assert world.fires("LC20", child, on=DAY) is None


def test_an_adult_who_has_moved_out_by_the_day_evaluated_does_not_count(world):
    child, lodger = household(world)
    world.event(lodger, "police.sexual_offence", date(2025, 2, 1), agency="TVP")
    world.lives_at(
        lodger,
        "OX1 1ZZ",
        agency="TVP",
        address="Hostel",
        start=date(2025, 6, 1),
        recorded=date(2025, 6, 1),
    )
    assert world.fires("LC20", child, on=date(2025, 5, 31)) is not None
    assert world.fires("LC20", child, on=date(2025, 6, 1)) is None


def test_the_window_is_the_365_days_ending_on_the_day(world):
    child = child_of(world)
    world.event(child, "education.sexualised_behaviour", DAY - timedelta(days=364), agency="SCH")
    world.event(child, "education.sexualised_behaviour", date(2025, 3, 10), agency="SCH")
    assert world.fires("LC20", child, on=DAY) is not None
    assert world.fires("LC20", child, on=DAY + timedelta(days=1)) is None


def test_parameters_change_the_thresholds(world):
    child = child_of(world, born=date(2012, 1, 1))
    world.event(child, "education.sexualised_behaviour", date(2025, 1, 10), agency="SCH")
    world.event(
        child, "health.sexually_transmitted_infection", date(2025, 3, 10), agency="OUH"
    )  # aged 13
    assert world.fires("LC20", child, on=DAY) is not None
    assert world.fires("LC20", child, on=DAY, indicators=3) is None
    assert world.fires("LC20", child, on=DAY, indicators=3, sti_age=14) is not None


def test_a_sign_recorded_later_is_not_seen_before_it_was_recorded(world):
    child = child_of(world)
    world.event(child, "education.sexualised_behaviour", date(2025, 1, 10), agency="SCH")
    world.event(
        child,
        "education.sexualised_behaviour",
        date(2025, 3, 10),
        agency="SCH",
        recorded=date(2025, 5, 2),
    )
    assert world.first_fired("LC20", child, date(2025, 3, 1), DAY) == date(2025, 5, 2)


def test_the_explanation_names_the_signs_and_the_first_date():
    sign = EvidenceEvent(
        id="e1", occurred_on=date(2025, 3, 10), agency="Oxford University Hospitals",
        type="health.sexually_transmitted_infection", type_label="Sexually transmitted infection",
        summary="Chlamydia", explanation="", person_name="Jess Test", subject_person_id="c",
    )  # fmt: skip
    facts = {
        "count": 1,
        "first": "2025-03-10",
        "young_sti": True,
        "window_days": 365,
        "sti_age": 13,
    }
    assert check("LC20").explain(facts, [sign], check("LC20").defaults) == (
        "A sexually transmitted infection while the child was under 13: 10 Mar 2025 (Oxford "
        "University Hospitals, Sexually transmitted infection: 'Chlamydia'). No strategy "
        "discussion of the child since 10 Mar 2025."
    )
