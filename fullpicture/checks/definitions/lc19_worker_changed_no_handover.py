"""LC19: worker changed without a handover. OSCAR: records when professionals leave;
ADOL: "start again syndrome".

One alert per worker change (key: the `csc.worker_changed` event): each change needs
its own handover. A handover of the child dated from 14 days before the change to 10
days after it answers it; the check waits for that window to pass and fires on the
11th day after the change, and as each later day passes with none recorded.
"""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month


def sql(p):
    before = int(p["before_days"])
    after = int(p["after_days"])
    return f"""
    SELECT DISTINCT w.of_person AS person_id, w.day, w.event_id AS key,
           [w.event_id] AS evidence, false AS raised,
           json_object('changed_on', w.occurred_on,
                       'handover_from', w.occurred_on - {before},
                       'handover_to', w.occurred_on + {after}) AS facts
    FROM child_events w
    WHERE w.type = 'csc.worker_changed' AND w.day - w.occurred_on > {after}
      AND NOT EXISTS (
          SELECT 1 FROM child_events h
          WHERE h.of_person = w.of_person AND h.day = w.day
            AND h.type = 'csc.handover_recorded'
            AND h.occurred_on >= w.occurred_on - {before}
            AND h.occurred_on <= w.occurred_on + {after})
    """


def _day(value: str) -> str:
    return day_month(date.fromisoformat(value))


def explain(facts, evidence, p):
    change = evidence[0] if evidence else None
    by = f" ({change.agency})" if change else ""
    return (
        f"The child's worker changed on {_day(facts['changed_on'])}{by} and no handover was "
        f"recorded between {_day(facts['handover_from'])} and {_day(facts['handover_to'])}."
    )


CHECK = Check(
    code="LC19",
    version=1,
    title="Worker changed without a handover",
    learning=(
        Learning(
            "OSCAR",
            "Record keeping: the importance of thorough and accurate documentation, "
            "especially when professionals leave the service.",
        ),
        Learning(
            "ADOL",
            "There was evidence of 'start again syndrome': practitioners' desire to 'start "
            "again' with a family, or view the situation with 'fresh eyes', leads to poor "
            "analysis of history and parenting capacity.",
        ),
    ),
    suggested_action="Write the handover; the new worker reads the history.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter("before_days", 14, "Days before the change a handover may be written", 0, 90),
        Parameter("after_days", 10, "Days after the change by which the handover is due", 0, 90),
    ),
    sql=sql,
    explain=explain,
)
