from dataclasses import replace
from datetime import date

import pytest

from fullpicture.checks.registry import EvidenceEvent, check

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def matches(world, child, on=DAY, **parameters):
    found = world.matches("LC11", on=on, parameters=parameters)
    return {m.key: m for m in found if m.person_id == child.id.hex}


def pupil(world):
    return world.person("Tyler", born=date(2012, 2, 1), sex="M")


def test_attendance_of_90_percent_fires_above_it_does_not(world):
    child = pupil(world)
    world.event(
        child,
        "education.attendance_report",
        date(2025, 3, 1),
        agency="SCH",
        attendance_percent=90.5,
    )
    world.event(child, "education.attendance_report", date(2025, 4, 1), agency="SCH")  # not given
    assert matches(world, child) == {}
    report = world.event(
        child, "education.attendance_report", date(2025, 5, 1), agency="SCH", attendance_percent=90
    )
    found = matches(world, child)
    assert list(found) == ["attendance"]
    assert found["attendance"].evidence == (report.id.hex,)
    assert found["attendance"].facts["percent"] == 90
    assert found["attendance"].raised is False
    assert matches(world, child, attendance_percent=85) == {}


def test_low_attendance_reports_are_one_alert_whose_evidence_grows(world):
    child = pupil(world)
    autumn = world.event(
        child, "education.attendance_report", date(2024, 12, 1), agency="SCH", attendance_percent=82
    )
    spring = world.event(
        child, "education.attendance_report", date(2025, 4, 1), agency="SCH", attendance_percent=88
    )
    found = matches(world, child)
    assert list(found) == ["attendance"]
    assert found["attendance"].evidence == tuple(sorted((autumn.id.hex, spring.id.hex)))
    facts = found["attendance"].facts
    assert (facts["count"], facts["percent"], facts["lowest"]) == (2, 88, 82)
    assert facts["occurred_on"] == "2025-04-01"


def test_two_school_moves_in_a_year_fire_one_does_not(world):
    child = pupil(world)
    # 1 July 2024 is day 365 counting back from 30 June 2025.
    first = world.event(child, "education.school_move", date(2024, 7, 1), agency="SCH")
    assert matches(world, child) == {}
    second = world.event(child, "education.school_move", date(2025, 1, 6), agency="SCH2")
    found = matches(world, child)
    assert list(found) == [""]
    assert set(found[""].evidence) == {first.id.hex, second.id.hex}
    assert matches(world, child, on=date(2025, 7, 1)) == {}
    assert list(matches(world, child, on=date(2025, 7, 1), school_moves=1)) == [""]


def test_missing_education_and_removal_from_roll_each_fire(world):
    child = pupil(world)
    world.event(child, "education.unauthorised_absence", date(2025, 2, 1), agency="SCH")
    assert matches(world, child) == {}
    missing = world.event(
        child, "education.child_missing_education", date(2025, 3, 1), agency="SCH"
    )
    removed = world.event(child, "education.removed_from_roll", date(2025, 4, 1), agency="SCH")
    assert set(matches(world, child)) == {missing.id.hex, removed.id.hex}


def test_home_education_fires_only_while_an_involvement_is_open(world):
    child = pupil(world)
    home = world.event(child, "education.elective_home_education", date(2025, 2, 1), agency="SCH")
    assert matches(world, child) == {}
    plan = world.event(child, "csc.cin_plan_started", date(2025, 3, 1), agency="CSC")
    world.event(child, "csc.cin_plan_ended", date(2025, 6, 1), agency="CSC")
    assert matches(world, child, on=date(2025, 2, 28)) == {}
    found = matches(world, child, on=date(2025, 5, 31))
    assert set(found[home.id.hex].evidence) == {home.id.hex, plan.id.hex}
    assert matches(world, child, on=date(2025, 6, 1)) == {}


def test_another_childs_education_events_do_not_count(world):
    child = pupil(world)
    sister = world.person("Amy", born=date(2013, 1, 1))
    world.event(
        sister,
        "education.child_missing_education",
        date(2025, 3, 1),
        agency="SCH",
        involving=[(child, "sibling")],
    )
    assert matches(world, child) == {}


def test_recorded_later_is_not_seen_before_it_was_recorded(world):
    child = pupil(world)
    world.event(
        child,
        "education.removed_from_roll",
        date(2025, 3, 1),
        agency="SCH",
        recorded=date(2025, 3, 12),
    )
    assert world.first_fired("LC11", child, date(2025, 3, 1), DAY) == date(2025, 3, 12)


def test_the_explanations_give_the_numbers():
    explain = check("LC11").explain
    report = EvidenceEvent(
        id="r",
        occurred_on=date(2025, 5, 1),
        agency="Cherwell School",
        type="education.attendance_report",
        type_label="Attendance report",
        summary="",
        explanation="",
        person_name="",
        subject_person_id="",
    )
    facts = {"pattern": "attendance", "count": 1, "occurred_on": "2025-05-01", "percent": 87.5}
    assert explain(facts, [report], {}) == (
        "Attendance of 87.5% was reported by Cherwell School on 1 May 2025."
    )
    earlier = replace(report, id="e", occurred_on=date(2024, 12, 1), agency="Larkrise School")
    facts = {
        "pattern": "attendance",
        "count": 2,
        "occurred_on": "2025-05-01",
        "percent": 87.5,
        "lowest": 81,
        "threshold": 90,
    }
    assert explain(facts, [earlier, report], {}) == (
        "Attendance of 90% or less was reported 2 times: most recently 87.5% by Cherwell "
        "School on 1 May 2025; the lowest was 81%."
    )
    facts = {
        "pattern": "home_education",
        "occurred_on": "2025-05-01",
        "involvements": [{"kind": "cp", "started_on": "2025-03-01"}],
    }
    assert explain(facts, [report], {}) == (
        "Elective home education was recorded by Cherwell School on 1 May 2025, while "
        "children's social care is involved (child protection plan open since 1 Mar 2025)."
    )
