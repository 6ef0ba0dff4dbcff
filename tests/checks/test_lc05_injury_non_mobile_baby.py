from datetime import date

import pytest

from fullpicture.checks.registry import EvidenceEvent, check

pytestmark = pytest.mark.django_db

DAY = date(2025, 9, 30)


def test_an_injury_the_day_before_six_months_fires_on_the_day_does_not(world):
    baby = world.person("Alfie", born=date(2025, 1, 15), sex="M")  # 6 months on 15 July
    world.event(baby, "health.injury", date(2025, 7, 15), explanation="rolled off sofa")
    assert world.fires("LC05", baby, on=DAY) is None
    injury = world.event(baby, "health.injury", date(2025, 7, 14), explanation="rolled off sofa")
    match = world.fires("LC05", baby, on=DAY)
    assert match is not None
    assert match.key == injury.id.hex
    assert match.evidence == (injury.id.hex,)
    assert match.raised is False
    assert check("LC05").severity_for(match.raised) == "high"
    assert match.facts["age_weeks"] == 25


def test_six_calendar_months_from_the_end_of_a_month(world):
    # Born 31 August: 6 calendar months old on 28 February (no 31 February).
    baby = world.person("Alfie", born=date(2024, 8, 31), sex="M")
    world.event(baby, "health.injury", date(2025, 2, 28))
    assert world.fires("LC05", baby, on=DAY) is None
    world.event(baby, "health.injury", date(2025, 2, 27))
    assert world.fires("LC05", baby, on=DAY) is not None


def test_bruising_to_a_non_mobile_child_fires_at_any_age(world):
    child = world.person("Ellie", born=date(2023, 1, 1))
    bruise = world.event(child, "health.bruise_non_mobile", date(2025, 3, 1))
    match = world.fires("LC05", child, on=DAY)
    assert match.key == bruise.id.hex
    assert match.facts["type"] == "health.bruise_non_mobile"
    assert match.facts["age_months"] == 26
    assert check("LC05").explain(match.facts, [], {}) == (
        "Bruising to a non-mobile child was recorded on 1 Mar 2025, the child aged 26 months."
    )


def test_each_bruise_is_its_own_alert(world):
    baby = world.person("Alfie", born=date(2025, 1, 15), sex="M")
    first = world.event(baby, "health.bruise_non_mobile", date(2025, 3, 1))
    second = world.event(baby, "health.bruise_non_mobile", date(2025, 4, 1))
    matches = [m for m in world.matches("LC05", on=DAY) if m.person_id == baby.id.hex]
    assert sorted(m.key for m in matches) == sorted([first.id.hex, second.id.hex])


def test_only_the_childs_own_injuries_count(world):
    baby = world.person("Alfie", born=date(2025, 1, 15), sex="M")
    mother = world.person("Sarah", born=date(1995, 1, 1))
    world.event(mother, "health.injury", date(2025, 3, 1), involving=[(baby, "present")])
    world.event(baby, "health.ed_attendance", date(2025, 3, 1))
    assert world.fires("LC05", baby, on=DAY) is None


def test_an_injury_recorded_later_is_not_seen_before_it_was_recorded(world):
    baby = world.person("Alfie", born=date(2025, 1, 15), sex="M")
    world.event(baby, "health.injury", date(2025, 3, 1), recorded=date(2025, 3, 4))
    assert world.fires("LC05", baby, on=date(2025, 3, 3)) is None
    assert world.first_fired("LC05", baby, date(2025, 2, 1), date(2025, 4, 1)) == date(2025, 3, 4)


def test_the_age_is_a_parameter(world):
    baby = world.person("Alfie", born=date(2025, 1, 15), sex="M")
    world.event(baby, "health.injury", date(2025, 5, 1))
    assert world.fires("LC05", baby, on=DAY) is not None
    assert world.fires("LC05", baby, on=DAY, under_months=3) is None


def test_the_explanation_gives_the_date_and_age():
    event = EvidenceEvent(
        id="e",
        occurred_on=date(2025, 7, 14),
        agency="Oxford University Hospitals",
        type="health.injury",
        type_label="Injury",
        summary="Head injury",
        explanation="rolled off sofa",
        person_name="",
        subject_person_id="",
    )
    facts = {
        "type": "health.injury",
        "occurred_on": "2025-07-14",
        "age_weeks": 25,
        "under_months": 6,
    }
    assert check("LC05").explain(facts, [event], {}) == (
        "An injury on 14 Jul 2025 (Oxford University Hospitals: 'rolled off sofa'), when the "
        "child was aged 25 weeks: under 6 months old."
    )
