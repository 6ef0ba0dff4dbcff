"""The file-level rules of agency extract format v1: how files, encodings, CSV and headers are read."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from fullpicture.ingest.extract import (
    EVENTS,
    PEOPLE,
    RELATIONSHIPS,
    ExtractUnreadable,
    extract_read,
    extract_validate,
)
from tests.ingest.conftest import EVENT_TYPES, EVENTS_CSV, PEOPLE_CSV, TODAY, texts, write_folder


def read(path: Path):
    return extract_read(path, today=TODAY, event_types=EVENT_TYPES)


def validate(**files: str):
    return extract_validate(
        texts(**files), source_name="test", today=TODAY, event_types=EVENT_TYPES
    )


def problems(extract) -> list[str]:
    return [str(p) for p in extract.problems]


# --- folder and zip


def test_a_folder_of_three_files_is_read(make_extract):
    extract = read(make_extract())
    assert extract.is_valid, problems(extract)
    assert [p.local_id for p in extract.people] == ["C1", "M1"]
    assert [(r.from_local_id, r.kind, r.to_local_id) for r in extract.relationships] == [
        ("M1", "parent", "C1")
    ]
    assert [e.source_ref for e in extract.events] == ["E1", "E2"]
    assert extract.source_name == "extract1"


def test_a_zip_is_read_like_a_folder(tmp_path):
    path = tmp_path / "police-2025-06.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in texts().items():
            archive.writestr(name, text)
    extract = read(path)
    assert extract.is_valid, problems(extract)
    assert len(extract.events) == 2
    assert extract.source_name == "police-2025-06.zip"


def test_a_zip_with_the_files_in_a_folder_is_read(tmp_path):
    path = tmp_path / "nested.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("export/", "")
        for name, text in texts().items():
            archive.writestr(f"export/{name}", text)
    assert read(path).is_valid


def test_a_path_that_does_not_exist_is_unreadable(tmp_path):
    with pytest.raises(ExtractUnreadable, match="no such folder or file"):
        read(tmp_path / "missing")


def test_a_file_that_is_neither_folder_nor_zip_is_unreadable(tmp_path):
    path = tmp_path / "events.csv"
    path.write_text(EVENTS_CSV)
    with pytest.raises(ExtractUnreadable, match="folder or a .zip"):
        read(path)


def test_a_file_that_is_not_utf8_is_unreadable(tmp_path):
    path = write_folder(
        tmp_path / "x", texts(people=PEOPLE_CSV.replace("Donna", "Zoë")), encoding="latin-1"
    )
    with pytest.raises(ExtractUnreadable, match="not UTF-8"):
        read(path)


@pytest.mark.parametrize("missing", [PEOPLE, RELATIONSHIPS, EVENTS])
def test_a_missing_file_is_a_problem(tmp_path, missing):
    files = {name: text for name, text in texts().items() if name != missing}
    extract = read(write_folder(tmp_path / "x", files))
    assert f"{missing}:0: (file): the extract has no such file" in problems(extract)


# --- encodings, line endings, CSV quoting


@pytest.mark.parametrize("bom", ["", "\ufeff"], ids=["no-bom", "bom"])
@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["LF", "CRLF", "CR"])
def test_utf8_with_or_without_bom_and_any_line_ending(tmp_path, bom, newline):
    files = {
        name: bom + text.replace("\n", newline)
        for name, text in texts(people=PEOPLE_CSV.replace("Donna", "Zoë")).items()
    }
    extract = read(write_folder(tmp_path / "x", files))
    assert extract.is_valid, problems(extract)
    assert extract.people[1].given_name == "Zoë"
    assert extract.people[0].local_id == "C1"  # the BOM is not part of the first column
    assert [e.line for e in extract.events] == [2, 3]


def test_cells_with_commas_quotes_and_line_breaks():
    events = (
        "source_ref,occurred_on,event_type,subject_local_id,summary,detail\n"
        'E1,2025-01-10,health.injury,C1,"Bruise, left arm","Mum said ""he fell"".\nSeen by nurse."\n'
        "E2,2025-01-11,health.injury,C1,Second,\n"
    )
    extract = validate(events=events)
    assert extract.is_valid, problems(extract)
    first, second = extract.events
    assert first.summary == "Bruise, left arm"
    assert first.detail == 'Mum said "he fell".\nSeen by nurse.'
    assert (first.line, second.line) == (2, 4)


def test_a_bad_row_after_a_multiline_cell_is_reported_at_the_line_where_it_starts():
    events = (
        "source_ref,occurred_on,event_type,subject_local_id,summary,detail\n"
        'E1,2025-01-10,health.injury,C1,Fine,"line one\nline two\r\nline three"\n'
        'E2,2025-13-01,health.injury,C1,"bad date,\nand a multi-line summary",\n'
        "E3,2025-01-12,health.nonsense,C1,Bad type,\n"
    )
    extract = validate(events=events)
    assert problems(extract) == [
        "events.csv:5: occurred_on: not a real date (2025-13-01)",
        "events.csv:7: event_type: not a known event type (health.nonsense)",
    ]


def test_a_row_with_too_few_or_too_many_cells_is_a_problem():
    events = (
        "source_ref,occurred_on,event_type,subject_local_id,summary\n"
        "E1,2025-01-10,health.injury,C1\n"
        "E2,2025-01-10,health.injury,C1,Summary,extra\n"
    )
    assert problems(validate(events=events)) == [
        "events.csv:2: (row): has 4 cells; the header has 5",
        "events.csv:3: (row): has 6 cells; the header has 5",
    ]


def test_broken_quoting_is_a_problem_not_a_crash():
    events = (
        "source_ref,occurred_on,event_type,subject_local_id,summary\n"
        'E1,2025-01-10,health.injury,C1,"unterminated\n'
    )
    extract = validate(events=events)
    assert [(p.file, p.line, p.column) for p in extract.problems] == [(EVENTS, 2, "(row)")]
    assert "not valid CSV" in extract.problems[0].problem


def test_blank_lines_are_skipped():
    events = EVENTS_CSV.replace("\nE2", "\n\nE2")
    extract = validate(events=events)
    assert extract.is_valid, problems(extract)
    assert [e.line for e in extract.events] == [2, 4]


def test_leading_and_trailing_spaces_are_ignored_in_cells_and_headers():
    people = (
        " local_id , given_name,family_name ,nhs_number, postcode\n"
        "  C1 ,  Kayleigh , Smith ,  999 000 0018 ,  ox4 1ab \n"
        "M1,Donna,Smith,,\n"
    )
    events = "source_ref,occurred_on,event_type,subject_local_id,summary\n E1 , 2025-01-10 , health.injury , C1 ,  Bruise  \n"
    extract = validate(
        people=people, events=events, relationships="from_local_id,relationship,to_local_id\n"
    )
    assert extract.is_valid, problems(extract)
    child = extract.people[0]
    assert (child.local_id, child.given_name, child.family_name) == ("C1", "Kayleigh", "Smith")
    assert (child.nhs_number, child.postcode) == ("9990000018", "OX4 1AB")
    event = extract.events[0]
    assert (event.source_ref, event.event_type, event.summary) == ("E1", "health.injury", "Bruise")


# --- headers


def test_column_order_is_free():
    people = "nhs_number,family_name,local_id,given_name\n9990000018,Smith,C1,Kayleigh\n,Smith,M1,Donna\n"
    events = "summary,subject_local_id,event_type,occurred_on,source_ref\nBruise,C1,health.injury,2025-01-10,E1\n"
    relationships = "to_local_id,from_local_id,relationship\nC1,M1,parent\n"
    extract = validate(people=people, events=events, relationships=relationships)
    assert extract.is_valid, problems(extract)
    assert extract.people[0].nhs_number == "9990000018"
    assert extract.events[0].summary == "Bruise"
    assert extract.relationships[0].from_local_id == "M1"


def test_optional_columns_may_be_left_out_and_take_their_defaults():
    extract = validate(
        people="local_id,given_name,family_name\nC1,Kayleigh,Smith\n",
        relationships="from_local_id,relationship,to_local_id\n",
        events="source_ref,occurred_on,event_type,subject_local_id,summary\nE1,2025-01-10,health.injury,C1,Bruise\n",
    )
    assert extract.is_valid, problems(extract)
    person, event = extract.people[0], extract.events[0]
    assert person.nhs_number == "" and person.birth_date is None and person.recorded_on == TODAY
    assert event.recorded_on == TODAY
    assert (event.significance, event.sensitivity) == ("significant", "normal")
    assert event.involved == [] and event.referred_to == [] and event.occurred_time is None


def test_an_unknown_column_is_an_error():
    people = "local_id,given_name,family_name,nhs_numbr\nC1,Kayleigh,Smith,9990000018\n"
    extract = validate(
        people=people,
        relationships="from_local_id,relationship,to_local_id\n",
        events="source_ref,occurred_on,event_type,subject_local_id,summary\n",
    )
    assert problems(extract) == ["people.csv:1: nhs_numbr: unknown column"]
    assert extract.people == []


@pytest.mark.parametrize(
    ("file", "header", "missing"),
    [
        (PEOPLE, "local_id,given_name", "family_name"),
        (RELATIONSHIPS, "from_local_id,to_local_id", "relationship"),
        (EVENTS, "source_ref,occurred_on,event_type,subject_local_id", "summary"),
    ],
)
def test_a_missing_required_column_is_an_error(file, header, missing):
    files = texts()
    files[file] = header + "\n"
    extract = extract_validate(files, source_name="t", today=TODAY, event_types=EVENT_TYPES)
    assert f"{file}:1: {missing}: required column is missing" in problems(extract)


def test_a_column_named_twice_is_an_error():
    extract = validate(relationships="from_local_id,relationship,to_local_id,to_date,to_date\n")
    assert problems(extract) == ["relationships.csv:1: (header): a column is named twice"]


def test_files_with_the_header_alone_are_a_valid_empty_extract():
    extract = validate(
        people="local_id,given_name,family_name\n",
        relationships="from_local_id,relationship,to_local_id\n",
        events="source_ref,occurred_on,event_type,subject_local_id,summary",  # no final newline
    )
    assert extract.is_valid, problems(extract)
    assert (extract.people, extract.relationships, extract.events) == ([], [], [])


def test_an_empty_file_needs_its_header():
    extract = validate(relationships="")
    assert problems(extract) == [
        "relationships.csv:1: (header): the file is empty; it needs a header row"
    ]
