from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import EvidenceEvent, check
from tests.checks.world import single_child

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def family(world, recorded=date(2000, 1, 1)):
    child = world.person("Noah", born=date(2024, 10, 1), sex="M")
    mother = world.person("Jade", born=date(2000, 1, 1))
    world.relate(mother, "parent", child, recorded=recorded)
    return child, mother


def test_three_in_90_days_fire_two_do_not(world):
    child, mother = family(world)
    world.event(child, "health.was_not_brought", date(2025, 5, 1), agency="GP")
    world.event(child, "csc.no_access_visit", date(2025, 5, 20), agency="CSC")
    world.event(child, "health.gp_appointment", date(2025, 6, 1), agency="GP")  # attended
    assert world.fires("LC12", child, on=DAY) is None
    world.event(child, "education.non_engagement", date(2025, 6, 10), agency="SCH")
    match = world.fires("LC12", child, on=DAY)
    assert match is not None
    assert match.key == ""
    assert len(match.evidence) == 3
    assert match.raised is False
    assert match.facts == {"count": 3, "of_child": 3, "of_parent": 0, "window_days": 90}


@pytest.mark.parametrize(
    "type",
    [
        "housing.non_engagement",
        "adult.non_engagement",
        "police.non_engagement",
        "court.non_engagement",
    ],
)
def test_non_engagement_of_any_domain_counts(world, type):
    child, mother = family(world)
    world.event(child, "health.was_not_brought", date(2025, 5, 1), agency="GP")
    world.event(child, "health.was_not_brought", date(2025, 5, 8), agency="GP")
    world.event(child, type, date(2025, 6, 1), agency="HOUSING")
    assert world.fires("LC12", child, on=DAY) is not None


def test_a_parents_non_engagement_counts_and_someone_elses_does_not(world):
    child, mother = family(world)
    uncle = world.person("Ray", born=date(1980, 1, 1), sex="M")
    world.relate(uncle, "other_relative", child)
    world.event(child, "health.was_not_brought", date(2025, 5, 1), agency="GP")
    world.event(mother, "adult.non_engagement", date(2025, 5, 10), agency="ASC")
    world.event(uncle, "adult.non_engagement", date(2025, 5, 12), agency="ASC")
    assert world.fires("LC12", child, on=DAY) is None
    world.event(mother, "health.non_engagement", date(2025, 6, 2), agency="OHFT")
    match = world.fires("LC12", child, on=DAY)
    assert match.facts["of_child"] == 1 and match.facts["of_parent"] == 2
    assert single_child("LC12", child, DAY)[0].evidence == match.evidence


def test_an_event_of_both_the_child_and_a_parent_counts_once(world):
    child, mother = family(world)
    world.event(
        child,
        "health.was_not_brought",
        date(2025, 5, 1),
        agency="GP",
        involving=[(mother, "parent")],
    )
    world.event(
        child,
        "health.was_not_brought",
        date(2025, 5, 8),
        agency="GP",
        involving=[(mother, "parent")],
    )
    assert world.fires("LC12", child, on=DAY) is None


def test_a_parent_link_recorded_later_is_not_seen_before(world):
    child, mother = family(world, recorded=date(2025, 6, 15))
    world.event(child, "health.was_not_brought", date(2025, 5, 1), agency="GP")
    world.event(mother, "adult.non_engagement", date(2025, 5, 10), agency="ASC")
    world.event(mother, "adult.non_engagement", date(2025, 5, 20), agency="ASC")
    assert world.first_fired("LC12", child, date(2025, 5, 20), DAY) == date(2025, 6, 15)


def test_the_window_is_the_90_days_ending_on_the_day(world):
    child, mother = family(world)
    for day in (DAY - timedelta(days=89), date(2025, 5, 1), DAY):
        world.event(child, "health.was_not_brought", day, agency="GP")
    assert world.fires("LC12", child, on=DAY) is not None
    assert world.fires("LC12", child, on=DAY + timedelta(days=1)) is None


def test_an_event_recorded_later_is_not_seen_before_it_was_recorded(world):
    child, mother = family(world)
    world.event(child, "health.was_not_brought", date(2025, 5, 1), agency="GP")
    world.event(child, "health.was_not_brought", date(2025, 5, 8), agency="GP")
    world.event(
        child, "csc.no_access_visit", date(2025, 5, 15), agency="CSC", recorded=date(2025, 6, 1)
    )
    assert world.first_fired("LC12", child, date(2025, 5, 1), DAY) == date(2025, 6, 1)


def test_parameters_change_the_threshold(world):
    child, mother = family(world)
    world.event(child, "health.was_not_brought", date(2025, 2, 1), agency="GP")  # outside 90 days
    world.event(child, "health.was_not_brought", date(2025, 6, 1), agency="GP")
    world.event(child, "health.was_not_brought", date(2025, 6, 2), agency="GP")
    assert world.fires("LC12", child, on=DAY) is None
    assert world.fires("LC12", child, on=DAY, events=2) is not None
    assert world.fires("LC12", child, on=DAY, window_days=180) is not None


def test_the_explanation_lists_the_events():
    def event(n, day, type, label):
        return EvidenceEvent(
            id=str(n), occurred_on=day, agency="GP surgery", type=type, type_label=label,
            summary="Immunisations", explanation="", person_name="Noah Test", subject_person_id="c",
        )  # fmt: skip

    evidence = [
        event(1, date(2025, 5, 1), "health.was_not_brought", "Was not brought"),
        event(2, date(2025, 5, 8), "health.was_not_brought", "Was not brought"),
    ]
    text = check("LC12").explain(
        {"count": 2, "of_child": 1, "of_parent": 1, "window_days": 90},
        evidence,
        {"window_days": 90},
    )
    assert text == (
        "2 missed appointments, no-access visits or services declined in 90 days (1 of the "
        "child, 1 of a parent): 1 May 2025 (GP surgery, Was not brought: 'Immunisations'); "
        "8 May 2025 (GP surgery, Was not brought: 'Immunisations')."
    )
