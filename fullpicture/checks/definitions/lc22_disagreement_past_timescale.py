"""LC22: professional disagreement past its timescale. ADOL: resolving disagreements and the
escalation policy.

One alert per disagreement (key: the `*.professional_disagreement` event): each stage
is its own decision to move on. A stage s disagreement has a timescale of working
days (Monday to Friday) after the day it was raised; a `professional_disagreement`
of a higher stage or a `disagreement_resolved` of the child, dated from the day of
the disagreement to the last working day of its timescale, answers it. Otherwise the
check fires on the first working day after the timescale, and on every day after.
A disagreement without a stage is taken as stage 1.

Working days are computed by arithmetic on `isodow` (no calendar table): a day at
the weekend counts from the Friday before it, and the n-th working day after a
weekday of ISO weekday w (1 to 5) is its Monday + 7 * ((w - 1 + n) // 5)
+ (w - 1 + n) % 5. Bank holidays are not known and count as working days.
"""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, plural

DISAGREEMENT = "'%.professional_disagreement'"
RESOLVED = "'%.disagreement_resolved'"


def working_day_after(day: str, n: str) -> str:
    """SQL: the `n`-th working day (Monday to Friday) after the date `day`."""
    weekday = f"least(isodow({day}), 5)"
    monday = f"({day} - CAST(isodow({day}) - 1 AS INTEGER))"
    offset = f"({weekday} - 1 + ({n}))"
    return f"({monday} + CAST(7 * ({offset} // 5) + {offset} % 5 AS INTEGER))"


def sql(p):
    timescales = {stage: int(p[f"stage{stage}_days"]) for stage in (1, 2, 3, 4)}
    whens = " ".join(f"WHEN {stage} THEN {days}" for stage, days in timescales.items())
    return f"""
    WITH disagreements AS (
        SELECT DISTINCT of_person AS person_id, day, event_id, occurred_on, type,
               least(greatest(coalesce(stage, 1), 1), 4) AS stage
        FROM child_events
        WHERE type LIKE {DISAGREEMENT}
    ),
    timed AS (
        SELECT *, CASE stage {whens} END AS timescale FROM disagreements
    ),
    due AS (
        SELECT *,
               {working_day_after("occurred_on", "timescale")} AS deadline,
               {working_day_after("occurred_on", "timescale + 1")} AS fires_on
        FROM timed
    )
    SELECT d.person_id, d.day, d.event_id AS key, [d.event_id] AS evidence,
           false AS raised,
           json_object('raised_on', d.occurred_on, 'stage', d.stage,
                       'timescale', d.timescale, 'deadline', d.deadline) AS facts
    FROM due d
    WHERE d.day >= d.fires_on
      AND NOT EXISTS (
          SELECT 1 FROM child_events x
          WHERE x.of_person = d.person_id AND x.day = d.day
            AND x.occurred_on >= d.occurred_on AND x.occurred_on <= d.deadline
            AND (x.type LIKE {RESOLVED}
                 OR (x.type LIKE {DISAGREEMENT} AND coalesce(x.stage, 1) > d.stage)))
    """


def _day(value: str) -> str:
    return day_month(date.fromisoformat(value))


def explain(facts, evidence, p):
    raised = evidence[0] if evidence else None
    by = f" by {raised.agency}" if raised else ""
    return (
        f"A stage {facts['stage']} professional disagreement was raised{by} on "
        f"{_day(facts['raised_on'])}; its timescale of "
        f"{plural(facts['timescale'], 'working day')} ended on {_day(facts['deadline'])} "
        f"with no resolution or escalation to the next stage recorded."
    )


CHECK = Check(
    code="LC22",
    version=1,
    title="Disagreement past its timescale",
    learning=(
        Learning(
            "ADOL",
            "If you disagree with the decision making, discuss this with your line manager or "
            "Designated Safeguarding Lead and refer to the OSCB Resolving Multi-Agency "
            "Disagreements and Escalation Policy.",
        ),
    ),
    suggested_action="Move the disagreement to the next stage of the escalation policy.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter("stage1_days", 5, "Working days to resolve a stage 1 disagreement", 1, 60),
        Parameter("stage2_days", 10, "Working days to resolve a stage 2 disagreement", 1, 60),
        Parameter("stage3_days", 15, "Working days to resolve a stage 3 disagreement", 1, 60),
        Parameter("stage4_days", 20, "Working days to resolve a stage 4 disagreement", 1, 60),
    ),
    sql=sql,
    explain=explain,
)
