"""Row-level rules of agency extract format v1: every problem as `file:line: column: problem (value)`."""

from __future__ import annotations

import csv
import io
from datetime import date, time, timedelta
from decimal import Decimal

import pytest

from fullpicture.ingest.extract import EVENTS, PEOPLE, RELATIONSHIPS, extract_validate
from tests.ingest.conftest import EVENT_TYPES, TODAY, texts

PERSON = {"local_id": "C1", "given_name": "Kayleigh", "family_name": "Smith"}
RELATIVE = {"local_id": "M1", "given_name": "Donna", "family_name": "Smith"}
LINK = {"from_local_id": "M1", "relationship": "parent", "to_local_id": "C1"}
EVENT = {
    "source_ref": "E1",
    "occurred_on": "2025-01-10",
    "event_type": "health.injury",
    "subject_local_id": "C1",
    "summary": "Bruising",
}
TOMORROW = (TODAY + timedelta(days=1)).isoformat()


def csv_text(rows: list[dict[str, str]]) -> str:
    columns: list[str] = []
    for row in rows:
        columns += [c for c in row if c not in columns]
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, restval="", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def validate(people=None, relationships=None, events=None):
    return extract_validate(
        texts(
            people=csv_text(people or [PERSON, RELATIVE]),
            relationships=csv_text(relationships or [LINK]),
            events=csv_text(events or [EVENT]),
        ),
        source_name="test",
        today=TODAY,
        event_types=EVENT_TYPES,
    )


def problems(extract) -> list[str]:
    return [str(p) for p in extract.problems]


PERSON_CASES = [
    ({"local_id": ""}, ["people.csv:4: local_id: is required"]),
    (
        {"given_name": "", "family_name": ""},
        ["people.csv:4: given_name: given_name and family_name cannot both be empty"],
    ),
    (
        {"birth_date": "02/03/2018"},
        ["people.csv:4: birth_date: not a date in the form YYYY-MM-DD (02/03/2018)"],
    ),
    ({"birth_date": "2018-02-30"}, ["people.csv:4: birth_date: not a real date (2018-02-30)"]),
    ({"birth_date": TOMORROW}, [f"people.csv:4: birth_date: is in the future ({TOMORROW})"]),
    (
        {"birth_date_approximate": "maybe"},
        ["people.csv:4: birth_date_approximate: must be yes or no (maybe)"],
    ),
    ({"sex": "female"}, ["people.csv:4: sex: not a known sex (F, M or U) (female)"]),
    (
        {"nhs_number": "9990000019"},
        ["people.csv:4: nhs_number: this NHS number fails its check digit (9990000019)"],
    ),
    (
        {"nhs_number": "99900000"},
        [
            "people.csv:4: nhs_number: an NHS number is 10 digits, optionally spaced 3 3 4 (99900000)"
        ],
    ),
    ({"upn": "A12345678901"}, ["people.csv:4: upn: a UPN is 13 characters (A12345678901)"]),
    ({"postcode": "75001"}, ["people.csv:4: postcode: not a UK postcode (75001)"]),
    (
        {"address_from": "2025-1-1"},
        ["people.csv:4: address_from: not a date in the form YYYY-MM-DD (2025-1-1)"],
    ),
    (
        {"birth_date": "2018-03-02", "deceased_on": "2017-01-01"},
        ["people.csv:4: deceased_on: is before the date of birth (2017-01-01)"],
    ),
    ({"recorded_on": TOMORROW}, [f"people.csv:4: recorded_on: is in the future ({TOMORROW})"]),
]


@pytest.mark.parametrize(("cells", "expected"), PERSON_CASES)
def test_person_rules(cells, expected):
    # The bad row is a third person, so that the other files still refer to good rows.
    third = {"local_id": "B1", "given_name": "Bad", "family_name": "Row", **cells}
    assert problems(validate(people=[PERSON, RELATIVE, third])) == expected


def test_the_same_local_id_twice_in_people():
    extract = validate(people=[PERSON, RELATIVE, {**PERSON, "given_name": "Kay"}])
    assert problems(extract) == ["people.csv:4: local_id: appears twice in the file (C1)"]


def test_one_name_may_be_empty():
    extract = validate(people=[{**PERSON, "family_name": ""}, {**RELATIVE, "given_name": ""}])
    assert extract.is_valid, problems(extract)


RELATIONSHIP_CASES = [
    (
        {"relationship": "uncle"},
        ["relationships.csv:2: relationship: not a known relationship (uncle)"],
    ),
    ({"relationship": ""}, ["relationships.csv:2: relationship: is required"]),
    (
        {"to_local_id": "X9"},
        ["relationships.csv:2: to_local_id: no person with this local_id in people.csv (X9)"],
    ),
    ({"from_local_id": ""}, ["relationships.csv:2: from_local_id: is required"]),
    (
        {"to_local_id": "M1"},
        ["relationships.csv:2: to_local_id: a person cannot be related to themselves (M1)"],
    ),
    (
        {"from_date": "2020-05-01", "to_date": "2019-01-01"},
        ["relationships.csv:2: to_date: is before from_date (2019-01-01)"],
    ),
    ({"from_date": TOMORROW}, [f"relationships.csv:2: from_date: is in the future ({TOMORROW})"]),
    (
        {"parental_responsibility": "sometimes"},
        ["relationships.csv:2: parental_responsibility: must be yes or no (sometimes)"],
    ),
    (
        {"relationship": "sibling", "parental_responsibility": "yes"},
        ["relationships.csv:2: parental_responsibility: only for parent and step_parent (yes)"],
    ),
]


@pytest.mark.parametrize(("cells", "expected"), RELATIONSHIP_CASES)
def test_relationship_rules(cells, expected):
    assert problems(validate(relationships=[{**LINK, **cells}])) == expected


def test_symmetric_relationships_have_one_key_whichever_way_round():
    extract = validate(
        relationships=[
            {"from_local_id": "C1", "relationship": "sibling", "to_local_id": "M1"},
            {"from_local_id": "M1", "relationship": "parent", "to_local_id": "C1"},
        ]
    )
    sibling, parent = extract.relationships
    assert sibling.key == "C1|sibling|M1|"
    forward = validate(
        relationships=[{"from_local_id": "M1", "relationship": "sibling", "to_local_id": "C1"}]
    )
    assert forward.relationships[0].key == sibling.key
    assert parent.key == "M1|parent|C1|"


EVENT_CASES = [
    (
        {"event_type": "health.nonsense"},
        ["events.csv:2: event_type: not a known event type (health.nonsense)"],
    ),
    ({"event_type": ""}, ["events.csv:2: event_type: is required"]),
    ({"summary": ""}, ["events.csv:2: summary: is required"]),
    ({"source_ref": ""}, ["events.csv:2: source_ref: is required"]),
    ({"occurred_on": TOMORROW}, [f"events.csv:2: occurred_on: is in the future ({TOMORROW})"]),
    ({"occurred_on": ""}, ["events.csv:2: occurred_on: is required"]),
    (
        {"occurred_time": "25:00"},
        ["events.csv:2: occurred_time: not a time in the form HH:MM (24-hour) (25:00)"],
    ),
    (
        {"recorded_on": "2025-01-09"},
        ["events.csv:2: recorded_on: is before occurred_on (2025-01-09)"],
    ),
    (
        {"subject_local_id": "X9"},
        ["events.csv:2: subject_local_id: no person with this local_id in people.csv (X9)"],
    ),
    (
        {"involved": "X9:parent"},
        ["events.csv:2: involved: no person with local_id 'X9' in people.csv (X9:parent)"],
    ),
    ({"involved": "M1:uncle"}, ["events.csv:2: involved: 'uncle' is not a known role (M1:uncle)"]),
    ({"involved": "M1"}, ["events.csv:2: involved: 'M1' is not local_id:role (M1)"]),
    (
        {"explanation_consistent": "unsure"},
        ["events.csv:2: explanation_consistent: must be yes or no (unsure)"],
    ),
    ({"child_seen": "yes"}, ["events.csv:2: child_seen: not a known child_seen value (yes)"]),
    (
        {"referred_to": "police;social_services"},
        [
            "events.csv:2: referred_to: not a known agency kind: social_services (police;social_services)"
        ],
    ),
    ({"outcome": "nfa"}, ["events.csv:2: outcome: health.injury takes no outcome (nfa)"]),
    (
        {"event_type": "csc.referral", "outcome": "risk_reduced"},
        ["events.csv:2: outcome: not a known outcome of csc.referral (risk_reduced)"],
    ),
    (
        {"event_type": "csc.cp_plan_started", "category": "poverty"},
        ["events.csv:2: category: not a known category (poverty)"],
    ),
    (
        {"category": "neglect"},
        [
            "events.csv:2: category: only for csc.cp_plan_started, *.disclosure and *.concern_raised (neglect)"
        ],
    ),
    (
        {"event_type": "education.attendance_report", "attendance_percent": "101"},
        ["events.csv:2: attendance_percent: must be from 0 to 100 (101)"],
    ),
    (
        {"event_type": "education.attendance_report", "attendance_percent": "ninety"},
        ["events.csv:2: attendance_percent: not a number (ninety)"],
    ),
    (
        {"attendance_percent": "90"},
        ["events.csv:2: attendance_percent: only for education.attendance_report (90)"],
    ),
    (
        {"event_type": "education.attendance_report", "period_from": "2025-02-01"},
        ["events.csv:2: period_from: is after occurred_on (2025-02-01)"],
    ),
    (
        {"event_type": "csc.placement_started", "placement_type": "hotel"},
        ["events.csv:2: placement_type: not a known placement type (hotel)"],
    ),
    ({"out_of_area": "yes"}, ["events.csv:2: out_of_area: only for csc.placement_started (yes)"]),
    (
        {"event_type": "csc.placement_plan", "plan_covers": "night_checks;snacks"},
        ["events.csv:2: plan_covers: not a known plan item: snacks (night_checks;snacks)"],
    ),
    ({"review_by": "soon"}, ["events.csv:2: review_by: not a date in the form YYYY-MM-DD (soon)"]),
    (
        {"event_type": "police.professional_disagreement", "stage": "5"},
        ["events.csv:2: stage: must be 1, 2, 3 or 4 (5)"],
    ),
    ({"stage": "1"}, ["events.csv:2: stage: only for *.professional_disagreement (1)"]),
    ({"significance": "high"}, ["events.csv:2: significance: not a known significance (high)"]),
    ({"sensitivity": "secret"}, ["events.csv:2: sensitivity: not a known sensitivity (secret)"]),
]


@pytest.mark.parametrize(("cells", "expected"), EVENT_CASES)
def test_event_rules(cells, expected):
    assert problems(validate(events=[{**EVENT, **cells}])) == expected


def test_the_same_source_ref_twice_in_events():
    extract = validate(events=[EVENT, {**EVENT, "summary": "again"}])
    assert problems(extract) == ["events.csv:3: source_ref: appears twice in the file (E1)"]


def test_every_column_of_an_event_is_read():
    extract = validate(
        events=[
            {
                **EVENT,
                "event_type": "education.attendance_report",
                "occurred_time": "09:05",
                "recorded_on": "2025-01-11",
                "involved": "M1:parent; C1:present",
                "detail": "Term report",
                "explanation": "Illness",
                "explanation_consistent": "no",
                "child_seen": "seen_alone",
                "child_voice": "Says school is boring",
                "action": "Letter home",
                "referred_to": "early_help;education",
                "attendance_percent": "82.5",
                "period_from": "2024-09-01",
                "review_by": "2099-01-01",  # a plan's review date may be in the future
                "significance": "routine",
                "sensitivity": "restricted",
                "recorded_by": "J Bloggs, attendance officer",
            }
        ]
    )
    assert extract.is_valid, problems(extract)
    event = extract.events[0]
    assert event.occurred_time == time(9, 5)
    assert event.recorded_on == date(2025, 1, 11)
    assert event.involved == [("M1", "parent"), ("C1", "present")]
    assert event.explanation_consistent is False
    assert event.referred_to == ["early_help", "education"]
    assert event.attendance_percent == Decimal("82.50")
    assert event.period_from == date(2024, 9, 1) and event.review_by == date(2099, 1, 1)
    assert (event.significance, event.sensitivity) == ("routine", "restricted")


def test_every_bad_row_is_reported_at_once_in_file_and_line_order():
    extract = validate(
        people=[
            PERSON,
            RELATIVE,
            {"local_id": "B1", "given_name": "X", "family_name": "Y", "nhs_number": "123"},
        ],
        relationships=[LINK, {**LINK, "relationship": "uncle"}],
        events=[
            {**EVENT, "event_type": "bad.type"},
            {**EVENT, "source_ref": "E2"},
            {**EVENT, "source_ref": "E3", "occurred_on": "yesterday"},
        ],
    )
    assert [f"{p.file}:{p.line}" for p in extract.problems] == [
        "people.csv:4",
        "relationships.csv:3",
        "events.csv:2",
        "events.csv:4",
    ]
    assert extract.rejected_rows == 4
    assert [e.source_ref for e in extract.events] == ["E2"]


def test_a_row_with_several_problems_lists_them_all():
    extract = validate(
        events=[
            {
                **EVENT,
                "occurred_on": "2025-02-30",
                "event_type": "health.unknown",
                "subject_local_id": "X9",
                "child_seen": "maybe",
                "sensitivity": "secret",
            }
        ]
    )
    assert problems(extract) == [
        "events.csv:2: event_type: not a known event type (health.unknown)",
        "events.csv:2: subject_local_id: no person with this local_id in people.csv (X9)",
        "events.csv:2: occurred_on: not a real date (2025-02-30)",
        "events.csv:2: child_seen: not a known child_seen value (maybe)",
        "events.csv:2: sensitivity: not a known sensitivity (secret)",
    ]
    assert extract.rejected_rows == 1


def test_rows_that_refer_to_a_rejected_person_are_rejected_too():
    bad_person = {
        "local_id": "B1",
        "given_name": "Bad",
        "family_name": "Row",
        "birth_date": TOMORROW,
    }
    extract = validate(
        people=[PERSON, RELATIVE, bad_person],
        relationships=[
            LINK,
            {"from_local_id": "B1", "relationship": "parent", "to_local_id": "C1"},
        ],
        events=[
            EVENT,
            {**EVENT, "source_ref": "E2", "subject_local_id": "B1"},
            {**EVENT, "source_ref": "E3", "involved": "M1:parent;B1:witness"},
        ],
    )
    assert problems(extract) == [
        f"people.csv:4: birth_date: is in the future ({TOMORROW})",
        "relationships.csv:3: from_local_id: refers to a person row that was rejected (B1)",
        "events.csv:3: subject_local_id: refers to a person row that was rejected (B1)",
        "events.csv:4: involved: refers to a person row that was rejected (B1)",
    ]
    assert [p.local_id for p in extract.people] == ["C1", "M1"]
    assert len(extract.relationships) == 1
    assert [e.source_ref for e in extract.events] == ["E1"]


def test_the_files_are_named_in_problems():
    assert {PEOPLE, RELATIONSHIPS, EVENTS} == {"people.csv", "relationships.csv", "events.csv"}


def test_the_same_link_twice_in_relationships_is_a_problem():
    changed = {**LINK, "parental_responsibility": "yes"}
    extract = validate(relationships=[LINK, changed])
    assert problems(extract) == [
        "relationships.csv:3: relationship: the same link appears twice in the file (M1 parent C1)"
    ]


def test_a_symmetric_link_stated_both_ways_round_is_the_same_link():
    one_way = {"from_local_id": "M1", "relationship": "sibling", "to_local_id": "C1"}
    other_way = {"from_local_id": "C1", "relationship": "sibling", "to_local_id": "M1"}
    extract = validate(relationships=[one_way, other_way])
    assert [p.line for p in extract.problems] == [3]


def test_the_same_link_from_different_dates_is_two_periods():
    first = {**LINK, "relationship": "partner", "from_date": "2019-01-01", "to_date": "2020-01-01"}
    again = {**LINK, "relationship": "partner", "from_date": "2023-05-01"}
    assert validate(relationships=[first, again]).is_valid


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("occurred_on", "٢٠٢٤-٠٥-٠١"),  # Arabic-Indic digits
        ("occurred_on", "２０２４-０５-０１"),  # full-width digits
        ("occurred_time", "1٠:00"),
    ],
)
def test_dates_and_times_take_ascii_digits_only(column, value):
    extract = validate(events=[{**EVENT, column: value}])
    assert [(p.column, p.value) for p in extract.problems] == [(column, value)]
