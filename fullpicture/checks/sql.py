"""Views every check shares, written once from the definitions of learning-checks.md.

Every view that depends on the evaluation day reads the table `eval(person_id,
day)`: the children to evaluate and the day as of which each is evaluated. A
check sees only what was recorded by that day (`recorded_on <= day`), so the
same SQL answers for one child today, for everyone today, and for one child on
each day of a replay.

Household membership is held as spells (`household_spells`): who lived with or
around a child from which day to which, and when that became known. A spell
ends when the person is next recorded at a different address, by any agency. That
end may itself be learnt later than the spell: a move recorded in June ends, from
June on, a stay that until then was open. So each spell is held in versions, each
saying what was known from `known_from` until the day before `known_until`, and a
view reads the version in force on the day evaluated (`spell_known`).
"""

from __future__ import annotations

import duckdb

INVOLVEMENT_STARTS = {
    "csc.cp_plan_started": "cp",
    "csc.cin_plan_started": "cin",
    "csc.looked_after_started": "lac",
    "csc.assessment_started": "assessment",
}
INVOLVEMENT_ENDS = {
    "csc.cp_plan_ended": "cp",
    "csc.cin_plan_ended": "cin",
    "csc.looked_after_ended": "lac",
    "csc.assessment_completed": "assessment",
    "csc.case_closed": "all",
}


def _case(mapping: dict[str, str]) -> str:
    whens = " ".join(f"WHEN '{code}' THEN '{kind}'" for code, kind in mapping.items())
    return f"CASE type {whens} END"


def _in(codes) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


EVERYTHING_BEFORE = "DATE '1900-01-01'"


def adult_from(birth_date: str) -> str:
    """SQL: the first day on which someone born on `birth_date` is 18.

    `adult_from <= d` holds exactly when `birth_date <= d - INTERVAL 18 YEAR` (born on
    29 February: 1 March in a common year). Worked out once per person in the
    snapshot (`people.adult_from`) because the checks compare it with every event of
    every household adult, and interval arithmetic per event took a third of LC10.
    """
    eighteenth = f"CAST({birth_date} + INTERVAL 18 YEAR AS DATE)"
    return (
        f"CASE WHEN {eighteenth} - INTERVAL 18 YEAR >= {birth_date} "
        f"THEN {eighteenth} ELSE {eighteenth} + 1 END"
    )


def spell_known(spell: str, as_of: str) -> str:
    """SQL: row `spell` (of household_spells) is the version of its spell known on `as_of`."""
    return (
        f"({spell}.known_from <= {as_of} "
        f"AND ({spell}.known_until IS NULL OR {as_of} < {spell}.known_until))"
    )


VIEWS = [
    # A person's events: as subject, or involved in any role (an event may appear twice).
    """
    CREATE VIEW events_of AS
    SELECT e.person_id AS of_person, 'subject' AS role, e.* FROM events e
    UNION ALL
    SELECT i.person_id AS of_person, i.role, e.*
    FROM involvements i JOIN events e USING (event_id)
    """,
    # The children to evaluate with their age on the day evaluated.
    """
    CREATE VIEW eval_people AS
    SELECT v.person_id, v.day, p.birth_date,
           date_diff('year', p.birth_date, v.day)
             - CASE WHEN strftime(v.day, '%m%d') < strftime(p.birth_date, '%m%d') THEN 1 ELSE 0 END
             AS age_years
    FROM eval v JOIN people p USING (person_id)
    """,
    # What a child's events look like as of the day evaluated.
    """
    CREATE VIEW child_events AS
    SELECT v.day, e.*
    FROM eval v JOIN events_of e ON e.of_person = v.person_id
    WHERE e.recorded_on <= v.day AND e.occurred_on <= v.day
    """,
    # Involvements do not depend on the day evaluated: made once per snapshot, as tables.
    f"""
    CREATE TABLE involvement_starts AS
    SELECT of_person AS person_id, event_id, occurred_on AS started_on, recorded_on,
           {_case(INVOLVEMENT_STARTS)} AS kind, category, placement_type, out_of_area
    FROM (SELECT DISTINCT of_person, event_id, type, occurred_on, recorded_on, category,
                 placement_type, out_of_area
          FROM events_of WHERE type IN {_in(INVOLVEMENT_STARTS)})
    """,
    f"""
    CREATE TABLE involvement_ends AS
    SELECT DISTINCT of_person AS person_id, event_id, occurred_on AS ended_on, recorded_on,
           {_case(INVOLVEMENT_ENDS)} AS kind
    FROM events_of WHERE type IN {_in(INVOLVEMENT_ENDS)}
    """,
    # Involvements open on the day evaluated (from the day they start to the day before they end).
    """
    CREATE VIEW open_involvements AS
    SELECT v.person_id, v.day, s.kind, s.event_id, s.started_on, s.category
    FROM eval v JOIN involvement_starts s
      ON s.person_id = v.person_id AND s.recorded_on <= v.day AND s.started_on <= v.day
    WHERE NOT EXISTS (
        SELECT 1 FROM involvement_ends x
        WHERE x.person_id = s.person_id AND x.kind IN (s.kind, 'all')
          AND x.recorded_on <= v.day AND x.ended_on >= s.started_on AND x.ended_on <= v.day
    )
    """,
    # Links current on the day evaluated. `parent` and `step_parent` point from parent to child.
    f"""
    CREATE VIEW parents AS
    SELECT DISTINCT v.person_id, v.day, r.from_person AS parent_id
    FROM eval v JOIN relationships r
      ON r.to_person = v.person_id AND r.kind IN ('parent', 'step_parent')
    WHERE r.recorded_on <= v.day AND coalesce(r.from_date, {EVERYTHING_BEFORE}) <= v.day
      AND (r.to_date IS NULL OR r.to_date > v.day)
    """,
    # Two joins rather than one on `from = child OR to = child`, which DuckDB runs as a
    # nested loop (minutes at 150,000 children).
    f"""
    CREATE VIEW siblings AS
    SELECT v.person_id, v.day, r.to_person AS sibling_id
    FROM eval v JOIN relationships r ON r.from_person = v.person_id
    WHERE r.kind IN ('sibling', 'half_sibling') AND r.recorded_on <= v.day
      AND coalesce(r.from_date, {EVERYTHING_BEFORE}) <= v.day
      AND (r.to_date IS NULL OR r.to_date > v.day) AND r.from_person <> r.to_person
    UNION
    SELECT v.person_id, v.day, r.from_person AS sibling_id
    FROM eval v JOIN relationships r ON r.to_person = v.person_id
    WHERE r.kind IN ('sibling', 'half_sibling') AND r.recorded_on <= v.day
      AND coalesce(r.from_date, {EVERYTHING_BEFORE}) <= v.day
      AND (r.to_date IS NULL OR r.to_date > v.day) AND r.from_person <> r.to_person
    """,
    # Each person's address over time: the address current from the latest date wins.
    # One spell per agency's statement, lasting until the person is next recorded at a
    # different address: several agencies stating the same address (from the same day
    # or later) each keep their spell, so who states it does not depend on row order.
    # The end is as known on each day: a version of the spell starts on the day it
    # was recorded and on each day a different, later address of the person was
    # recorded, and holds the earliest such address known by then.
    """
    CREATE TABLE address_spells AS
    WITH spells AS (
        SELECT row_number() OVER () AS spell, * FROM addresses
    ),
    ends_learnt AS (
        SELECT a.spell, a.recorded_on AS known_from, CAST(NULL AS DATE) AS to_day
        FROM spells a
        UNION ALL
        SELECT a.spell, greatest(a.recorded_on, b.recorded_on), b.starts_on
        FROM spells a JOIN addresses b
          ON b.person_id = a.person_id AND b.starts_on > a.starts_on
         AND b.address_key <> a.address_key
    ),
    versions AS (
        SELECT spell, known_from,
               min(min(to_day)) OVER (PARTITION BY spell ORDER BY known_from) AS to_day
        FROM ends_learnt GROUP BY spell, known_from
    )
    SELECT a.person_id, a.address_key, a.agency_kind, a.recorded_on, a.starts_on AS from_day,
           v.to_day, v.known_from,
           lead(v.known_from) OVER (PARTITION BY v.spell ORDER BY v.known_from) AS known_until
    FROM versions v JOIN spells a USING (spell)
    """,
    # Who shared the child's address, by any agency's records. Distinct: two versions of
    # one spell often give the same overlap, and more than half the rows were repeats
    # that every household check then joined (3.2 million of household_spells' rows
    # at 3.7 million events, against 1.5 million without them).
    """
    CREATE TABLE coresidence_spells AS
    SELECT DISTINCT c.person_id AS child_id, m.person_id AS member_id,
           greatest(c.from_day, m.from_day) AS from_day, least(c.to_day, m.to_day) AS to_day,
           greatest(c.recorded_on, m.recorded_on) AS recorded_on,
           m.agency_kind AS source_kind,
           greatest(c.known_from, m.known_from) AS known_from,
           least(c.known_until, m.known_until) AS known_until
    FROM address_spells c JOIN address_spells m
      ON m.address_key = c.address_key AND m.person_id <> c.person_id
    WHERE (m.to_day IS NULL OR m.to_day > c.from_day)
      AND (c.to_day IS NULL OR c.to_day > m.from_day)
      AND greatest(c.from_day, m.from_day) < coalesce(least(c.to_day, m.to_day), DATE '9999-12-31')
      AND greatest(c.known_from, m.known_from)
            < coalesce(least(c.known_until, m.known_until), DATE '9999-12-31')
    """,
    # The household over time: shared address; a carer or household-member link; the
    # partner of a parent while that parent lives with the child.
    f"""
    CREATE TABLE household_spells AS
    SELECT child_id, member_id, from_day, to_day, recorded_on, 'address' AS via, source_kind,
           known_from, known_until
    FROM coresidence_spells
    UNION ALL
    SELECT to_person, from_person, coalesce(from_date, {EVERYTHING_BEFORE}), to_date,
           recorded_on, kind, agency_kind, recorded_on, NULL
    FROM relationships WHERE kind IN ('carer', 'household_member')
    UNION ALL
    SELECT from_person, to_person, coalesce(from_date, {EVERYTHING_BEFORE}), to_date,
           recorded_on, kind, agency_kind, recorded_on, NULL
    FROM relationships WHERE kind = 'household_member'
    UNION ALL
    SELECT c.child_id, p.partner_id,
           greatest(c.from_day, p.from_day, pl.from_day),
           least(c.to_day, p.to_day, pl.to_day),
           greatest(c.recorded_on, p.recorded_on, pl.recorded_on),
           'partner_of_parent', p.agency_kind,
           greatest(c.known_from, p.recorded_on, pl.recorded_on), c.known_until
    FROM coresidence_spells c
    JOIN (SELECT to_person AS child_id, from_person AS parent_id,
                 coalesce(from_date, {EVERYTHING_BEFORE}) AS from_day, to_date AS to_day,
                 recorded_on
          FROM relationships WHERE kind IN ('parent', 'step_parent')) pl
      ON pl.child_id = c.child_id AND pl.parent_id = c.member_id
    JOIN (SELECT from_person AS parent_id, to_person AS partner_id,
                 coalesce(from_date, {EVERYTHING_BEFORE}) AS from_day, to_date AS to_day,
                 recorded_on, agency_kind
          FROM relationships WHERE kind = 'partner'
          UNION ALL
          SELECT to_person, from_person, coalesce(from_date, {EVERYTHING_BEFORE}), to_date,
                 recorded_on, agency_kind
          FROM relationships WHERE kind = 'partner') p
      ON p.parent_id = c.member_id AND p.partner_id <> c.child_id
    """,
    # The household on the day evaluated.
    f"""
    CREATE VIEW household AS
    SELECT DISTINCT v.person_id, v.day, h.member_id
    FROM eval v JOIN household_spells h ON h.child_id = v.person_id
    WHERE {spell_known("h", "v.day")} AND h.from_day <= v.day
      AND (h.to_day IS NULL OR v.day < h.to_day)
    """,
    # Adults: 18 or over on the day evaluated, or of unknown age.
    """
    CREATE VIEW adult_on AS
    SELECT v.day, p.person_id
    FROM (SELECT DISTINCT day FROM eval) v, people p
    WHERE p.adult_from IS NULL OR p.adult_from <= v.day
    """,
]


def views_create(con: duckdb.DuckDBPyConnection) -> None:
    """Create the shared views. `eval` must exist before a view is read, not before it is made."""
    con.execute("CREATE TABLE IF NOT EXISTS eval (person_id VARCHAR, day DATE)")
    for statement in VIEWS:
        con.execute(statement)


# For checks that need the household on the day of an event rather than the day evaluated:
# `member_on(h, 'x.occurred_on', 'v.day')` inside a join on household_spells h.
def member_on(spell: str, on_day: str, as_of: str) -> str:
    """SQL: spell `spell` (of household_spells) covers day `on_day`, as known on `as_of`."""
    return (
        f"({spell_known(spell, as_of)} AND {spell}.from_day <= {on_day} "
        f"AND ({spell}.to_day IS NULL OR {on_day} < {spell}.to_day))"
    )
