"""Generated malformed input: the reader never crashes, and bad cells are always pinned to file, line, column."""

from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fullpicture.ingest.extract import (
    COLUMNS,
    EVENTS,
    FILES,
    PEOPLE,
    RELATIONSHIPS,
    Extract,
    extract_validate,
)
from tests.ingest.conftest import EVENT_TYPES, TODAY, texts

FAST = settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])

cells = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=20)


def validate(files: dict[str, str]) -> Extract:
    return extract_validate(files, source_name="fuzz", today=TODAY, event_types=EVENT_TYPES)


def csv_text(header: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def assert_well_formed(extract: Extract) -> None:
    for problem in extract.problems:
        assert problem.file in FILES
        assert problem.line >= 0
        assert problem.column and problem.problem
        assert str(problem).startswith(f"{problem.file}:{problem.line}: {problem.column}: ")


@FAST
@given(file=st.sampled_from(FILES), text=st.text(max_size=300))
def test_arbitrary_text_in_any_file_never_crashes(file, text):
    files = texts()
    files[file] = text
    assert_well_formed(validate(files))


@FAST
@given(
    file=st.sampled_from(FILES),
    rows=st.lists(st.lists(cells, min_size=0, max_size=30), max_size=6),
)
def test_arbitrary_cells_under_a_valid_header_never_crash(file, rows):
    header = list(COLUMNS[file])
    files = texts()
    files[file] = csv_text(header, rows)
    extract = validate(files)
    assert_well_formed(extract)
    # Every row is either accepted or named in a problem.
    data_rows = [r for r in rows if r and not (len(r) == 1 and not r[0].strip())]
    accepted = {
        PEOPLE: extract.people,
        RELATIONSHIPS: extract.relationships,
        EVENTS: extract.events,
    }
    rejected = {p.line for p in extract.problems if p.file == file}
    assert len(accepted[file]) + len(rejected) == len(data_rows)


@FAST
@given(columns=st.lists(st.sampled_from(list(COLUMNS[EVENTS])), unique=True), data=st.data())
def test_any_subset_and_order_of_event_columns_with_arbitrary_cells(columns, data):
    rows = data.draw(
        st.lists(st.lists(cells, min_size=len(columns), max_size=len(columns)), max_size=4)
    )
    files = texts()
    files[EVENTS] = csv_text(columns, rows)
    assert_well_formed(validate(files))


BAD_DATES = st.one_of(
    st.from_regex(r"[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}", fullmatch=True),
    st.from_regex(r"20[0-9]{2}-(1[3-9]|[2-9][0-9]|00)-[0-2][0-9]", fullmatch=True),
    st.from_regex(r"20[0-9]{2}-(0[1-9]|1[0-2])-(3[2-9]|[4-9][0-9]|00)", fullmatch=True),
    st.from_regex(r"2[1-9][0-9]{2}-0[1-9]-1[0-9]", fullmatch=True),  # the future
    st.text(st.characters(codec="ascii", categories=["L"]), min_size=1, max_size=8),
)
EVENT_DATE_COLUMNS = ["occurred_on", "recorded_on"]
PERSON_DATE_COLUMNS = ["birth_date", "address_from", "deceased_on", "recorded_on"]


@FAST
@given(
    bad=BAD_DATES,
    column=st.sampled_from(EVENT_DATE_COLUMNS),
    good_rows_before=st.integers(0, 3),
)
def test_a_bad_event_date_is_a_problem_at_its_file_line_and_column(bad, column, good_rows_before):
    header = [
        "source_ref",
        "occurred_on",
        "recorded_on",
        "event_type",
        "subject_local_id",
        "summary",
    ]
    rows = [
        [f"G{i}", "2025-01-10", "2025-01-11", "health.injury", "C1", "ok"]
        for i in range(good_rows_before)
    ]
    row = {"source_ref": "BAD", "occurred_on": "2025-01-10", "recorded_on": "2025-01-11"}
    row[column] = bad
    rows.append(
        [row["source_ref"], row["occurred_on"], row["recorded_on"], "health.injury", "C1", "bad"]
    )
    files = texts()
    files[EVENTS] = csv_text(header, rows)
    extract = validate(files)
    line = good_rows_before + 2
    assert [(p.file, p.line, p.column, p.value) for p in extract.problems] == [
        (EVENTS, line, column, bad)
    ]
    assert len(extract.events) == good_rows_before


@FAST
@given(bad=BAD_DATES, column=st.sampled_from(PERSON_DATE_COLUMNS))
def test_a_bad_person_date_is_a_problem_at_its_file_line_and_column(bad, column):
    people = csv_text(
        ["local_id", "given_name", "family_name", column],
        [["C1", "Kayleigh", "Smith", ""], ["M1", "Donna", "Smith", ""], ["B1", "Bad", "Date", bad]],
    )
    extract = validate(texts(people=people))
    assert [(p.file, p.line, p.column, p.value) for p in extract.problems] == [
        (PEOPLE, 4, column, bad)
    ]


ENUM_COLUMNS = {
    # column: (an event type it belongs to, a strategy of words it never takes)
    "event_type": ("health.injury", st.from_regex(r"[a-z]{1,8}\.[a-z_]{1,12}", fullmatch=True)),
    "child_seen": ("health.injury", st.from_regex(r"[a-z_]{1,12}", fullmatch=True)),
    "significance": ("health.injury", st.from_regex(r"[a-z]{1,12}", fullmatch=True)),
    "sensitivity": ("health.injury", st.from_regex(r"[a-z]{1,12}", fullmatch=True)),
    "explanation_consistent": ("health.injury", st.from_regex(r"[a-z]{1,6}", fullmatch=True)),
    "category": ("police.concern_raised", st.from_regex(r"[a-z]{1,12}", fullmatch=True)),
    "placement_type": ("csc.placement_started", st.from_regex(r"[a-z]{1,12}", fullmatch=True)),
    "outcome": ("csc.referral", st.from_regex(r"[a-z_]{1,12}", fullmatch=True)),
    "stage": ("csc.professional_disagreement", st.from_regex(r"[05-9]|[1-9][0-9]", fullmatch=True)),
    "occurred_time": (
        "health.injury",
        st.from_regex(r"(2[4-9]|[3-9][0-9]):[0-9]{2}|[0-9]{1,2}\.[0-9]{2}", fullmatch=True),
    ),
}
KNOWN = {
    "event_type": EVENT_TYPES,
    "child_seen": {"seen_alone", "seen", "not_seen", "not_applicable"},
    "significance": {"significant", "routine"},
    "sensitivity": {"normal", "restricted"},
    "explanation_consistent": {"yes", "no"},
    "category": {"neglect", "physical", "sexual", "emotional", "multiple", "exploitation", "other"},
    "placement_type": {
        "foster",
        "kinship",
        "residential",
        "secure",
        "supported",
        "parent_and_child",
        "other",
    },
    "outcome": {"nfa", "early_help", "cin_plan", "section_47", "cp_conference", "looked_after"},
    "stage": set(),
    "occurred_time": set(),
}


@FAST
@given(column=st.sampled_from(sorted(ENUM_COLUMNS)), data=st.data())
def test_an_unknown_closed_list_value_is_a_problem_at_its_file_line_and_column(column, data):
    event_type, words = ENUM_COLUMNS[column]
    bad = data.draw(words.filter(lambda w: w not in KNOWN[column]))
    row = {
        "source_ref": "E1",
        "occurred_on": "2025-01-10",
        "event_type": event_type,
        "subject_local_id": "C1",
        "summary": "x",
    }
    row[column] = bad
    files = texts()
    files[EVENTS] = csv_text(
        list(row),
        [
            ["E0", "2025-01-09", "health.injury", "C1", "ok"] + [""] * (len(row) - 5),
            list(row.values()),
        ],
    )
    extract = validate(files)
    assert [(p.file, p.line, p.column, p.value) for p in extract.problems] == [
        (EVENTS, 3, column, bad)
    ]
