"""A columnar copy of the chronology in DuckDB, which every learning check reads.

The checks are SQL over these tables, so one definition serves one child, the
whole population and a replay (ADR 0006). Identifiers are carried as 32-digit
hex strings, the same on SQLite and PostgreSQL.

Tables (one row per ...):
- `people(person_id, birth_date, sex, deceased_on, adult_from)`: person; `adult_from`
  is the day they are 18 (`sql.adult_from`).
- `events(event_id, person_id, agency_id, agency_kind, type, domain, occurred_on,
  recorded_on, child_seen, voice_empty, explanation_consistent, referred_to,
  outcome, category, attendance_percent, placement_type, out_of_area, plan_covers,
  review_by, stage, sensitivity)`: current (not superseded) event; `person_id` is
  the person of its subject record.
- `involvements(event_id, person_id, role)`: someone other than the subject.
- `relationships(from_person, kind, to_person, from_date, to_date, recorded_on,
  agency_kind)`: as each agency states it, resolved to persons.
- `addresses(person_id, address_key, starts_on, recorded_on, agency_kind)`.
"""

from __future__ import annotations

import importlib.resources
import io
import itertools
import os
import tempfile
import threading
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.csv as pa_csv
from django.conf import settings
from django.db import connection, transaction

from fullpicture.checks.sql import adult_from, views_create

SCHEMA = {
    "people": [
        ("person_id", pa.string()),
        ("birth_date", pa.date32()),
        ("sex", pa.string()),
        ("deceased_on", pa.date32()),
    ],
    "events": [
        ("event_id", pa.string()),
        ("person_id", pa.string()),
        ("agency_id", pa.string()),
        ("agency_kind", pa.string()),
        ("type", pa.string()),
        ("occurred_on", pa.date32()),
        ("recorded_on", pa.date32()),
        ("child_seen", pa.string()),
        ("voice_empty", pa.bool_()),
        ("explanation_consistent", pa.bool_()),
        ("referred_to", pa.string()),
        ("outcome", pa.string()),
        ("category", pa.string()),
        ("attendance_percent", pa.float64()),
        ("placement_type", pa.string()),
        ("out_of_area", pa.bool_()),
        ("plan_covers", pa.string()),
        ("review_by", pa.date32()),
        ("stage", pa.int32()),
        ("sensitivity", pa.string()),
    ],
    "involvements": [
        ("event_id", pa.string()),
        ("person_id", pa.string()),
        ("role", pa.string()),
    ],
    "relationships": [
        ("from_person", pa.string()),
        ("kind", pa.string()),
        ("to_person", pa.string()),
        ("from_date", pa.date32()),
        ("to_date", pa.date32()),
        ("recorded_on", pa.date32()),
        ("agency_kind", pa.string()),
    ],
    "addresses": [
        ("person_id", pa.string()),
        ("postcode", pa.string()),
        ("address", pa.string()),
        ("starts_on", pa.date32()),
        ("recorded_on", pa.date32()),
        ("agency_kind", pa.string()),
    ],
}


def _hex(column: str) -> str:
    """SQL giving a uuid column as 32 lower-case hex digits on either database."""
    if connection.vendor == "postgresql":
        return f"replace({column}::text, '-', '')"
    return column


def _bool(column: str) -> str:
    # SQLite stores booleans as 0/1 and the DB-API hands them back as ints.
    return f"({column} = 1)" if connection.vendor == "sqlite" else column


def _queries(person_filter: str) -> dict[str, str]:
    """The SELECT for each table; `person_filter` restricts people by `{alias}.person_id`.

    For everyone (`1 = 1`) the restricting clauses are left out altogether, so
    that neither database plans an `OR ... IN (subquery)` it does not need.
    """
    f = person_filter
    everyone = f == "1 = 1"

    def where(*conditions: str) -> str:
        return "" if everyone else "WHERE " + " OR ".join(conditions)

    # Each "of these people" is a UNION of two indexed lookups rather than one
    # `... OR ... IN (subquery)`, which both databases answer by scanning every event.
    event_of_person = (
        ""
        if everyone
        else f"""
              AND e.id IN (
                  SELECT se.id FROM chronology_event se
                  JOIN people_personrecord sr ON sr.id = se.subject_id
                  WHERE {f.format(col="sr.person_id")}
                  UNION
                  SELECT i.event_id FROM chronology_eventinvolvement i
                  JOIN people_personrecord ir ON ir.id = i.record_id
                  WHERE {f.format(col="ir.person_id")})"""
    )
    involvement_of_person = (
        ""
        if everyone
        else f"""
            WHERE i.id IN (
                SELECT si.id FROM chronology_eventinvolvement si
                JOIN chronology_event se ON se.id = si.event_id
                JOIN people_personrecord sr ON sr.id = se.subject_id
                WHERE {f.format(col="sr.person_id")}
                UNION
                SELECT oi.id FROM chronology_eventinvolvement oi
                JOIN people_personrecord orr ON orr.id = oi.record_id
                WHERE {f.format(col="orr.person_id")})"""
    )
    return {
        "people": f"""
            SELECT {_hex("p.id")}, p.birth_date, p.sex, p.deceased_on
            FROM people_person p {where(f.format(col="p.id"))}""",
        "events": f"""
            SELECT {_hex("e.id")}, {_hex("r.person_id")}, {_hex("e.agency_id")}, a.kind,
                   e.event_type_id, e.occurred_on, e.recorded_on, e.child_seen,
                   {_bool("(e.child_voice = '')")}, {_bool("e.explanation_consistent")},
                   e.referred_to, e.outcome, e.category, e.attendance_percent,
                   e.placement_type, {_bool("e.out_of_area")}, e.plan_covers, e.review_by,
                   e.stage, e.sensitivity
            FROM chronology_event e
            JOIN people_personrecord r ON r.id = e.subject_id
            JOIN core_agency a ON a.id = e.agency_id
            WHERE NOT EXISTS (SELECT 1 FROM chronology_event s WHERE s.supersedes_id = e.id)
            {event_of_person}""",
        "involvements": f"""
            SELECT {_hex("i.event_id")}, {_hex("r.person_id")}, i.role
            FROM chronology_eventinvolvement i
            JOIN people_personrecord r ON r.id = i.record_id
            {involvement_of_person}""",
        "relationships": f"""
            SELECT {_hex("fr.person_id")}, rel.kind, {_hex("tr.person_id")}, rel.from_date,
                   rel.to_date, rel.recorded_on, a.kind
            FROM people_relationship rel
            JOIN people_personrecord fr ON fr.id = rel.from_record_id
            JOIN people_personrecord tr ON tr.id = rel.to_record_id
            JOIN core_agency a ON a.id = rel.agency_id
            {where(f.format(col="fr.person_id"), f.format(col="tr.person_id"))}""",
        "addresses": f"""
            SELECT {_hex("r.person_id")}, ad.postcode, ad.address,
                   COALESCE(ad.from_date, ad.recorded_on), ad.recorded_on, a.kind
            FROM people_address ad
            JOIN people_personrecord r ON r.id = ad.record_id
            JOIN core_agency a ON a.id = r.agency_id
            {where(f.format(col="r.person_id"))}""",
    }


@dataclass(frozen=True)
class Snapshot:
    """An open DuckDB connection holding the tables above.

    The whole population's snapshot is a DuckDB database of its own. A snapshot of some
    people (one child's neighbourhood, a replay, the network page) is an in-memory
    database attached, under a name of its own, to one DuckDB instance the process
    keeps: starting a DuckDB instance costs about 15 ms, attaching a database under
    1 ms, and such a snapshot is made on every event recorded.
    """

    con: duckdb.DuckDBPyConnection
    person_ids: frozenset[str] | None  # None: everyone
    spill: tempfile.TemporaryDirectory | None = None  # the whole population's, its own
    catalog: str | None = None  # the attached database of a snapshot of some people

    @classmethod
    def empty(cls, person_ids: frozenset[str] | None) -> Snapshot:
        """An empty DuckDB database in memory, held to `FULLPICTURE_CHECKS_MEMORY_LIMIT`.

        Past the limit DuckDB writes what it must to a temporary folder (a hash join
        of the whole population is the largest), so memory stays bounded at the cost
        of some seconds.
        """
        if person_ids is not None:
            catalog = f"snapshot_{next(_catalogs)}"
            con = _shared_cursor()
            try:
                con.execute(f"ATTACH ':memory:' AS {catalog}")
                con.execute(f"USE {catalog}")
            except BaseException:
                con.close()
                raise
            return cls(con=con, person_ids=person_ids, catalog=catalog)
        spill = tempfile.TemporaryDirectory(prefix="fullpicture-checks-")
        return cls(con=_instance(spill.name), person_ids=None, spill=spill)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Another connection to this snapshot, for a query to run beside this one's."""
        cursor = self.con.cursor()
        if self.catalog is not None:
            cursor.execute(f"USE {self.catalog}")
        return cursor

    def close(self) -> None:
        """Let go of the snapshot's tables and memory (and its spill folder, if its own)."""
        if self.catalog is not None:
            try:
                self.con.execute("USE memory")
                self.con.execute(f"DETACH {self.catalog}")
            finally:
                self.con.close()
            return
        self.con.close()
        if self.spill is not None:
            self.spill.cleanup()


def _instance(spill: str) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(
        config={
            "memory_limit": settings.FULLPICTURE_CHECKS_MEMORY_LIMIT,
            "temp_directory": spill,
        }
    )


_catalogs = itertools.count(1)
_shared_lock = threading.Lock()
# One per process (a forked worker makes its own) and memory limit (tests change it).
_shared: dict[tuple[int, str], tuple[duckdb.DuckDBPyConnection, tempfile.TemporaryDirectory]] = {}


def _shared_cursor() -> duckdb.DuckDBPyConnection:
    """A new connection to the process's DuckDB instance for snapshots of some people.

    The instance is made on first use; the lock also keeps two threads from asking
    one connection for a cursor at once.
    """
    key = (os.getpid(), settings.FULLPICTURE_CHECKS_MEMORY_LIMIT)
    with _shared_lock:
        if key not in _shared:
            spill = tempfile.TemporaryDirectory(prefix="fullpicture-checks-")
            _shared[key] = (_instance(spill.name), spill)
        return _shared[key][0].cursor()


# Rows are moved as text and parsed by Arrow's CSV reader, in C and on every core,
# rather than value by value in Python: PostgreSQL writes CSV itself (`COPY ... TO
# STDOUT`); SQLite is asked for one text cell per row, its columns joined by the
# unit separator (char 31), NULL written as \\N. Booleans arrive as t/f or 1/0.
_NULL = "\\N"
_SEPARATOR = "\x1f"
_CHUNK_ROWS = 200_000  # SQLite: rows a chunk
_BLOCK_BYTES = 1 << 24  # PostgreSQL: bytes of CSV a chunk


def _csv_options(table: str, *, delimiter: str, quoted: bool):
    fields = SCHEMA[table]
    return (
        pa_csv.ReadOptions(column_names=[name for name, _ in fields], block_size=_BLOCK_BYTES),
        pa_csv.ParseOptions(delimiter=delimiter, quote_char='"' if quoted else False),
        pa_csv.ConvertOptions(
            column_types=dict(fields),
            null_values=[""] if quoted else [_NULL],
            strings_can_be_null=True,
            # PostgreSQL's CSV: NULL is an empty unquoted field, '' a quoted one.
            quoted_strings_can_be_null=False,
            true_values=["t", "1"],
            false_values=["f", "0"],
        ),
    )


def _empty(table: str) -> pa.Table:
    return pa.table({name: pa.array([], type=kind) for name, kind in SCHEMA[table]})


# Line feed, carriage return and the text route's column separator: each becomes a
# space in address text, whichever route loads it.
_ADDRESS_BREAKS = (10, 13, 31)


def _fetch_sqlite(sql: str, table: str) -> Iterator[pa.Table]:
    fields = SCHEMA[table]
    names = ", ".join(f"c{i}" for i in range(len(fields)))
    cells = []
    for i in range(len(fields)):
        cell = f"CAST(c{i} AS TEXT)"
        if table == "addresses":  # free text: no line break or separator may reach the reader
            for char in _ADDRESS_BREAKS:
                cell = f"replace({cell}, char({char}), ' ')"
        cells.append(f"coalesce({cell}, '{_NULL}')")
    row = " || char(31) || ".join(cells)
    options = _csv_options(table, delimiter=_SEPARATOR, quoted=False)
    with connection.cursor() as cursor:
        cursor.execute(f"WITH t({names}) AS ({sql}) SELECT {row} FROM t")
        while rows := cursor.fetchmany(_CHUNK_ROWS):
            text = "\n".join([r[0] for r in rows]).encode() + b"\n"
            del rows
            yield pa_csv.read_csv(io.BytesIO(text), *options)


def _fetch_postgresql(sql: str, table: str) -> Iterator[pa.Table]:
    """`COPY (SELECT ...) TO STDOUT` as CSV into a temporary file, then Arrow's reader."""
    with tempfile.TemporaryFile() as spool:
        with (
            connection.cursor() as cursor,
            cursor.copy(f"COPY ({sql}) TO STDOUT (FORMAT CSV)") as copy,
        ):
            for data in copy:
                spool.write(data)
        if not spool.tell():
            return
        spool.seek(0)
        for batch in pa_csv.open_csv(spool, *_csv_options(table, delimiter=",", quoted=True)):
            yield pa.Table.from_batches([batch])


def _fetch(sql: str, table: str) -> Iterator[pa.Table]:
    """The rows of `sql`, a chunk at a time, as Arrow tables with the columns and types of
    SCHEMA[table]; none when there are no rows."""
    if connection.vendor == "postgresql":
        return _fetch_postgresql(sql, table)
    return _fetch_sqlite(sql, table)


def _person_filter(wanted: frozenset[str] | None) -> str:
    """A SQL condition on `{col}`; the ids are inlined, which is safe: each went through uuid.UUID."""
    if wanted is None:
        return "1 = 1"
    if not wanted:
        return "1 = 0"
    if connection.vendor == "postgresql":
        literals = ", ".join(f"'{uuid.UUID(p)}'" for p in sorted(wanted))
    else:
        literals = ", ".join(f"'{p}'" for p in sorted(wanted))
    return "{col} IN (" + literals + ")"


def snapshot_load(person_ids: Iterable[uuid.UUID | str] | None = None) -> Snapshot:
    """Copy the chronology (of these people and what touches them, or of everyone) into DuckDB."""
    wanted = None if person_ids is None else frozenset(uuid.UUID(str(p)).hex for p in person_ids)
    snapshot = Snapshot.empty(wanted)
    try:
        source = _sqlite_file_duckdb_may_read(connection) if wanted is None else None
        if source is not None:
            _copy_from_sqlite_file(snapshot.con, source)
        else:
            _copy_through_django(snapshot.con, wanted)
        views_create(snapshot.con)
    except BaseException:
        snapshot.close()
        raise
    return snapshot


def _copy_through_django(con: duckdb.DuckDBPyConnection, wanted: frozenset[str] | None) -> None:
    """The raw tables, read through Django's connection: sees what this transaction wrote.

    Within one transaction, so that on SQLite every table is read as of one moment.
    """
    with transaction.atomic(savepoint=False):
        for table, sql in _queries(_person_filter(wanted)).items():
            # A chunk at a time into DuckDB, so that Python never holds a whole table
            # (10 million events would be gigabytes beside DuckDB's own copy).
            chunks = _fetch(sql, table)
            first = next(chunks, None)
            con.from_arrow(_empty(table) if first is None else first).create(f"raw_{table}")
            del first
            for chunk in chunks:
                con.from_arrow(chunk).insert_into(f"raw_{table}")
    _normalise(con, raw="TABLE")


# DuckDB's own SQLite reader (ADR 0008), from the package that carries DuckDB's signed
# build of it for this DuckDB version; DuckDB checks the signature when it loads it.
def _sqlite_extension() -> Path | None:
    try:
        package = importlib.resources.files("duckdb_extension_sqlite_scanner")
    except ModuleNotFoundError:
        return None
    path = Path(str(package)) / "extensions" / f"v{duckdb.__version__}"
    path = path / "sqlite_scanner.duckdb_extension"
    return path if path.is_file() else None


def _sqlite_file_duckdb_may_read(django_connection) -> Path | None:
    """The SQLite file DuckDB may read the whole chronology from, or None.

    Only when Django's connection is outside a transaction, so that everything it
    wrote is committed and another reader sees the same rows (an import evaluating
    everyone inside its transaction reads through Django), and only for a database
    in a file (the tests' is in memory, which no other library can open).
    """
    if django_connection.vendor != "sqlite" or django_connection.in_atomic_block:
        return None
    if django_connection.is_in_memory_db() or _sqlite_extension() is None:
        return None
    path = Path(django_connection.settings_dict["NAME"])
    return path if path.is_file() else None


_DUCKDB_TYPES = {
    pa.string(): "VARCHAR",
    pa.date32(): "DATE",
    pa.bool_(): "BOOLEAN",
    pa.float64(): "DOUBLE",
    pa.int32(): "INTEGER",
}


def _copy_from_sqlite_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """The tables, read by DuckDB from the SQLite file itself: no Python per row.

    The same SELECTs as through Django, over the file attached read-only with every
    column as text, then cast to the types of SCHEMA: what SQLite's text of a value
    says is what both ways load. Loading a million events took 6.4 s this way
    against 14.3 s through Python (bench/README.md). The raw relations are views
    here, so each table is normalised as it is read rather than copied twice: the
    whole load of 3.7 million events took 8.6 s against 10.2 s.
    """
    extension = _sqlite_extension()
    con.execute(f"LOAD '{extension}'")
    con.execute("SET sqlite_all_varchar = true")
    quoted = str(path).replace("'", "''")
    con.execute(f"ATTACH '{quoted}' AS chronology_source (TYPE sqlite, READ_ONLY)")
    # Tables are made in memory; the SELECTs' table names are found in the file.
    con.execute("SET search_path = 'memory.main,chronology_source.main'")
    # One DuckDB transaction holds one SQLite read transaction (WAL keeps writers going),
    # so every table is read as of the same moment even while people record events.
    # On an error snapshot_load closes the connection, which lets go of the file.
    con.begin()
    for table, sql in _queries(_person_filter(None)).items():
        fields = SCHEMA[table]
        cells = [f"c{i}" for i in range(len(fields))]
        if table == "addresses":  # free text, cleaned as the text route cleans it
            breaks = " || ".join(f"chr({char})" for char in _ADDRESS_BREAKS)
            spaces = " " * len(_ADDRESS_BREAKS)
            cells = [f"translate({c}, {breaks}, '{spaces}')" for c in cells]
        typed = ", ".join(
            f"CAST({cell} AS {_DUCKDB_TYPES[kind]}) AS {name}"
            for cell, (name, kind) in zip(cells, fields, strict=True)
        )
        names = ", ".join(f"c{i}" for i in range(len(fields)))
        con.execute(
            f"CREATE TEMPORARY VIEW raw_{table} AS SELECT {typed} FROM ({sql}) AS t({names})"
        )
    _normalise(con, raw="VIEW")
    con.commit()
    con.execute("RESET search_path")
    con.execute("DETACH chronology_source")


def _json_list(column: str) -> str:
    """SQL: the JSON list of text in `column` as a list; NULL as the empty list.

    Almost every event's list is empty, and parsing `[]` as JSON a million times
    costs more than comparing it.
    """
    return (
        f"CASE WHEN {column} IS NULL OR {column} = '[]' THEN CAST([] AS VARCHAR[]) "
        f"ELSE coalesce(CAST(CAST({column} AS JSON) AS VARCHAR[]), []) END"
    )


def _normalise(con: duckdb.DuckDBPyConnection, *, raw: str) -> None:
    """The typed, normalised tables from `raw_<table>` (a TABLE or a VIEW), which goes."""
    con.execute(
        f"CREATE TABLE people AS SELECT *, {adult_from('birth_date')} AS adult_from "
        "FROM (SELECT DISTINCT * FROM raw_people)"
    )
    # Not DISTINCT: each event is one row already (its id, one subject record, one
    # agency), and de-duplicating twenty columns took half of this statement's time.
    con.execute(
        f"""
        CREATE TABLE events AS
        SELECT event_id, person_id, agency_id, agency_kind, type,
               split_part(type, '.', 1) AS domain, occurred_on, recorded_on,
               coalesce(child_seen, '') AS child_seen, voice_empty, explanation_consistent,
               {_json_list("referred_to")} AS referred_to,
               coalesce(outcome, '') AS outcome, coalesce(category, '') AS category,
               attendance_percent, coalesce(placement_type, '') AS placement_type, out_of_area,
               {_json_list("plan_covers")} AS plan_covers,
               review_by, stage, sensitivity
        FROM raw_events
        """
    )
    con.execute("CREATE TABLE involvements AS SELECT DISTINCT * FROM raw_involvements")
    con.execute("CREATE TABLE relationships AS SELECT DISTINCT * FROM raw_relationships")
    con.execute(
        """
        CREATE TABLE addresses AS
        SELECT DISTINCT person_id,
               upper(replace(coalesce(postcode, ''), ' ', '')) || '|'
                 || lower(trim(regexp_replace(coalesce(address, ''), '\\s+', ' ', 'g'))) AS address_key,
               starts_on, recorded_on, agency_kind
        FROM raw_addresses
        """
    )
    for table in SCHEMA:
        con.execute(f"DROP {raw} raw_{table}")
