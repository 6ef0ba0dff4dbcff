"""LC03: child's voice not recorded. OSCAR: lived experience at every contact; ADOL: missed."""

from fullpicture.checks.definitions.lc01_child_not_seen import seen_events
from fullpicture.checks.registry import Check, Learning, Parameter, evidence_list, plural


def sql(p):
    # Every contact in the window where the child was seen, by any agency, counts towards the
    # share; the evidence is the contacts that record nothing of the child's voice.
    return f"""
    SELECT person_id, day, '' AS key,
           list(event_id ORDER BY occurred_on, event_id) FILTER (WHERE empty) AS evidence,
           false AS raised,
           json_object('seen', count(*), 'empty', count(*) FILTER (WHERE empty),
                       'window_days', {int(p["window_days"])}) AS facts
    FROM (SELECT person_id, day, event_id, occurred_on, coalesce(voice_empty, true) AS empty
          FROM ({seen_events()}) s
          WHERE occurred_on > day - {int(p["window_days"])})
    GROUP BY person_id, day
    HAVING count(*) >= {int(p["seen_events"])}
       AND count(*) FILTER (WHERE empty) > 0
       AND 100 * count(*) FILTER (WHERE empty) >= {int(p["empty_percent"])} * count(*)
    """


def explain(facts, evidence, p):
    return (
        f"The child was seen at {plural(facts['seen'], 'contact')} in "
        f"{facts.get('window_days') or p['window_days']} days, and {facts['empty']} of them "
        f"record nothing of the child's voice: {evidence_list(evidence)}."
    )


CHECK = Check(
    code="LC03",
    version=1,
    title="Child's voice not recorded",
    learning=(
        Learning(
            "OSCAR",
            "The child's lived experiences and needs are fully documented at every contact.",
        ),
        Learning(
            "ADOL",
            "The child's voice was missed: professionals did not understand what day to day "
            "life was like for the child, whose views, wishes and feelings were not heard or "
            "known.",
        ),
    ),
    suggested_action="Record the child's voice; try other ways to engage the child.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter("seen_events", 3, "Contacts where the child was seen, at least", 1, 50),
        Parameter("window_days", 90, "Days looked back over", 7, 730),
        Parameter("empty_percent", 50, "Share with no voice recorded (percent), at least", 1, 100),
    ),
    sql=sql,
    explain=explain,
)
