from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import EvidenceEvent, check
from tests.checks.world import single_child

pytestmark = pytest.mark.django_db

INCIDENT = date(2025, 3, 3)
FIRST_DAY = INCIDENT + timedelta(days=8)  # the 7 days after it have passed
DAY_BEFORE = FIRST_DAY - timedelta(days=1)


def incident(world, person, on=INCIDENT, **fields):
    fields.setdefault("agency", "TVP")
    return world.event(person, "police.domestic_abuse_incident", on, **fields)


def test_an_unreferred_incident_fires_on_the_day_after_the_7_days_not_before(world):
    child = world.person("Maisie", born=date(2019, 1, 1))
    report = incident(world, child)
    assert world.fires("LC07", child, on=DAY_BEFORE) is None
    match = world.fires("LC07", child, on=FIRST_DAY)
    assert match is not None
    assert match.key == report.id.hex
    assert match.evidence == (report.id.hex,)
    assert match.raised is False
    assert world.first_fired("LC07", child, INCIDENT, FIRST_DAY + timedelta(days=5)) == FIRST_DAY


@pytest.mark.parametrize(
    ("referred_to", "fires"),
    [
        ([], True),
        (["police", "health"], True),
        (["early_help"], True),
        (["health", "childrens_social_care"], False),
    ],
)
def test_only_a_referral_to_childrens_social_care_counts(world, referred_to, fires):
    child = world.person("Maisie", born=date(2019, 1, 1))
    incident(world, child, referred_to=referred_to)
    assert (world.fires("LC07", child, on=FIRST_DAY) is not None) is fires


@pytest.mark.parametrize(
    ("type", "offset", "fires"),
    [
        ("csc.contact", 0, False),  # the day of the incident is in the window
        ("csc.contact", 7, False),  # the 7th day after it too
        ("csc.referral", 3, False),
        ("csc.contact", 8, True),  # too late
        ("csc.contact", -1, True),  # before it: not a response to it
        ("csc.home_visit", 2, True),  # not a contact or referral
    ],
)
def test_a_contact_or_referral_within_7_days_after_it_prevents_it(world, type, offset, fires):
    child = world.person("Maisie", born=date(2019, 1, 1))
    incident(world, child)
    world.event(child, type, INCIDENT + timedelta(days=offset), agency="CSC")
    assert (world.fires("LC07", child, on=FIRST_DAY + timedelta(days=2)) is not None) is fires


def test_a_contact_recorded_late_is_not_seen_before_it_was_recorded(world):
    child = world.person("Maisie", born=date(2019, 1, 1))
    incident(world, child)
    world.event(
        child, "csc.contact", INCIDENT + timedelta(days=3), agency="CSC", recorded=date(2025, 3, 20)
    )
    assert world.fires("LC07", child, on=date(2025, 3, 19)) is not None
    assert world.fires("LC07", child, on=date(2025, 3, 20)) is None


def test_an_incident_recorded_late_fires_when_it_is_recorded(world):
    child = world.person("Maisie", born=date(2019, 1, 1))
    incident(world, child, recorded=date(2025, 4, 1))
    assert world.first_fired("LC07", child, INCIDENT, date(2025, 4, 10)) == date(2025, 4, 1)


def test_other_police_types_do_not_count_but_the_five_do(world):
    child = world.person("Maisie", born=date(2019, 1, 1))
    world.event(child, "police.violent_offence", INCIDENT, agency="TVP")
    world.event(child, "police.missing_episode", INCIDENT, agency="TVP")
    assert world.matches("LC07", on=FIRST_DAY) == []
    for type in (
        "police.offence_against_child",
        "police.sexual_offence",
        "police.welfare_check",
        "police.exploitation_concern",
    ):
        world.event(child, type, INCIDENT, agency="TVP")
    matches = world.matches("LC07", on=FIRST_DAY)
    assert len({m.key for m in matches}) == 4  # one alert per report


def test_a_report_in_which_the_child_is_only_involved_counts(world):
    child = world.person("Maisie", born=date(2019, 1, 1))
    stranger = world.person("Gary", born=date(1980, 1, 1), sex="M")
    report = incident(world, stranger, involving=[(child, "present")])
    assert world.fires("LC07", child, on=FIRST_DAY).key == report.id.hex


def household(world, moved_in=date(2024, 1, 1)):
    child = world.person("Maisie", born=date(2019, 1, 1))
    mother = world.person("Claire", born=date(1990, 1, 1))
    world.lives_at(child, "OX4 1AA", agency="GP", start=date(2019, 1, 1))
    world.lives_at(mother, "OX4 1AA", agency="TVP", start=moved_in, recorded=moved_in)
    return child, mother


def test_a_report_about_a_household_member_on_the_day_of_it_counts(world):
    child, mother = household(world)
    report = world.event(mother, "police.welfare_check", INCIDENT, agency="TVP")
    match = world.fires("LC07", child, on=FIRST_DAY)
    assert match.key == report.id.hex
    assert match.facts["of_child"] is False
    assert [m.key for m in single_child("LC07", child, FIRST_DAY)] == [report.id.hex]


def test_a_report_from_before_the_adult_joined_the_household_does_not_count(world):
    child, mother = household(world, moved_in=INCIDENT + timedelta(days=1))
    world.event(mother, "police.welfare_check", INCIDENT, agency="TVP")
    assert world.fires("LC07", child, on=FIRST_DAY) is None


def test_a_report_about_someone_outside_the_household_does_not_count(world):
    child, mother = household(world)
    aunt = world.person("Jo", born=date(1985, 1, 1))
    world.lives_at(aunt, "OX4 1AB", agency="TVP")
    world.event(aunt, "police.welfare_check", INCIDENT, agency="TVP")
    assert world.fires("LC07", child, on=FIRST_DAY) is None


def test_the_household_link_must_be_known_by_the_day_evaluated(world):
    child = world.person("Maisie", born=date(2019, 1, 1))
    lodger = world.person("Kev", born=date(1980, 1, 1), sex="M")
    world.relate(
        lodger, "household_member", child, start=date(2024, 1, 1), recorded=date(2025, 5, 1)
    )
    world.event(lodger, "police.domestic_abuse_incident", INCIDENT, agency="TVP")
    assert world.fires("LC07", child, on=date(2025, 4, 30)) is None
    assert world.fires("LC07", child, on=date(2025, 5, 1)) is not None


def test_a_move_out_recorded_later_counts_only_from_when_it_was_recorded(world):
    """On the first day the report stood unanswered she was, by every record then, living
    with the child; that she had moved out the week before became known only later."""
    child, mother = household(world)
    world.event(mother, "police.welfare_check", INCIDENT, agency="TVP")
    moved_known = FIRST_DAY + timedelta(days=20)
    world.lives_at(mother, "OX9 9ZZ", agency="TVP", address="2 Away Road",
                   start=INCIDENT - timedelta(days=7), recorded=moved_known)  # fmt: skip
    assert world.fires("LC07", child, on=FIRST_DAY) is not None
    assert world.first_fired("LC07", child, INCIDENT, moved_known) == FIRST_DAY
    assert world.fires("LC07", child, on=moved_known) is None


def test_the_window_is_a_parameter(world):
    child = world.person("Maisie", born=date(2019, 1, 1))
    incident(world, child)
    world.event(child, "csc.contact", INCIDENT + timedelta(days=5), agency="CSC")
    assert world.fires("LC07", child, on=FIRST_DAY) is None
    assert world.fires("LC07", child, on=FIRST_DAY, window_days=3) is not None
    assert world.fires("LC07", child, on=INCIDENT + timedelta(days=3), window_days=3) is None
    assert world.fires("LC07", child, on=INCIDENT + timedelta(days=4), window_days=3) is not None


def test_the_explanation_names_the_report_and_the_window():
    report = EvidenceEvent(
        id="e1",
        occurred_on=INCIDENT,
        agency="Thames Valley Police",
        type="police.domestic_abuse_incident",
        type_label="Domestic abuse incident",
        summary="Father pushed mother down the stairs",
        explanation="",
        person_name="Claire Test",
        subject_person_id="m",
    )
    text = check("LC07").explain(
        {"window_days": 7, "of_child": False}, [report], {"window_days": 7}
    )
    assert text == (
        "Thames Valley Police recorded a domestic abuse incident on 3 Mar 2025 about Claire "
        "Test, of the child's household: 'Father pushed mother down the stairs'. It was not "
        "referred to children's social care, and children's social care had no contact or "
        "referral for the child in the 7 days after it."
    )
