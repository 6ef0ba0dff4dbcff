from datetime import date, timedelta

import pytest

from fullpicture.checks import engine
from fullpicture.checks.registry import EvidenceEvent, check
from fullpicture.checks.selectors import neighbourhood
from fullpicture.checks.snapshot import snapshot_load

pytestmark = pytest.mark.django_db

START = date(2025, 3, 3)


def after(day, n):
    return day + timedelta(days=n)


def child_on_plan(world, kind="cp_plan_started", start=START):
    child = world.person("Lily", born=date(2016, 5, 1))
    plan = world.event(child, f"csc.{kind}", start, agency="CSC")
    return child, plan


def one_child_path(code, child, on, **parameters):
    """The match for this child as the page finds it: only the people near the child loaded."""
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, on, [child.id.hex])
        matches = engine.run_checks(snapshot, {code: parameters}, only=[check(code)])
    finally:
        snapshot.close()
    return matches[0] if matches else None


def test_a_child_on_a_plan_never_seen_fires_after_14_days_not_on_the_14th(world):
    child, plan = child_on_plan(world)
    assert world.fires("LC01", child, on=after(START, 14)) is None
    match = world.fires("LC01", child, on=after(START, 15))
    assert match is not None
    assert match.key == ""
    assert match.evidence == (plan.id.hex,)
    assert match.raised is False
    assert match.facts["last_seen_on"] is None


def test_it_fires_as_days_pass_from_the_last_visit_by_childrens_social_care(world):
    child, plan = child_on_plan(world)
    visit = world.event(child, "csc.home_visit", date(2025, 4, 1), agency="CSC", child_seen="seen")
    assert world.fires("LC01", child, on=date(2025, 4, 15)) is None
    match = world.fires("LC01", child, on=date(2025, 4, 16))
    assert match is not None
    assert set(match.evidence) == {plan.id.hex, visit.id.hex}
    assert match.facts["last_seen_on"] == "2025-04-01"


def test_being_seen_by_another_agency_or_not_seen_does_not_count(world):
    child, plan = child_on_plan(world)
    world.event(child, "health.gp_appointment", date(2025, 4, 1), agency="GP", child_seen="seen")
    world.event(child, "csc.home_visit", date(2025, 4, 1), agency="CSC", child_seen="not_seen")
    world.event(child, "csc.no_access_visit", date(2025, 4, 1), agency="CSC")
    match = world.fires("LC01", child, on=date(2025, 4, 16))
    assert match.evidence == (plan.id.hex,)
    # An early help service of the council is children's social care.
    world.event(child, "csc.home_visit", date(2025, 4, 2), agency="EH", child_seen="seen_alone")
    assert world.fires("LC01", child, on=date(2025, 4, 16)) is None


def test_seen_at_an_adults_event_counts_at_another_childs_event_does_not(world):
    child, plan = child_on_plan(world)
    mother = world.person("Sarah", born=date(1990, 1, 1))
    brother = world.person("Sam", born=date(2012, 1, 1))
    world.event(
        brother,
        "csc.home_visit",
        date(2025, 4, 1),
        agency="CSC",
        child_seen="seen",
        involving=[(child, "sibling")],
    )
    assert world.fires("LC01", child, on=date(2025, 4, 16)) is not None
    world.event(
        mother,
        "csc.home_visit",
        date(2025, 4, 1),
        agency="CSC",
        child_seen="seen",
        involving=[(child, "present")],
    )
    assert world.fires("LC01", child, on=date(2025, 4, 15)) is None
    assert world.fires("LC01", child, on=date(2025, 4, 16)) is not None
    # The page's path (only the people near the child loaded) agrees.
    assert one_child_path("LC01", child, date(2025, 4, 15)) is None
    assert one_child_path("LC01", child, date(2025, 4, 16)).evidence == (
        world.fires("LC01", child, on=date(2025, 4, 16)).evidence
    )


def test_child_in_need_waits_28_days_looked_after_42(world):
    child, plan = child_on_plan(world, "cin_plan_started")
    assert world.fires("LC01", child, on=after(START, 28)) is None
    assert world.fires("LC01", child, on=after(START, 29)) is not None

    other = world.person("Kim", born=date(2012, 1, 1))
    world.event(other, "csc.looked_after_started", START, agency="CSC")
    assert world.fires("LC01", other, on=after(START, 42)) is None
    match = world.fires("LC01", other, on=after(START, 43))
    assert match.facts["involvements"][0]["kind"] == "lac"


def test_each_open_involvement_is_measured_against_its_own_standard(world):
    child = world.person("Lily", born=date(2016, 5, 1))
    lac = world.event(child, "csc.looked_after_started", date(2025, 1, 6), agency="CSC")
    visit = world.event(child, "csc.home_visit", date(2025, 2, 3), agency="CSC", child_seen="seen")
    cp = world.event(child, "csc.cp_plan_started", date(2025, 2, 17), agency="CSC")
    assert world.fires("LC01", child, on=date(2025, 3, 3)) is None  # CP day 14, LAC day 28
    match = world.fires("LC01", child, on=date(2025, 3, 4))
    assert set(match.evidence) == {cp.id.hex, visit.id.hex}
    assert [i["kind"] for i in match.facts["involvements"]] == ["cp"]
    # 42 days after the visit the looked after standard is passed too: still one alert.
    both = world.fires("LC01", child, on=date(2025, 3, 18))
    assert both.key == ""
    assert set(both.evidence) == {cp.id.hex, lac.id.hex, visit.id.hex}
    assert sorted(i["kind"] for i in both.facts["involvements"]) == ["cp", "lac"]


def test_an_ended_involvement_or_a_closed_case_is_not_visited(world):
    child, plan = child_on_plan(world)
    world.event(child, "csc.cp_plan_ended", date(2025, 3, 10), agency="CSC")
    assert world.fires("LC01", child, on=date(2025, 6, 1)) is None

    other, _ = child_on_plan(world, "cin_plan_started")
    world.event(other, "csc.assessment_started", START, agency="CSC")  # not a visiting standard
    world.event(other, "csc.case_closed", date(2025, 3, 20), agency="CSC")
    assert world.fires("LC01", other, on=date(2025, 6, 1)) is None


def test_a_visit_recorded_late_is_not_seen_before_it_was_recorded(world):
    child, plan = child_on_plan(world)
    world.event(
        child,
        "csc.home_visit",
        date(2025, 3, 10),
        agency="CSC",
        child_seen="seen",
        recorded=date(2025, 3, 20),
    )
    # Without the visit it fires on 18 March; the visit is known from 20 March and puts the
    # next visit due by 24 March.
    assert world.fires("LC01", child, on=date(2025, 3, 19)) is not None
    assert world.fires("LC01", child, on=date(2025, 3, 20)) is None
    assert world.fires("LC01", child, on=date(2025, 3, 24)) is None
    assert world.fires("LC01", child, on=date(2025, 3, 25)) is not None


def test_replay_puts_the_first_day_after_the_standard(world):
    child, plan = child_on_plan(world)
    assert world.first_fired("LC01", child, START, date(2025, 4, 30)) == after(START, 15)


def test_parameters_change_the_visiting_standard(world):
    child, plan = child_on_plan(world)
    assert world.fires("LC01", child, on=after(START, 11), cp_days=10) is not None
    assert world.fires("LC01", child, on=after(START, 10), cp_days=10) is None


def test_the_explanation_gives_the_dates():
    explain = check("LC01").explain
    visit = EvidenceEvent(
        id="v",
        occurred_on=date(2025, 4, 1),
        agency="Oxfordshire CSC",
        type="csc.home_visit",
        type_label="Home visit",
        summary="",
        explanation="",
        person_name="",
        subject_person_id="",
    )
    facts = {
        "involvements": [
            {"kind": "cp", "started_on": "2025-03-03", "standard_days": 14, "since": "2025-04-01"}
        ],
        "last_seen_on": "2025-04-01",
        "last_seen_id": "v",
    }
    assert explain(facts, [visit], {}) == (
        "Children's social care last recorded seeing the child on 1 Apr 2025 (Oxfordshire CSC, "
        "Home visit). The child protection plan started on 3 Mar 2025 and the visiting standard "
        "is at least every 14 days, so a visit was due by 15 Apr 2025."
    )
