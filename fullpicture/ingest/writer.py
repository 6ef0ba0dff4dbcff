"""Write an agency extract (format v1) to a folder: the inverse of `ingest.extract`.

Used by the demo population and the benchmarks, so that synthetic data comes in
through exactly the same import path as a real agency's extract.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from datetime import date, time
from pathlib import Path

from fullpicture.ingest.extract import COLUMNS, EVENTS, PEOPLE, RELATIONSHIPS

Row = Mapping[str, object]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ";".join(str(v) for v in value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _write(path: Path, name: str, rows: Iterable[Row]) -> int:
    columns = list(COLUMNS[name])
    count = 0
    with (path / name).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for row in rows:
            unknown = set(row) - set(columns)
            if unknown:
                raise ValueError(f"{name}: unknown column(s) {sorted(unknown)}")
            writer.writerow([_cell(row.get(column)) for column in columns])
            count += 1
    return count


def extract_write(
    path: Path,
    *,
    people: Iterable[Row],
    relationships: Iterable[Row] = (),
    events: Iterable[Row] = (),
) -> dict[str, int]:
    """Write the three files into folder `path` (created if needed). Returns rows written per file."""
    path.mkdir(parents=True, exist_ok=True)
    return {
        PEOPLE: _write(path, PEOPLE, people),
        RELATIONSHIPS: _write(path, RELATIONSHIPS, relationships),
        EVENTS: _write(path, EVENTS, events),
    }
