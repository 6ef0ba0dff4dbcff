"""Evaluating checks over a snapshot: for one child, for everyone, or for each day of a replay.

All three fill the table `eval(person_id, day)` and run the same SQL of each
check, so they cannot disagree about what a check means.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import NamedTuple

import duckdb

from fullpicture.checks.registry import Check, checks
from fullpicture.checks.snapshot import Snapshot


class Match(NamedTuple):
    """One check holding for one child on one day.

    A named tuple rather than a frozen dataclass: the whole population makes up to
    400,000 of one check's at a time, and a tuple is made in a third of the time.
    """

    code: str
    person_id: str  # 32 hex digits
    day: date
    key: str
    evidence: tuple[str, ...]
    raised: bool
    facts: dict

    @property
    def identity(self) -> tuple[str, str, str]:
        return (self.code, self.person_id, self.key)


def eval_children_on(
    snapshot: Snapshot, day: date, person_ids: Iterable[str] | None = None
) -> None:
    """Evaluate, as of `day`, every child under 18 that day (of those given, or of everyone)."""
    con = snapshot.con
    con.execute("DELETE FROM eval")
    wanted = None if person_ids is None else sorted(set(person_ids))
    con.execute(
        """
        INSERT INTO eval
        SELECT person_id, CAST($day AS DATE) FROM people
        WHERE birth_date IS NOT NULL AND birth_date <= $day
          AND birth_date > CAST($day AS DATE) - INTERVAL 18 YEAR
          AND ($all OR list_contains($wanted, person_id))
        """,
        {"day": day, "all": wanted is None, "wanted": wanted or []},
    )


def eval_days(snapshot: Snapshot, person_id: str, first: date, last: date) -> None:
    """Evaluate one child as of each day from `first` to `last` on which they were under 18."""
    con = snapshot.con
    con.execute("DELETE FROM eval")
    con.execute(
        """
        INSERT INTO eval
        SELECT p.person_id, CAST(d.day AS DATE)
        FROM people p, range(CAST($first AS TIMESTAMP), CAST($last AS TIMESTAMP) + INTERVAL 1 DAY,
                             INTERVAL 1 DAY) AS d(day)
        WHERE p.person_id = $person AND p.birth_date IS NOT NULL
          AND p.birth_date <= CAST(d.day AS DATE)
          AND p.birth_date > CAST(d.day AS DATE) - INTERVAL 18 YEAR
        """,
        {"first": first, "last": last, "person": person_id},
    )


# Checks of a small snapshot (some children and their neighbourhood) run this many at
# once, each on its own cursor. There DuckDB's time goes on parsing, binding and
# optimising each check's SQL (about 8 ms a check even for a child with five events)
# and on running plans of tens of operators over a few thousand rows, neither of
# which keeps a second core busy. The whole population runs one check at a time, so that
# only one check's working memory, and one check's matches, are held at once.
SMALL_SNAPSHOT_WORKERS = max(1, min(4, os.cpu_count() or 1))


def matches_by_check(
    snapshot: Snapshot,
    parameters: Mapping[str, Mapping[str, int]],
    only: Iterable[Check] | None = None,
    workers: int | None = None,
) -> Iterator[list[Match]]:
    """Run each check's SQL over the children in `eval`: its matches, one list per check.

    `parameters` holds each check's values. `workers` checks run at once (by
    default: one for the whole population, a few for a snapshot of some people);
    the result does not depend on it. Lists come one at a time, so a caller that
    does not keep them holds one check's matches (1.4 million for the whole
    benchmark population would be more than a gigabyte).
    """
    chosen = list(only or checks().values())
    if workers is None:
        workers = 1 if snapshot.person_ids is None else SMALL_SNAPSHOT_WORKERS
    workers = max(1, min(workers, len(chosen)))
    if workers == 1:
        for check in chosen:
            yield _matches(snapshot.con, check, parameters)
        return
    groups = [chosen[i::workers] for i in range(workers)]
    cursors = [snapshot.cursor() for _ in groups]  # a connection runs one query at a time
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            batches = pool.map(
                lambda group, con: [_matches(con, c, parameters) for c in group],
                groups,
                cursors,
            )
            for batch in list(batches):
                yield from batch
    finally:
        for cursor in cursors:
            cursor.close()


def run_checks(
    snapshot: Snapshot,
    parameters: Mapping[str, Mapping[str, int]],
    only: Iterable[Check] | None = None,
    workers: int | None = None,
) -> list[Match]:
    """Every match of `matches_by_check`, in one list ordered by child, check, key and day."""
    found = [m for batch in matches_by_check(snapshot, parameters, only, workers) for m in batch]
    return sorted(found, key=_order)


def _matches(
    con: duckdb.DuckDBPyConnection, check: Check, parameters: Mapping[str, Mapping[str, int]]
) -> list[Match]:
    """The check's matches: one per alert (check, child, key) and day.

    A check joining one row per open involvement can say the same thing twice; an
    alert is one (check, child, key), so rows for the same alert and day are
    merged here: the evidence is their union, it is raised if any row says so,
    and of differing facts the first in text order is kept, so that the result
    does not depend on the order DuckDB's threads return rows in.
    """
    params = {**check.defaults, **parameters.get(check.code, {})}
    sql = check.sql(params)
    try:
        rows = con.execute(
            f"""
            SELECT person_id, day, key,
                   list_sort(list_distinct(flatten(list(evidence)))),
                   bool_or(raised), min(CAST(facts AS VARCHAR))
            FROM (SELECT person_id, day, coalesce(key, '') AS key, evidence, raised, facts
                  FROM ({sql}))
            GROUP BY person_id, day, key
            """
        ).fetchall()
    except Exception as error:  # a broken definition names itself
        raise RuntimeError(f"{check.code} failed: {error}") from error
    code = check.code
    return [  # by position: a third quicker than by keyword, for hundreds of thousands
        Match(
            code,
            person_id,
            day,
            key,
            tuple(evidence),
            bool(raised),
            json.loads(facts) if facts else {},
        )
        for person_id, day, key, evidence, raised, facts in rows
    ]


def _order(match: Match) -> tuple:
    return (match.person_id, match.code, match.key, match.day)


def first_firings(matches: Iterable[Match]) -> list[Match]:
    """For each alert (check, child, key), the match of the first day it held; in date order."""
    first: dict[tuple[str, str, str], Match] = {}
    for match in matches:
        seen = first.get(match.identity)
        if seen is None or match.day < seen.day:
            first[match.identity] = match
    return sorted(first.values(), key=lambda m: (m.day, m.code, m.key))
