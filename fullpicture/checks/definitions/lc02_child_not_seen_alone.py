"""LC02: child not seen alone. ADOL: see the child with and without their parents."""

from datetime import date, timedelta

from fullpicture.checks.definitions.lc01_child_not_seen import seen_events
from fullpicture.checks.registry import Check, Learning, Parameter, day_month


def sql(p):
    # Each open CP plan of a child old enough, measured from the later of its start and the
    # last time children's social care saw the child alone; one alert for the child.
    return f"""
    WITH plans AS MATERIALIZED (
        SELECT o.person_id, o.day, o.event_id, o.started_on
        FROM open_involvements o
        JOIN eval_people ep ON ep.person_id = o.person_id AND ep.day = o.day
        WHERE o.kind = 'cp' AND ep.age_years >= {int(p["minimum_age"])}
    ),
    children AS (SELECT DISTINCT person_id, day FROM plans),
    last_alone AS (
        SELECT person_id, day, max(occurred_on) AS alone_on,
               arg_max(event_id, (occurred_on, event_id)) AS alone_id
        FROM ({seen_events("children")}) s
        WHERE agency_kind = 'childrens_social_care' AND child_seen = 'seen_alone'
        GROUP BY person_id, day
    ),
    overdue AS (
        SELECT o.person_id, o.day, o.event_id, o.started_on, a.alone_on, a.alone_id,
               greatest(o.started_on, coalesce(a.alone_on, o.started_on)) AS since
        FROM plans o
        LEFT JOIN last_alone a ON a.person_id = o.person_id AND a.day = o.day
        WHERE o.day - greatest(o.started_on, coalesce(a.alone_on, o.started_on))
              > {int(p["alone_days"])}
    )
    SELECT person_id, day, '' AS key,
           list_concat(list(event_id), list(alone_id) FILTER (WHERE alone_id IS NOT NULL))
             AS evidence,
           false AS raised,
           json_object('plans', list(json_object('started_on', started_on, 'since', since)
                                     ORDER BY since),
                       'alone_days', {int(p["alone_days"])},
                       'last_alone_on', any_value(alone_on),
                       'last_alone_id', any_value(alone_id)) AS facts
    FROM overdue
    GROUP BY person_id, day
    """


def explain(facts, evidence, p):
    alone_on = facts.get("last_alone_on")
    alone = next((e for e in evidence if e.id == facts.get("last_alone_id")), None)
    if alone_on:
        how = f" ({alone.agency}, {alone.type_label})" if alone else ""
        first = (
            f"Children's social care last recorded seeing the child alone on {_day(alone_on)}{how}."
        )
    else:
        first = "Children's social care has not recorded seeing the child alone."
    sentences = [first]
    for plan in facts.get("plans") or []:
        days = facts.get("alone_days") or p["alone_days"]
        due = date.fromisoformat(plan["since"]) + timedelta(days=days)
        sentences.append(
            f"The child protection plan started on {_day(plan['started_on'])}; the child should "
            f"be seen alone at least every {days} days, so it was due by {day_month(due)}."
        )
    return " ".join(sentences)


def _day(value: str) -> str:
    return day_month(date.fromisoformat(value))


CHECK = Check(
    code="LC02",
    version=1,
    title="Child not seen alone",
    learning=(
        Learning(
            "ADOL",
            "Understanding the child's world is always strengthened by spending time with the "
            "child in a variety of settings, including the home and with and without their "
            "parents whenever possible.",
        ),
    ),
    suggested_action="Arrange to see the child alone.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter("minimum_age", 4, "Age from which the child is seen alone", 0, 17),
        Parameter("alone_days", 28, "Days allowed between times seen alone", 1, 365),
    ),
    sql=sql,
    explain=explain,
)
