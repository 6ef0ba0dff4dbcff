"""LC12: non-engagement. OSCAR: escalate with non-engagement; CHILD-R-PR: engaging the
mother cost the child's timescales.

Counts the child's events and the events of a parent (a current `parent` or
`step_parent` link on the day evaluated, wherever they live; subject or involved),
recorded by the day evaluated. An event of both counts once.
"""

from fullpicture.checks.registry import Check, Learning, Parameter, evidence_list, plural


def _missed(column: str) -> str:
    """SQL: the event type in `column` is a `*.non_engagement` (any domain), a was-not-brought
    or a no-access visit."""
    return (
        f"(ends_with({column}, '.non_engagement') "
        f"OR {column} IN ('health.was_not_brought', 'csc.no_access_visit'))"
    )


def sql(p):
    window = int(p["window_days"])
    return f"""
    WITH missed AS (
        SELECT of_person AS person_id, day, event_id, occurred_on, true AS of_child
        FROM child_events
        WHERE {_missed("type")} AND occurred_on > day - {window}
        UNION ALL
        SELECT p.person_id, p.day, e.event_id, e.occurred_on, false AS of_child
        FROM parents p JOIN events_of e ON e.of_person = p.parent_id
        WHERE {_missed("e.type")}
          AND e.recorded_on <= p.day AND e.occurred_on <= p.day
          AND e.occurred_on > p.day - {window}
    ),
    events AS (
        SELECT person_id, day, event_id, min(occurred_on) AS occurred_on,
               bool_or(of_child) AS of_child
        FROM missed GROUP BY person_id, day, event_id
    )
    SELECT person_id, day, '' AS key,
           list(event_id ORDER BY occurred_on) AS evidence,
           false AS raised,
           json_object('count', count(*), 'of_child', count(*) FILTER (WHERE of_child),
                       'of_parent', count(*) FILTER (WHERE NOT of_child),
                       'window_days', {window}) AS facts
    FROM events
    GROUP BY person_id, day
    HAVING count(*) >= {int(p["events"])}
    """


def explain(facts, evidence, p):
    window = int(facts.get("window_days", p["window_days"]))
    count = facts.get("count", len(evidence))
    whose = []
    if facts.get("of_child"):
        whose.append(f"{facts['of_child']} of the child")
    if facts.get("of_parent"):
        whose.append(f"{facts['of_parent']} of a parent")
    sentence = (
        f"{plural(count, 'missed appointment, no-access visit or service declined', 'missed appointments, no-access visits or services declined')} in "
        f"{plural(window, 'day')}"
    )
    if whose:
        sentence += f" ({', '.join(whose)})"
    if evidence:
        sentence += f": {evidence_list(evidence)}"
    return sentence + "."


CHECK = Check(
    code="LC12",
    version=1,
    title="Non-engagement",
    learning=(
        Learning(
            "OSCAR",
            "Use of the escalation policy is considered when engagement does not occur: "
            "escalate cases quickly when families are not engaging, ensuring that children are "
            "seen, and multi-agency meetings are held.",
        ),
        Learning(
            "CHILD-R-PR",
            "Effort spent engaging the mother lost the child's timescales.",
        ),
    ),
    suggested_action=(
        "Use the escalation policy; hold a multi-agency meeting; make sure the child is seen."
    ),
    severity="medium",
    severity_rule="Not raised.",
    parameters=(
        Parameter("events", 3, "Missed or declined contacts that make a pattern", 2, 20),
        Parameter("window_days", 90, "Days looked back over", minimum=14, maximum=730),
    ),
    sql=sql,
    explain=explain,
)
