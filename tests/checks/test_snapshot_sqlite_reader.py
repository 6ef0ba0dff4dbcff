"""The whole population's snapshot read by DuckDB from the SQLite file (ADR 0008).

It must give exactly the tables the route through Django gives, and be taken only
when Django's connection has nothing uncommitted.
"""

import io
import sqlite3
from datetime import date
from pathlib import Path
from types import SimpleNamespace

import duckdb
import pytest
from django.core.management import call_command
from django.db import connection

from fullpicture.checks import snapshot as snapshot_module
from fullpicture.checks.snapshot import SCHEMA, Snapshot, snapshot_load
from fullpicture.chronology.event_types import event_types_load
from fullpicture.chronology.models import EventType

pytestmark = pytest.mark.django_db


def _tables(snapshot):
    return {
        table: sorted(map(repr, snapshot.con.execute(f"SELECT * FROM {table}").fetchall()))
        for table in SCHEMA
    }


def _copy_of_the_database(folder: Path) -> Path:
    """A file holding what this test's transaction has written (it is not committed, and
    the test database is in memory, so nothing else could read it)."""
    file = folder / "copy.sqlite3"
    copy = sqlite3.connect(file)
    try:
        copy.executescript("\n".join(connection.connection.iterdump()))
    finally:
        copy.close()
    return file


def test_the_sqlite_reader_ships_for_this_duckdb():
    extension = snapshot_module._sqlite_extension()
    assert extension is not None, f"no SQLite reader packaged for DuckDB {duckdb.__version__}"
    con = duckdb.connect()  # a signature DuckDB does not trust would fail here
    con.execute(f"LOAD '{extension}'")
    assert con.execute(
        "SELECT loaded FROM duckdb_extensions() WHERE extension_name = 'sqlite_scanner'"
    ).fetchone() == (True,)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads a SQLite file")
def test_duckdb_reads_from_the_file_the_tables_django_reads(world, tmp_path):
    child = world.person("Tyler", born=date(2014, 2, 1), sex="M")
    mother = world.person("Kerry", born=date(1990, 5, 5))
    partner = world.person("Dean", born=None, sex="M")
    world.relate(mother, "parent", child, agency="CSC", start=date(2014, 2, 1))
    world.relate(mother, "partner", partner, agency="TVP", end=date(2026, 1, 1))
    world.lives_at(child, "ox4 1ab", address="Flat 2,\n1 Cowley\x1fRoad", start=None)
    world.lives_at(partner, "OX4\r1AB", agency="TVP", address="  flat 2, 1 cowley road ")
    world.event(child, "health.injury", date(2025, 3, 3), explanation_consistent=False,
                child_voice="", attendance_percent=None)  # fmt: skip
    world.event(child, "education.attendance_report", date(2025, 4, 1), agency="SCH",
                attendance_percent=71.5, child_voice="I don't like it there.")  # fmt: skip
    report = world.event(child, "police.domestic_abuse_incident", date(2025, 5, 9),
                         agency="TVP", involving=[(partner, "alleged_perpetrator")],
                         referred_to=["childrens_social_care", "health"])  # fmt: skip
    world.event(child, "police.domestic_abuse_incident", date(2025, 5, 9), agency="TVP",
                supersedes=report, referred_to=[])  # fmt: skip
    world.event(child, "csc.cp_plan_started", date(2025, 6, 1), agency="CSC",
                category="neglect", plan_covers=["safety", "education"], stage=2)  # fmt: skip

    through_django = snapshot_load(None)
    try:
        expected = _tables(through_django)
    finally:
        through_django.close()

    file = _copy_of_the_database(tmp_path)
    from_file = Snapshot.empty(None)
    try:
        snapshot_module._copy_from_sqlite_file(from_file.con, file)
        assert _tables(from_file) == expected
    finally:
        from_file.close()
    assert len(expected["events"]) == 4  # the superseded report is left out both ways
    assert any("Flat 2" not in row and "flat 2, 1 cowley road" in row
               for row in expected["addresses"])  # fmt: skip


def _connection(**overrides):
    settings = {"vendor": "sqlite", "in_atomic_block": False, "memory": False}
    settings.update(overrides)
    return SimpleNamespace(
        vendor=settings["vendor"],
        in_atomic_block=settings["in_atomic_block"],
        is_in_memory_db=lambda: settings["memory"],
        settings_dict={"NAME": settings.get("name", "")},
    )


def test_duckdb_reads_the_file_only_outside_a_transaction_and_only_a_file(tmp_path: Path):
    file = tmp_path / "fullpicture.sqlite3"
    file.write_bytes(b"")
    may_read = snapshot_module._sqlite_file_duckdb_may_read
    assert may_read(_connection(name=str(file))) == file
    # Inside a transaction (an import evaluating everyone) DuckDB would not see its rows.
    assert may_read(_connection(name=str(file), in_atomic_block=True)) is None
    assert may_read(_connection(name=str(file), memory=True)) is None
    assert may_read(_connection(name=str(tmp_path / "absent.sqlite3"))) is None
    assert may_read(_connection(name="fullpicture", vendor="postgresql")) is None


@pytest.mark.skipif(connection.vendor != "sqlite", reason="reads a SQLite file")
def test_the_whole_population_is_loaded_from_the_file_when_duckdb_may_read_it(
    world, tmp_path, monkeypatch
):
    child = world.person("Tyler", born=date(2014, 2, 1), sex="M")
    world.event(child, "health.injury", date(2025, 3, 3))
    file = _copy_of_the_database(tmp_path)
    world.event(child, "health.injury", date(2025, 4, 3))  # not in the file
    monkeypatch.setattr(snapshot_module, "_sqlite_file_duckdb_may_read", lambda c: file)
    whole, some = snapshot_load(None), snapshot_load([child.pk])
    try:
        assert whole.con.execute("SELECT count(*) FROM events").fetchone() == (1,)
        assert some.con.execute("SELECT count(*) FROM events").fetchone() == (2,)
    finally:
        whole.close()
        some.close()


@pytest.mark.django_db(transaction=True)
def test_checks_run_loads_the_population_outside_a_transaction(world, monkeypatch):
    # Inside one, DuckDB could never read the file and every run would go through Python.
    event_types_load(EventType)  # an earlier test of this kind may have emptied the table
    child = world.person("Tyler", born=date(2014, 2, 1), sex="M")
    for day in (date(2025, 1, 6), date(2025, 3, 3), date(2025, 5, 5)):
        world.event(child, "health.injury", day)
    in_a_transaction = []

    def may_read(django_connection):
        in_a_transaction.append(django_connection.in_atomic_block)
        return None

    monkeypatch.setattr(snapshot_module, "_sqlite_file_duckdb_may_read", may_read)
    out = io.StringIO()
    call_command("checks", "run", "--day", "2025-06-30", stdout=out)
    assert in_a_transaction == [False]
    # and the alert, with its audit row, was still written (audit refuses outside one)
    assert "1 alerts raised" in out.getvalue()
