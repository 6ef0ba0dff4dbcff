from datetime import date, timedelta

import pytest

from fullpicture.checks.registry import check
from tests.checks.world import single_child

pytestmark = pytest.mark.django_db

STARTED = date(2025, 6, 1)
FIRST_DAY = STARTED + timedelta(days=14)


def family(world, kind="sibling"):
    """Harvey (8) and his sister Ruby (3), living together."""
    child = world.person("Harvey", born=date(2017, 1, 1), sex="M")
    sister = world.person("Ruby", born=date(2022, 1, 1))
    world.relate(sister, kind, child)
    world.lives_at(child, "OX4 1AA", agency="SCH", start=date(2022, 1, 1))
    world.lives_at(sister, "OX4 1AA", agency="GP", start=date(2022, 1, 1))
    return child, sister


def test_fires_14_days_after_the_siblings_assessment_not_before(world):
    child, sister = family(world)
    started = world.event(sister, "csc.assessment_started", STARTED, agency="CSC")
    assert world.fires("LC15", child, on=FIRST_DAY - timedelta(days=1)) is None
    match = world.fires("LC15", child, on=FIRST_DAY)
    assert match is not None
    assert match.key == ""
    assert match.evidence == (started.id.hex,)
    assert match.raised is False
    assert world.first_fired("LC15", child, STARTED, FIRST_DAY + timedelta(days=3)) == FIRST_DAY
    assert [m.evidence for m in single_child("LC15", child, FIRST_DAY)] == [match.evidence]
    assert world.fires("LC15", sister, on=FIRST_DAY) is None  # she was assessed


@pytest.mark.parametrize(
    ("type", "fires"),
    [
        ("csc.section_47_started", True),
        ("csc.referral", False),
    ],
)
def test_the_siblings_events_that_count(world, type, fires):
    child, sister = family(world)
    world.event(sister, type, STARTED, agency="CSC")
    assert (world.fires("LC15", child, on=FIRST_DAY) is not None) is fires


def test_a_half_sibling_counts_and_a_cousin_in_the_household_does_not(world):
    child, sister = family(world, kind="half_sibling")
    cousin = world.person("Tia", born=date(2018, 1, 1))
    world.relate(cousin, "other_relative", child)
    world.lives_at(cousin, "OX4 1AA", agency="GP")
    world.event(cousin, "csc.assessment_started", STARTED, agency="CSC")
    assert world.fires("LC15", child, on=FIRST_DAY) is None
    world.event(sister, "csc.assessment_started", STARTED, agency="CSC")
    assert world.fires("LC15", child, on=FIRST_DAY) is not None


def test_the_sibling_must_live_with_the_child_on_the_day_evaluated(world):
    child = world.person("Harvey", born=date(2017, 1, 1), sex="M")
    brother = world.person("Callum", born=date(2012, 1, 1), sex="M")
    world.relate(brother, "sibling", child)
    world.lives_at(child, "OX4 1AA", agency="SCH", start=date(2017, 1, 1))
    world.lives_at(brother, "OX4 1AA", agency="GP", start=date(2017, 1, 1))
    world.lives_at(
        brother, "OX1 2BB", agency="GP", address="Foster home",
        start=FIRST_DAY + timedelta(days=5), recorded=FIRST_DAY + timedelta(days=5),
    )  # fmt: skip
    world.event(brother, "csc.cp_plan_started", STARTED, agency="CSC")
    assert world.fires("LC15", child, on=FIRST_DAY + timedelta(days=4)) is not None
    assert world.fires("LC15", child, on=FIRST_DAY + timedelta(days=5)) is None  # moved out


def test_a_sibling_living_elsewhere_does_not_count(world):
    child = world.person("Harvey", born=date(2017, 1, 1), sex="M")
    brother = world.person("Callum", born=date(2005, 1, 1), sex="M")
    world.relate(brother, "sibling", child)
    world.lives_at(child, "OX4 1AA", agency="SCH")
    world.lives_at(brother, "OX4 1AA", agency="GP", address="3 Other Street")
    world.event(brother, "csc.assessment_started", STARTED, agency="CSC")
    assert world.fires("LC15", child, on=FIRST_DAY) is None


@pytest.mark.parametrize(
    ("own", "days_before", "fires"),
    [
        ("csc.assessment_started", 364, False),  # in the same 365 days
        ("csc.assessment_started", 365, True),  # before them
        ("csc.contact", 10, True),  # a contact is not an assessment
    ],
)
def test_the_childs_own_assessment_in_the_same_365_days_stops_it(world, own, days_before, fires):
    child, sister = family(world)
    world.event(sister, "csc.assessment_started", STARTED, agency="CSC")
    world.event(child, own, FIRST_DAY - timedelta(days=days_before), agency="CSC")
    world.event(
        child, "csc.assessment_completed", FIRST_DAY - timedelta(days=days_before), agency="CSC"
    )
    assert (world.fires("LC15", child, on=FIRST_DAY) is not None) is fires


def test_being_named_in_the_siblings_assessment_counts_as_the_childs_own(world):
    # A child's events include those in which the child is involved (learning-checks.md).
    child, sister = family(world)
    world.event(
        sister, "csc.assessment_started", STARTED, agency="CSC", involving=[(child, "sibling")]
    )
    world.event(
        sister,
        "csc.assessment_completed",
        STARTED + timedelta(days=5),
        agency="CSC",
        involving=[(child, "sibling")],
    )
    assert world.fires("LC15", child, on=FIRST_DAY) is None


def test_an_open_involvement_of_the_child_stops_it(world):
    child, sister = family(world)
    world.event(sister, "csc.cp_plan_started", STARTED, agency="CSC")
    world.event(child, "csc.cin_plan_started", date(2023, 1, 1), agency="CSC")
    world.event(child, "csc.cin_plan_ended", FIRST_DAY + timedelta(days=2), agency="CSC")
    assert world.fires("LC15", child, on=FIRST_DAY + timedelta(days=1)) is None
    assert world.fires("LC15", child, on=FIRST_DAY + timedelta(days=2)) is not None


def test_the_siblings_event_must_be_in_the_365_days(world):
    child, sister = family(world)
    world.event(sister, "csc.assessment_started", STARTED, agency="CSC")
    last = STARTED + timedelta(days=364)
    assert world.fires("LC15", child, on=last) is not None
    assert world.fires("LC15", child, on=last + timedelta(days=1)) is None


def test_two_siblings_make_one_alert_and_a_late_record_is_not_seen_before(world):
    child, sister = family(world)
    brother = world.person("Callum", born=date(2012, 1, 1), sex="M")
    world.relate(brother, "sibling", child)
    world.lives_at(brother, "OX4 1AA", agency="GP")
    world.event(sister, "csc.assessment_started", STARTED, agency="CSC", recorded=date(2025, 7, 1))
    world.event(brother, "csc.assessment_started", STARTED, agency="CSC")
    assert world.fires("LC15", child, on=FIRST_DAY).facts["siblings"] == 1
    matches = world.matches("LC15", on=date(2025, 7, 1))
    assert [
        (m.key, len(m.evidence), m.facts["siblings"])
        for m in matches
        if m.person_id == child.id.hex
    ] == [("", 2, 2)]


def test_parameters_change_the_wait_and_the_window(world):
    child, sister = family(world)
    world.event(sister, "csc.assessment_started", STARTED, agency="CSC")
    assert world.fires("LC15", child, on=STARTED, wait_days=0) is not None
    assert world.fires("LC15", child, on=date(2025, 9, 1), window_days=90) is None
    assert world.fires("LC15", child, on=date(2025, 8, 29), window_days=90) is not None


def test_the_explanation():
    text = check("LC15").explain(
        {"siblings": 1, "window_days": 365, "wait_days": 14}, [], check("LC15").defaults
    )
    assert text == (
        "A sibling living with the child had an assessment, a section 47 enquiry or a child "
        "protection plan started in the last 365 days. The child has had none of these and has "
        "no open involvement."
    )
