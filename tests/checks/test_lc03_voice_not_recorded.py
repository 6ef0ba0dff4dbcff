from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import EvidenceEvent, check

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def contacts(world, child, voices, first=date(2025, 5, 1), **fields):
    """One contact a week where the child was seen, with these voices ('' = not recorded)."""
    made = []
    for n, voice in enumerate(voices):
        fields.setdefault("agency", "CSC")
        made.append(
            world.event(
                child,
                "csc.home_visit",
                first + timedelta(days=7 * n),
                child_seen="seen",
                child_voice=voice,
                **fields,
            )
        )
    return made


def test_three_contacts_two_without_the_voice_fire_two_contacts_do_not(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    a, b = contacts(world, child, ["", ""])
    assert world.fires("LC03", child, on=DAY) is None
    contacts(world, child, ["Said she likes school"], first=date(2025, 6, 1))
    match = world.fires("LC03", child, on=DAY)
    assert match is not None
    assert match.key == ""
    assert set(match.evidence) == {a.id.hex, b.id.hex}
    assert match.facts == {"seen": 3, "empty": 2, "window_days": 90}
    assert match.raised is False


def test_exactly_half_fires_less_than_half_does_not(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    contacts(world, child, ["", "happy", "", "scared of Dean"])
    assert world.fires("LC03", child, on=DAY).facts["empty"] == 2
    other = world.person("Kim", born=date(2014, 2, 1))
    contacts(world, other, ["", "happy", "wants to see dad", "scared of Dean", ""])
    assert world.fires("LC03", other, on=DAY) is None  # 2 of 5


def test_only_contacts_where_the_child_was_seen_count_by_any_agency(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    contacts(world, child, ["", ""], agency="GP")
    world.event(child, "csc.no_access_visit", date(2025, 6, 1), agency="CSC", child_seen="not_seen")
    world.event(child, "csc.contact", date(2025, 6, 2), agency="CSC")
    assert world.fires("LC03", child, on=DAY) is None
    world.event(
        child,
        "education.safeguarding_concern",
        date(2025, 6, 3),
        agency="SCH",
        child_seen="seen_alone",
    )
    assert world.fires("LC03", child, on=DAY).facts["seen"] == 3


def test_the_window_is_the_90_days_ending_on_the_day(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    # 2 April is day 90 counting back from 30 June.
    world.event(child, "csc.home_visit", date(2025, 4, 2), agency="CSC", child_seen="seen")
    contacts(world, child, ["", ""], first=date(2025, 6, 1))
    assert world.fires("LC03", child, on=date(2025, 6, 30)) is not None
    assert world.fires("LC03", child, on=date(2025, 7, 1)) is None


def test_a_contact_recorded_late_is_not_seen_before_it_was_recorded(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    contacts(world, child, ["", "fine"], first=date(2025, 5, 1))
    world.event(
        child,
        "csc.home_visit",
        date(2025, 5, 20),
        agency="CSC",
        child_seen="seen",
        recorded=date(2025, 6, 10),
    )
    assert world.first_fired("LC03", child, date(2025, 5, 1), DAY) == date(2025, 6, 10)


def test_parameters_change_the_threshold(world):
    child = world.person("Lily", born=date(2014, 2, 1))
    contacts(world, child, ["", "happy", "bored", "fine"])
    assert world.fires("LC03", child, on=DAY) is None
    assert world.fires("LC03", child, on=DAY, empty_percent=25) is not None
    assert world.fires("LC03", child, on=DAY, empty_percent=25, seen_events=5) is None


def test_the_explanation_lists_the_contacts_without_the_voice():
    visit = EvidenceEvent(
        id="v",
        occurred_on=date(2025, 5, 1),
        agency="Oxfordshire CSC",
        type="csc.home_visit",
        type_label="Home visit",
        summary="Visit at home",
        explanation="",
        person_name="",
        subject_person_id="",
    )
    text = check("LC03").explain({"seen": 3, "empty": 2, "window_days": 90}, [visit], {})
    assert text == (
        "The child was seen at 3 contacts in 90 days, and 2 of them record nothing of the "
        "child's voice: 1 May 2025 (Oxfordshire CSC, Home visit: 'Visit at home')."
    )
