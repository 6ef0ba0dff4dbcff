"""The snapshot reaches DuckDB a chunk at a time: the tables must not depend on the chunks."""

from datetime import date

import pytest

from fullpicture.checks import snapshot as snapshot_module
from fullpicture.checks.snapshot import SCHEMA, snapshot_load

pytestmark = pytest.mark.django_db


def _tables(snapshot):
    return {
        table: sorted(map(repr, snapshot.con.execute(f"SELECT * FROM {table}").fetchall()))
        for table in SCHEMA
    }


def test_tiny_chunks_give_the_same_snapshot(world, monkeypatch):
    child = world.person("Tyler", born=date(2014, 2, 1), sex="M")
    mother = world.person("Kerry", born=date(1990, 5, 5))
    world.relate(mother, "parent", child, agency="CSC")
    for month in range(1, 8):
        world.event(child, "health.injury", date(2025, month, 3), explanation="fell, again")
    whole = snapshot_load(None)
    try:
        expected = _tables(whole)
    finally:
        whole.close()
    monkeypatch.setattr(snapshot_module, "_CHUNK_ROWS", 2)
    monkeypatch.setattr(snapshot_module, "_BLOCK_BYTES", 256)
    chunked = snapshot_load(None)
    try:
        assert _tables(chunked) == expected
    finally:
        chunked.close()
    assert len(expected["events"]) == 7 and len(expected["people"]) == 2
