"""LC17: suicide risk without a prevention plan. CHILD-R-SCR.

The alert is the child's (key ''): what a professional decides is whether the
child has a suicide prevention plan, and one full plan dated on or after the latest
self-harm or suicide-risk event answers every earlier one. Keying by event would
raise several alerts asking for the same plan; a new event instead updates the
child's alert (and brings back one that was dismissed).

"(7) days after that event": the plan may be dated on the day of the event or in
the 7 days after it; the check waits for that window to pass and fires on the 8th
day after the event (the catalogue's "fires on the first day after it"). "Dated
after that event" is read on dates as on or after the event's day. A plan with no
`review_by` has no review date that could have passed.
"""

from datetime import date

from fullpicture.checks.registry import (
    Check,
    Learning,
    Parameter,
    day_month,
    evidence_list,
    plural,
)

RISK_TYPES = ("health.self_harm", "health.suicide_risk")
PLAN_TYPES = ("csc.suicide_prevention_plan",)
LAC_TYPES = ("csc.looked_after_started", "csc.looked_after_ended", "csc.case_closed")
REQUIRED = (
    "emotional_risks",
    "behavioural_risks",
    "situational_risks",
    "ligature_risks",
    "named_roles",
)
WORDS = {
    "emotional_risks": "emotional risks",
    "behavioural_risks": "behavioural risks",
    "situational_risks": "situational risks",
    "ligature_risks": "ligature points",
    "named_roles": "named roles",
}


def _in(codes) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


def sql(p):
    window = int(p["window_days"])
    grace = int(p["plan_days"])
    required = "[" + ", ".join(f"'{item}'" for item in REQUIRED) + "]"
    return f"""
    WITH mine AS MATERIALIZED (
        -- One pass over the child's events for every type this check reads. (An event in
        -- which the child is both subject and involved comes twice: lists below are distinct.)
        SELECT of_person AS person_id, day, event_id, type, occurred_on, review_by, plan_covers
        FROM child_events
        WHERE type IN {_in(RISK_TYPES + PLAN_TYPES + LAC_TYPES)}
    ),
    risks AS (
        SELECT person_id, day, event_id, occurred_on
        FROM mine
        WHERE type IN {_in(RISK_TYPES)} AND occurred_on > day - {window}
    ),
    plans AS (
        SELECT person_id, day, event_id, occurred_on, review_by,
               list_filter({required}, lambda item: NOT list_contains(plan_covers, item)) AS missing
        FROM mine
        WHERE type IN {_in(PLAN_TYPES)}
    ),
    unmet AS (
        -- Risk events with no full, current plan dated on or after them.
        SELECT r.* FROM risks r
        WHERE NOT EXISTS (
            SELECT 1 FROM plans x
            WHERE x.person_id = r.person_id AND x.day = r.day
              AND x.occurred_on >= r.occurred_on AND len(x.missing) = 0
              AND (x.review_by IS NULL OR x.review_by >= r.day)
        )
    ),
    overdue AS (
        SELECT person_id, day, min(occurred_on) AS first_on,
               list_sort(list(DISTINCT event_id)) AS risk_ids,
               list_sort(list(DISTINCT struct_pack(occurred_on, event_id))) AS risks
        FROM unmet
        GROUP BY person_id, day
        HAVING max(day - occurred_on) > {grace}
    ),
    looked_after AS (
        -- Open looked-after involvements (as `open_involvements` of kind 'lac', from the
        -- events already read: open from the start to the day before an end or closure).
        SELECT s.person_id, s.day, list(DISTINCT s.event_id) AS lac_ids,
               min(s.occurred_on) AS lac_on
        FROM mine s
        WHERE s.type = 'csc.looked_after_started'
          AND NOT EXISTS (
              SELECT 1 FROM mine x
              WHERE x.person_id = s.person_id AND x.day = s.day
                AND x.type IN {_in(LAC_TYPES[1:])} AND x.occurred_on >= s.occurred_on)
        GROUP BY s.person_id, s.day
    ),
    last_plan AS (
        -- The latest plan since the first unanswered event: what is wrong with it.
        SELECT o.person_id, o.day,
               arg_max(x.event_id, (x.occurred_on, x.event_id)) AS plan_id,
               arg_max(x.occurred_on, (x.occurred_on, x.event_id)) AS plan_on,
               arg_max(x.missing, (x.occurred_on, x.event_id)) AS plan_missing,
               arg_max(x.review_by, (x.occurred_on, x.event_id)) AS plan_review_by
        FROM overdue o JOIN plans x
          ON x.person_id = o.person_id AND x.day = o.day AND x.occurred_on >= o.first_on
        GROUP BY o.person_id, o.day
    )
    SELECT o.person_id, o.day, '' AS key,
           list_concat(l.lac_ids, o.risk_ids,
                       CASE WHEN lp.plan_id IS NULL THEN [] ELSE [lp.plan_id] END) AS evidence,
           false AS raised,
           json_object('risk_days', [r.occurred_on FOR r IN o.risks], 'looked_after_on', l.lac_on,
                       'plan_on', lp.plan_on, 'plan_missing', lp.plan_missing,
                       'plan_review_by', lp.plan_review_by,
                       'plan_review_passed', lp.plan_review_by < o.day,
                       'plan_days', {grace}) AS facts
    FROM overdue o
    JOIN looked_after l ON l.person_id = o.person_id AND l.day = o.day
    LEFT JOIN last_plan lp ON lp.person_id = o.person_id AND lp.day = o.day
    """


def _day(value: str) -> str:
    return day_month(date.fromisoformat(value))


def explain(facts, evidence, p):
    risks = [e for e in evidence if e.type in RISK_TYPES]
    count = len(facts.get("risk_days") or risks)
    days = facts.get("plan_days", p.get("plan_days", 7))
    if count == 1:
        which, them = "a self-harm or suicide-risk event", "it"
    else:
        which, them = f"the first of {count} self-harm or suicide-risk events", "them"
    sentence = (
        f"The child has been looked after since {_day(facts['looked_after_on'])}; more than "
        f"{plural(days, 'day')} after {which}, no full, current suicide prevention plan is "
        f"dated after {them}: {evidence_list(risks)}."
    )
    if facts.get("plan_on"):
        problems = []
        missing = [WORDS.get(m, m) for m in facts.get("plan_missing") or []]
        if missing:
            problems.append("leaves out " + _and(missing))
        if facts.get("plan_review_passed"):
            problems.append(f"was due for review by {_day(facts['plan_review_by'])}")
        sentence += f" The plan of {_day(facts['plan_on'])} {' and '.join(problems)}."
    return sentence


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + " and " + words[-1] if len(words) > 1 else "".join(words)


CHECK = Check(
    code="LC17",
    version=1,
    title="Suicide risk without a prevention plan",
    learning=(
        Learning(
            "CHILD-R-SCR",
            "A child in care at risk of suicide must have a suicide prevention plan: "
            "emotional, behavioural and situational risks, ligature points, and named roles.",
        ),
    ),
    suggested_action="Write the suicide prevention plan: risks, ligature points, named roles.",
    severity="high",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter(
            "window_days", 365, "Days a self-harm or suicide-risk event counts for", 30, 1825
        ),
        Parameter("plan_days", 7, "Days after the event by which the plan is due", 0, 90),
    ),
    sql=sql,
    explain=explain,
)
