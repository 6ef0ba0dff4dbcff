"""Helpers for the importer tests: write extracts as raw text, so each test shows the bytes it sends."""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import date
from pathlib import Path

import pytest

from fullpicture.ingest.extract import EVENTS, PEOPLE, RELATIONSHIPS

REPO = Path(__file__).resolve().parents[2]
# In CI the clone has shared/ beside it; here too.
SHARED = REPO.parent / "shared"
TODAY = date(2025, 6, 2)

EVENT_TYPES = frozenset(
    row["pk"]
    for row in json.loads(
        (REPO / "fullpicture/chronology/fixtures/event_types.json").read_text(encoding="utf-8")
    )
)

PEOPLE_CSV = (
    "local_id,given_name,family_name,birth_date,sex,nhs_number\n"
    "C1,Kayleigh,Smith,2018-03-02,F,9990000018\n"
    "M1,Donna,Smith,1990-07-15,F,\n"
)
RELATIONSHIPS_CSV = "from_local_id,relationship,to_local_id\nM1,parent,C1\n"
EVENTS_CSV = (
    "source_ref,occurred_on,event_type,subject_local_id,involved,summary\n"
    "E1,2025-01-10,health.injury,C1,M1:parent,Bruising to the upper arm\n"
    "E2,2025-02-11,health.gp_appointment,C1,,Seen by the GP\n"
)

Texts = Mapping[str, str]


def texts(
    people: str = PEOPLE_CSV, relationships: str = RELATIONSHIPS_CSV, events: str = EVENTS_CSV
) -> dict[str, str]:
    return {PEOPLE: people, RELATIONSHIPS: relationships, EVENTS: events}


def write_folder(path: Path, files: Texts, *, encoding: str = "utf-8") -> Path:
    """Write each file's text as is (newline="" keeps the test's own line endings)."""
    path.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        with (path / name).open("w", encoding=encoding, newline="") as handle:
            handle.write(text)
    return path


@pytest.fixture
def make_extract(tmp_path: Path) -> Callable[..., Path]:
    """Write an extract folder from texts (defaults: a small valid extract)."""
    count = 0

    def make(files: Texts | None = None, **overrides: str) -> Path:
        nonlocal count
        count += 1
        return write_folder(tmp_path / f"extract{count}", {**texts(**overrides), **(files or {})})

    return make
