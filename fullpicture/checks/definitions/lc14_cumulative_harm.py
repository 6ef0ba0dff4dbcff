"""LC14: cumulative harm. OSCAR cumulative harm; CHILD-R-PR incidents not collated; ADOL no
multi-agency chronology.

For a child with no open involvement: the concern events of the child (the points
table), with the parental mental health, parental substance misuse and domestic abuse
events of the child's parents and household adults (LC10's `adult_events_sql`: household
on the day of each event), in the window. An event of both the child and an adult
counts once. Agencies are counted by `agency_id`.
"""

from fullpicture.checks.definitions.lc10_parental_risk_cluster import adult_events_sql
from fullpicture.checks.registry import Check, Learning, Parameter, evidence_list, plural

TWO_POINTS = (
    "police.domestic_abuse_incident",
    "health.injury",
    "education.safeguarding_concern",
    "housing.homelessness",
    "health.parent_mental_health",
    "health.parent_substance_misuse",
)
ONE_POINT = (
    "health.ed_attendance",
    "education.unauthorised_absence",
    "education.suspension",
    "police.antisocial_behaviour",
    "police.missing_episode",
    "housing.poor_conditions",
    "housing.eviction",
    "health.was_not_brought",
)
ADULT_TYPES = (
    "health.parent_mental_health",
    "health.parent_substance_misuse",
    "police.domestic_abuse_incident",
)


def _in(codes) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


def _points(column: str) -> str:
    """SQL: the points of an event of type `column` (0 when it does not count)."""
    return (
        f"CASE WHEN {column} IN {_in(TWO_POINTS)} OR ends_with({column}, '.concern_raised') "
        f"THEN 2 WHEN {column} IN {_in(ONE_POINT)} OR ends_with({column}, '.non_engagement') "
        f"THEN 1 ELSE 0 END"
    )


def sql(p):
    window = int(p["window_days"])
    return f"""
    WITH counted AS (
        SELECT of_person AS person_id, day, event_id, type, occurred_on, agency_id
        FROM child_events
        WHERE occurred_on > day - {window}
          AND (type IN {_in(TWO_POINTS + ONE_POINT)}
               OR ends_with(type, '.concern_raised') OR ends_with(type, '.non_engagement'))
        UNION ALL
        SELECT person_id, day, event_id, type, occurred_on, agency_id
        FROM ({adult_events_sql(ADULT_TYPES, window)})
    ),
    events AS (
        SELECT DISTINCT c.person_id, c.day, c.event_id, c.type, c.occurred_on, c.agency_id,
               {_points("c.type")} AS points
        FROM counted c
        -- Only for a child with no open involvement.
        WHERE NOT EXISTS (
            SELECT 1 FROM open_involvements o WHERE o.person_id = c.person_id AND o.day = c.day
        )
    )
    SELECT person_id, day, '' AS key,
           list(event_id ORDER BY occurred_on) AS evidence,
           false AS raised,
           json_object('points', sum(points), 'events', count(*),
                       'agencies', count(DISTINCT agency_id), 'window_days', {window}) AS facts
    FROM events
    GROUP BY person_id, day
    HAVING sum(points) >= {int(p["points"])} AND count(DISTINCT agency_id) >= {int(p["agencies"])}
    """


def explain(facts, evidence, p):
    window = int(facts.get("window_days", p["window_days"]))
    sentence = (
        f"{plural(facts.get('points', 0), 'point')} of concern from "
        f"{plural(facts.get('events', len(evidence)), 'event')} recorded by "
        f"{plural(facts.get('agencies', 0), 'agency', 'agencies')} in {plural(window, 'day')}, "
        f"with no open involvement of children's social care"
    )
    if evidence:
        sentence += f": {evidence_list(evidence)}"
    return sentence + "."


CHECK = Check(
    code="LC14",
    version=1,
    title="Cumulative harm",
    learning=(
        Learning(
            "OSCAR",
            "Cumulative harm and trauma: recognising and addressing the impact of generational "
            "trauma on children and families.",
        ),
        Learning(
            "CHILD-R-PR",
            "Individual incidents were not collated into a full overview.",
        ),
        Learning(
            "ADOL",
            "Whilst agencies collated individual records of significant events, there was no "
            "multi-agency chronology to understand patterns and events over time.",
        ),
    ),
    suggested_action="Multi-agency discussion; consider a referral or an early help assessment.",
    severity="medium",
    severity_rule="Not raised.",
    parameters=(
        Parameter("points", 8, "Points of concern that add up to cumulative harm", 2, 100),
        Parameter("agencies", 3, "Different agencies the events come from", 1, 10),
        Parameter("window_days", 365, "Days looked back over", minimum=30, maximum=1825),
    ),
    sql=sql,
    explain=explain,
)
