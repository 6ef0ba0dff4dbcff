"""LC01: child not seen. OSCAR: children are seen; ADOL: the child remained invisible.

Also holds `seen_events`, the catalogue's definition of "seen", which LC02 and
LC03 share (a candidate for sql.py).
"""

from datetime import date, timedelta

from fullpicture.checks.registry import Check, Learning, Parameter, day_month


def seen_events(children: str = "eval") -> str:
    """SQL: the events in which each child of `children` (person_id, day) was seen, as of the day.

    The catalogue's "seen": the child's own events, or an adult's events in which the child
    is involved, with `child_seen` seen or seen_alone (`child_seen` speaks of the subject when
    a child, so another child's event says nothing of this one). An adult is 18 or over on
    the day of the event, or of unknown age. One row per child, day and event. Read from the
    tables rather than `child_events`: the subject's events need no DISTINCT, which is most
    of the cost over a population.
    """
    return f"""
    SELECT v.person_id, v.day, e.event_id, e.occurred_on, e.child_seen, e.voice_empty,
           e.agency_kind
    FROM {children} v JOIN events e ON e.person_id = v.person_id
    WHERE e.child_seen IN ('seen', 'seen_alone')
      AND e.recorded_on <= v.day AND e.occurred_on <= v.day
    UNION ALL
    SELECT DISTINCT v.person_id, v.day, e.event_id, e.occurred_on, e.child_seen,
           e.voice_empty, e.agency_kind
    FROM {children} v
    JOIN (
        -- The adults' events each child is in, joined before the days: left to itself,
        -- DuckDB joins the (child, day) pairs to every event on the dates first, which
        -- over the days of a replay or the benchmark's labelled population is millions
        -- of rows (tens of seconds) where this is thousands.
        WITH involved AS MATERIALIZED (
            SELECT i.person_id AS child_id, e.*
            FROM involvements i
            JOIN events e ON e.event_id = i.event_id
            LEFT JOIN people s ON s.person_id = e.person_id
            WHERE e.child_seen IN ('seen', 'seen_alone') AND e.person_id <> i.person_id
              AND (s.adult_from IS NULL OR s.adult_from <= e.occurred_on)
        )
        SELECT * FROM involved
    ) e ON e.child_id = v.person_id
    WHERE e.recorded_on <= v.day AND e.occurred_on <= v.day
    """


KIND_WORDS = {
    "cp": "child protection plan",
    "cin": "child in need plan",
    "lac": "period of being looked after",
}


def sql(p):
    # Each open CP, CIN or LAC involvement is measured against its own standard from the
    # later of its start and the last time children's social care saw the child; the alert
    # is the child's, resting on the start of every overdue involvement and the last visit.
    # Only the children with such an involvement are looked at for visits.
    return f"""
    WITH standards(kind, standard_days) AS (
        VALUES ('cp', {int(p["cp_days"])}), ('cin', {int(p["cin_days"])}),
               ('lac', {int(p["lac_days"])})
    ),
    open AS MATERIALIZED (
        SELECT o.person_id, o.day, o.kind, o.event_id, o.started_on, st.standard_days
        FROM open_involvements o JOIN standards st ON st.kind = o.kind
    ),
    children AS (SELECT DISTINCT person_id, day FROM open),
    last_seen AS (
        SELECT person_id, day, max(occurred_on) AS seen_on,
               arg_max(event_id, (occurred_on, event_id)) AS seen_id
        FROM ({seen_events("children")}) s
        WHERE agency_kind = 'childrens_social_care'
        GROUP BY person_id, day
    ),
    overdue AS (
        SELECT o.person_id, o.day, o.kind, o.event_id, o.started_on, o.standard_days,
               greatest(o.started_on, coalesce(s.seen_on, o.started_on)) AS since,
               s.seen_on, s.seen_id
        FROM open o
        LEFT JOIN last_seen s ON s.person_id = o.person_id AND s.day = o.day
        WHERE o.day - greatest(o.started_on, coalesce(s.seen_on, o.started_on))
              > o.standard_days
    )
    SELECT person_id, day, '' AS key,
           list_concat(list(event_id), list(seen_id) FILTER (WHERE seen_id IS NOT NULL))
             AS evidence,
           false AS raised,
           json_object(
               'involvements',
               list(json_object('kind', kind, 'started_on', started_on,
                                'standard_days', standard_days, 'since', since)
                    ORDER BY since, kind),
               'last_seen_on', any_value(seen_on),
               'last_seen_id', any_value(seen_id)) AS facts
    FROM overdue
    GROUP BY person_id, day
    """


def explain(facts, evidence, p):
    seen_on = facts.get("last_seen_on")
    seen = next((e for e in evidence if e.id == facts.get("last_seen_id")), None)
    if seen_on:
        how = f" ({seen.agency}, {seen.type_label})" if seen else ""
        first = f"Children's social care last recorded seeing the child on {_day(seen_on)}{how}."
    else:
        first = "Children's social care has not recorded seeing the child."
    sentences = [first]
    for item in facts.get("involvements") or []:
        due = date.fromisoformat(item["since"]) + timedelta(days=item["standard_days"])
        sentences.append(
            f"The {KIND_WORDS.get(item['kind'], item['kind'])} started on "
            f"{_day(item['started_on'])} and the visiting standard is at least every "
            f"{item['standard_days']} days, so a visit was due by {day_month(due)}."
        )
    return " ".join(sentences)


def _day(value: str) -> str:
    return day_month(date.fromisoformat(value))


CHECK = Check(
    code="LC01",
    version=1,
    title="Child not seen",
    learning=(
        Learning(
            "OSCAR",
            "Escalate cases quickly when families are not engaging, ensuring that children "
            "are seen.",
        ),
        Learning(
            "ADOL",
            "The child was significantly harmed and this was not seen, assessed and stopped "
            "in a timely manner; the child remained invisible to professionals for far too long.",
        ),
    ),
    suggested_action="Visit the child; record what life is like for the child.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter("cp_days", 14, "Visiting standard for a child protection plan (days)", 1, 365),
        Parameter("cin_days", 28, "Visiting standard for a child in need plan (days)", 1, 365),
        Parameter("lac_days", 42, "Visiting standard for a looked after child (days)", 1, 365),
    ),
    sql=sql,
    explain=explain,
)
