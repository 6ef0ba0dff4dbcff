from datetime import date

import pytest

from fullpicture.checks.registry import EvidenceEvent, check

pytestmark = pytest.mark.django_db

DAY = date(2025, 9, 30)


def test_a_positive_toxicology_fires_high_one_alert_each(world):
    child = world.person("Tyler", born=date(2012, 1, 1))
    world.event(child, "health.ed_attendance", date(2025, 3, 1))
    assert world.fires("LC06", child, on=DAY) is None
    first = world.event(child, "health.toxicology_positive", date(2025, 3, 1))
    match = world.fires("LC06", child, on=DAY)
    assert match.key == first.id.hex
    assert match.evidence == (first.id.hex,)
    assert match.raised is False
    assert check("LC06").severity_for(match.raised) == "high"
    second = world.event(child, "health.toxicology_positive", date(2025, 5, 1))
    keys = sorted(m.key for m in world.matches("LC06", on=DAY) if m.person_id == child.id.hex)
    assert keys == sorted([first.id.hex, second.id.hex])


def test_a_parents_result_does_not_fire_for_the_child(world):
    child = world.person("Tyler", born=date(2012, 1, 1))
    mother = world.person("Sarah", born=date(1985, 1, 1))
    world.event(
        mother, "health.toxicology_positive", date(2025, 3, 1), involving=[(child, "present")]
    )
    assert world.fires("LC06", child, on=DAY) is None


def test_a_result_recorded_later_is_not_seen_before_it_was_recorded(world):
    child = world.person("Tyler", born=date(2012, 1, 1))
    world.event(child, "health.toxicology_positive", date(2025, 3, 1), recorded=date(2025, 3, 9))
    assert world.fires("LC06", child, on=date(2025, 3, 8)) is None
    assert world.first_fired("LC06", child, date(2025, 2, 1), date(2025, 4, 1)) == date(2025, 3, 9)


def test_an_adult_is_not_evaluated(world):
    adult = world.person("Tyler", born=date(2006, 1, 1))
    world.event(adult, "health.toxicology_positive", date(2025, 3, 1))
    assert world.fires("LC06", adult, on=DAY) is None  # 18 on 1 Jan 2024


def test_the_explanation_names_the_result():
    event = EvidenceEvent(
        id="e",
        occurred_on=date(2025, 3, 1),
        agency="Oxford University Hospitals",
        type="health.toxicology_positive",
        type_label="Toxicology positive",
        summary="benzodiazepines and opiates",
        explanation="",
        person_name="",
        subject_person_id="",
    )
    assert check("LC06").explain({}, [event], {}) == (
        "A toxicology test of the child was positive: 1 Mar 2025 (Oxford University Hospitals, "
        "Toxicology positive: 'benzodiazepines and opiates')."
    )
