from datetime import date

import pytest

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def test_three_injuries_in_a_year_fire_two_do_not(world):
    child = world.person("Tyler", born=date(2014, 2, 1))
    world.event(child, "health.injury", date(2024, 7, 1), explanation="fell off bike")
    world.event(child, "health.ed_attendance", date(2024, 9, 1))  # not an injury
    world.event(child, "health.injury", date(2025, 1, 12), explanation="walked into door")
    assert world.fires("LC04", child, on=DAY) is None

    world.event(child, "health.injury", date(2025, 6, 1), explanation="fell off bike")
    match = world.fires("LC04", child, on=DAY)
    assert match is not None
    assert len(match.evidence) == 3
    assert match.raised is False


def test_the_window_is_the_365_days_ending_on_the_day_both_ends_included(world):
    child = world.person("Tyler", born=date(2014, 2, 1))
    for day in (date(2024, 7, 1), date(2025, 1, 1), date(2025, 6, 29)):
        world.event(child, "health.injury", day)
    # 2024-07-01 is day 365 counting back from 2025-06-30.
    assert world.fires("LC04", child, on=date(2025, 6, 30)) is not None
    assert world.fires("LC04", child, on=date(2025, 7, 1)) is None


def test_an_inconsistent_explanation_raises_the_severity(world):
    child = world.person("Tyler", born=date(2014, 2, 1))
    for n, day in enumerate((date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1))):
        world.event(child, "health.injury", day, explanation_consistent=(n != 1))
    assert world.fires("LC04", child, on=DAY).raised is True


def test_an_injury_recorded_later_is_not_seen_before_it_was_recorded(world):
    child = world.person("Tyler", born=date(2014, 2, 1))
    world.event(child, "health.injury", date(2025, 1, 1))
    world.event(child, "health.injury", date(2025, 2, 1))
    world.event(child, "health.injury", date(2025, 3, 1), recorded=date(2025, 5, 1))
    assert world.first_fired("LC04", child, date(2025, 1, 1), DAY) == date(2025, 5, 1)


def test_parameters_change_the_threshold(world):
    child = world.person("Tyler", born=date(2014, 2, 1))
    world.event(child, "health.injury", date(2025, 1, 1))
    world.event(child, "health.injury", date(2025, 2, 1))
    assert world.fires("LC04", child, on=DAY, injuries=2) is not None


def test_adults_are_not_evaluated(world):
    adult = world.person("Dean", born=date(1990, 1, 1), sex="M")
    for day in (date(2025, 1, 1), date(2025, 2, 1), date(2025, 3, 1)):
        world.event(adult, "health.injury", day)
    assert world.fires("LC04", adult, on=DAY) is None
