"""LC23: adolescent at high risk. CHILD-R-PR: adolescents with high-risk behaviour and
complex needs.

The alert is the child's (key ''): the decision is whether to take this young person
to the complex child panel, and it rests on every risk event of the five kinds in the
window.
"""

from fullpicture.checks.registry import Check, Learning, Parameter, evidence_list, plural

RISK_TYPES = (
    "police.missing_episode",
    "police.exploitation_concern",
    "health.child_substance_misuse",
    "police.child_offending",
    "health.self_harm",
)
WORDS = {
    "police.missing_episode": "missing episodes",
    "police.exploitation_concern": "exploitation concerns",
    "health.child_substance_misuse": "substance misuse",
    "police.child_offending": "offending",
    "health.self_harm": "self-harm",
}


def sql(p):
    types = "(" + ", ".join(f"'{t}'" for t in RISK_TYPES) + ")"
    return f"""
    SELECT e.person_id, e.day, '' AS key,
           list(e.event_id ORDER BY e.occurred_on, e.event_id) AS evidence,
           false AS raised,
           json_object('kinds', list_sort(list(DISTINCT e.type)), 'events', count(*),
                       'age', any_value(a.age_years),
                       'window_days', {int(p["window_days"])}) AS facts
    FROM (SELECT DISTINCT of_person AS person_id, day, event_id, type, occurred_on
          FROM child_events
          WHERE type IN {types} AND occurred_on > day - {int(p["window_days"])}) e
    JOIN eval_people a ON a.person_id = e.person_id AND a.day = e.day
    WHERE a.age_years >= {int(p["age"])}
    GROUP BY e.person_id, e.day
    HAVING count(DISTINCT e.type) >= {int(p["kinds"])}
    """


def explain(facts, evidence, p):
    kinds = [WORDS.get(kind, kind) for kind in facts.get("kinds") or []]
    named = ", ".join(kinds[:-1]) + f" and {kinds[-1]}" if len(kinds) > 1 else "".join(kinds)
    window = facts.get("window_days", p.get("window_days"))
    return (
        f"A young person aged {facts['age']} with {plural(len(kinds), 'kind')} of high-risk "
        f"event in {window} days ({named}): {evidence_list(evidence)}."
    )


CHECK = Check(
    code="LC23",
    version=1,
    title="Adolescent at high risk",
    learning=(
        Learning(
            "CHILD-R-PR",
            "Adolescents with high-risk behaviour and complex needs: escalate when risks are "
            "not reducing despite interventions (senior manager, legal panel, complex case "
            "panel).",
        ),
    ),
    suggested_action="Consider the complex child panel.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter("age", 13, "Age from which a child is an adolescent (years)", 10, 17),
        Parameter("kinds", 2, "Different kinds of high-risk event", 1, 5),
        Parameter("window_days", 180, "Days looked back over", 30, 730),
    ),
    sql=sql,
    explain=explain,
)
