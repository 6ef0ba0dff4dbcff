"""Inserting many new rows quickly: plain tuples, one statement, no model instances.

An import writes hundreds of thousands of rows, and a whole-population evaluation
can raise as many alerts. `bulk_create` spends most of its time on per-object work
(model `__init__`, `pre_save`, `get_db_prep_save` on every field); `rows_insert`
takes the values as tuples and converts them a column at a time, then runs one
prepared INSERT with executemany on SQLite, or one COPY on PostgreSQL.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, models


def _uuid_hex(value: Any) -> str:
    return value.hex


def _json(value: Any) -> str:
    # Most list cells are empty; json.dumps([]) is "[]" but costs a microsecond.
    return "[]" if value == [] else json.dumps(value)


def _converter(model_field: models.Field) -> Callable[[Any], Any] | None:
    """How a Python value of this field becomes what the database driver is given.

    The same conversions as `Field.get_db_prep_save` for the field types these
    tables use, chosen once per column instead of dispatched once per value.
    None (SQL NULL) is passed through by the caller. psycopg adapts UUIDs,
    dates, times, datetimes and decimals itself; only JSON needs text.
    """
    target = model_field.target_field if model_field.is_relation else model_field
    kind = target.get_internal_type()
    if kind == "JSONField":
        return _json
    if connection.vendor != "sqlite":
        return None
    if kind == "UUIDField":
        if model_field.is_relation:
            # Foreign keys repeat (one agency, one batch, a child's many events).
            return functools.lru_cache(maxsize=4096)(_uuid_hex)
        return _uuid_hex
    if kind in ("DateField", "TimeField"):
        return str
    if kind == "DateTimeField":
        # Rows of one write share a handful of timestamps: convert each once.
        return functools.lru_cache(maxsize=256)(connection.ops.adapt_datetimefield_value)
    return None  # text, integers, booleans and decimals go to sqlite3 as they are


def rows_insert(model: type[models.Model], fields: Sequence[str], rows: list[tuple]) -> None:
    """Insert new rows, each a tuple of Python values in the order of `fields` (field names).

    `fields` must name every concrete column except an auto-increment id, so
    that a field added to the model later fails here loudly rather than
    being silently left NULL. Defaults (`auto_now`, `default=`) are not
    applied: the caller gives every value.
    """
    if not rows:
        return
    meta = model._meta
    expected = {f.name for f in meta.concrete_fields if not isinstance(f, models.AutoField)}
    if set(fields) != expected:
        raise RuntimeError(
            f"rows_insert({meta.label}): fields {sorted(set(fields) ^ expected)} do not match the model"
        )
    model_fields = [meta.get_field(name) for name in fields]
    conversions = [(i, f.null, c) for i, f in enumerate(model_fields) if (c := _converter(f))]

    # Convert column by column, then zip the columns back into rows: each
    # conversion is then one map() or comprehension over a column instead of
    # a Python-level loop over every cell, about twice as fast.
    by_column: list[Sequence[Any]] = list(zip(*rows, strict=True))
    for i, nullable, convert in conversions:
        cells = by_column[i]
        if nullable:
            by_column[i] = [None if value is None else convert(value) for value in cells]
        else:
            by_column[i] = list(map(convert, cells))
    prepared = zip(*by_column, strict=True)

    table = connection.ops.quote_name(meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in model_fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement inside this transaction:
            # several times faster than multi-row INSERTs for big tables.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in prepared:
                    copy.write_row(values)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", prepared)
