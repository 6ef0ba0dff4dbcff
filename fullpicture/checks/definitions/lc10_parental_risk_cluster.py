"""LC10: parental risk cluster. OSCAR and ADOL: domestic abuse, mental ill health and
substance misuse around the child, seen one at a time.

`adult_events_sql` (also used by LC14) gives the events of the adults around a child:
of a parent (a current `parent` or `step_parent` link on the day evaluated, wherever
they live), and of an adult in the child's household on the day of the event
(`household_spells` known by the day evaluated; 18 or over on the day of the event, or
of unknown age). An event counts when the adult is its subject or involved in any role,
and only when recorded by the day evaluated.
"""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, plural
from fullpicture.checks.sql import member_on

CATEGORIES = {
    "police.domestic_abuse_incident": "domestic_abuse",
    "health.parent_mental_health": "mental_health",
    "adult.mental_health_contact": "mental_health",
    "health.parent_substance_misuse": "substance_misuse",
    "adult.substance_misuse_service": "substance_misuse",
}
CATEGORY_WORDS = {
    "domestic_abuse": "domestic abuse",
    "mental_health": "mental ill health",
    "substance_misuse": "substance or alcohol misuse",
}


def _in(codes) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


def adult_events_sql(types, window_days: int) -> str:
    """SQL (a SELECT) of the events of these types of the child's parents and household adults
    in the `window_days` ending on the day evaluated: person_id, day, event_id, type,
    occurred_on, agency_id, adult_id (an event may come once per adult)."""
    return f"""
        SELECT p.person_id, p.day, e.event_id, e.type, e.occurred_on, e.agency_id,
               p.parent_id AS adult_id
        FROM parents p JOIN events_of e ON e.of_person = p.parent_id
        WHERE e.type IN {_in(types)}
          AND e.recorded_on <= p.day AND e.occurred_on <= p.day
          AND e.occurred_on > p.day - {int(window_days)}
        UNION ALL
        SELECT v.person_id, v.day, e.event_id, e.type, e.occurred_on, e.agency_id,
               h.member_id AS adult_id
        FROM eval v
        JOIN household_spells h ON h.child_id = v.person_id
        JOIN events_of e ON e.of_person = h.member_id
        JOIN people m ON m.person_id = h.member_id
        WHERE e.type IN {_in(types)}
          AND e.recorded_on <= v.day AND e.occurred_on <= v.day
          AND e.occurred_on > v.day - {int(window_days)}
          AND {member_on("h", "e.occurred_on", "v.day")}
          AND (m.adult_from IS NULL OR m.adult_from <= e.occurred_on)
    """


def _category() -> str:
    whens = " ".join(f"WHEN '{code}' THEN '{kind}'" for code, kind in CATEGORIES.items())
    return f"CASE type {whens} END"


def sql(p):
    return f"""
    SELECT person_id, day, '' AS key,
           list(event_id ORDER BY occurred_on) AS evidence,
           count(DISTINCT category) >= 3 AS raised,
           json_object(
               'categories', list_sort(list_distinct(list(category))),
               'first', min(occurred_on), 'last', max(occurred_on),
               'domestic_abuse', count(*) FILTER (WHERE category = 'domestic_abuse'),
               'mental_health', count(*) FILTER (WHERE category = 'mental_health'),
               'substance_misuse', count(*) FILTER (WHERE category = 'substance_misuse')
           ) AS facts
    FROM (SELECT DISTINCT person_id, day, event_id, occurred_on, {_category()} AS category
          FROM ({adult_events_sql(CATEGORIES, int(p["window_days"]))}))
    GROUP BY person_id, day
    HAVING count(DISTINCT category) >= {int(p["categories"])}
    """


def explain(facts, evidence, p):
    kinds = [k for k in ("domestic_abuse", "mental_health", "substance_misuse") if facts.get(k)]
    parts = [f"{CATEGORY_WORDS[k]} ({plural(facts[k], 'event')})" for k in kinds]
    listed = ", ".join(parts[:-1]) + " and " + parts[-1] if len(parts) > 1 else "".join(parts)
    span = ""
    if facts.get("first") and facts.get("last"):
        first = date.fromisoformat(facts["first"])
        last = date.fromisoformat(facts["last"])
        span = f" between {day_month(first)} and {day_month(last)}"
    return (
        f"The child's parents and household adults have events of {len(kinds)} parental risks"
        f"{span}: {listed}."
    )


CHECK = Check(
    code="LC10",
    version=1,
    title="Parental risk cluster",
    learning=(
        Learning(
            "OSCAR",
            "Mum was known to have mental health difficulties, domestic abuse within "
            "relationships and alcohol and substance misuse; the impact of parental mental "
            "health / substance misuse on parenting ability is to be considered at every "
            "contact and the thresholds for escalation considered.",
        ),
        Learning(
            "ADOL",
            "Understanding the impact of parental mental health on parenting; mother's history "
            "and mental health should have been explored and analysed in much more depth.",
        ),
    ),
    suggested_action=(
        "Consider the impact on parenting at every contact; consider the threshold for escalation."
    ),
    severity="medium",
    severity_rule=(
        "Raised when all three are present: domestic abuse, mental ill health and substance "
        "or alcohol misuse."
    ),
    parameters=(
        Parameter("categories", 2, "Different parental risks that make a cluster", 2, 3),
        Parameter("window_days", 730, "Days looked back over", minimum=90, maximum=3650),
    ),
    sql=sql,
    explain=explain,
)
