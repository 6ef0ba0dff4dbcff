"""LC04: repeated injuries. ADOL: 13 medical appointments for injuries, never collated."""

from fullpicture.checks.registry import (
    Check,
    Learning,
    Parameter,
    evidence_list,
    months_between,
    plural,
)

INJURY_TYPES = "('health.injury', 'health.bruise_non_mobile')"


def sql(p):
    # Every injury of the child in the window; the alert is the child's, whatever the set.
    return f"""
    SELECT person_id, day, '' AS key,
           list(event_id ORDER BY occurred_on) AS evidence,
           bool_or(explanation_consistent = false) AS raised,
           json_object('count', count(*), 'inconsistent',
                       count(*) FILTER (WHERE explanation_consistent = false)) AS facts
    FROM (SELECT DISTINCT of_person AS person_id, day, event_id, occurred_on,
                          explanation_consistent
          FROM child_events
          WHERE type IN {INJURY_TYPES}
            AND occurred_on > day - {int(p["window_days"])})
    GROUP BY person_id, day
    HAVING count(*) >= {int(p["injuries"])}
    """


def explain(facts, evidence, p):
    first = min(e.occurred_on for e in evidence)
    last = max(e.occurred_on for e in evidence)
    sentence = (
        f"{plural(len(evidence), 'injury-related health event')} in "
        f"{plural(months_between(first, last), 'month')}: "
        f"{evidence_list(evidence, with_explanation=True)}."
    )
    if facts.get("inconsistent"):
        sentence += (
            f" The explanation was recorded as inconsistent with the injury "
            f"{plural(facts['inconsistent'], 'time')}."
        )
    return sentence


CHECK = Check(
    code="LC04",
    version=1,
    title="Repeated injuries",
    learning=(
        Learning(
            "ADOL",
            "13 medical appointments for injuries with inconsistent explanations; "
            "health systems did not collate them.",
        ),
    ),
    suggested_action="Share with children's social care; consider a strategy discussion.",
    severity="medium",
    severity_rule="Raised when any injury's explanation was recorded as inconsistent.",
    parameters=(
        Parameter("injuries", 3, "Injuries that make a pattern", minimum=2, maximum=20),
        Parameter("window_days", 365, "Days looked back over", minimum=30, maximum=1825),
    ),
    sql=sql,
    explain=explain,
)
