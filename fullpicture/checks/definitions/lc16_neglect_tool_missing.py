"""LC16: neglect tool missing. CHILD-N: the neglect tool is required for these children.

The alert is the child's (key ''): one tool completed covers every plan and meeting
that calls for it. It rests on the open child protection plans for neglect (or
multiple categories) older than the grace period and the legal planning meetings
43 to 180 days ago; the last tool completed, if older than the window, is in facts.
"""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, plural

CATEGORIES = "('neglect', 'multiple')"


def sql(p):
    grace = int(p["grace_days"])
    meeting_days = int(p["meeting_days"])
    tool_days = int(p["tool_days"])
    return f"""
    WITH reasons AS (
        -- An open CP plan for neglect (or multiple) that started more than {grace} days ago.
        SELECT person_id, day, event_id, started_on AS on_day, 'plan' AS reason, category
        FROM open_involvements
        WHERE kind = 'cp' AND category IN {CATEGORIES} AND day - started_on > {grace}
        UNION ALL
        -- A legal planning meeting {grace + 1} to {meeting_days} days ago, both included.
        SELECT DISTINCT of_person, day, event_id, occurred_on, 'meeting', ''
        FROM child_events
        WHERE type = 'csc.legal_planning_meeting'
          AND day - occurred_on > {grace} AND day - occurred_on <= {meeting_days}
    ),
    last_tool AS (
        SELECT of_person AS person_id, day, max(occurred_on) AS tool_on
        FROM child_events
        WHERE type = 'csc.neglect_tool_completed'
        GROUP BY of_person, day
    )
    SELECT r.person_id, r.day, '' AS key,
           list(r.event_id ORDER BY r.on_day, r.event_id) AS evidence,
           false AS raised,
           json_object(
               'plans', list(json_object('started_on', r.on_day, 'category', r.category)
                             ORDER BY r.on_day) FILTER (WHERE r.reason = 'plan'),
               'meetings', list(r.on_day ORDER BY r.on_day) FILTER (WHERE r.reason = 'meeting'),
               'last_tool_on', any_value(t.tool_on),
               'grace_days', {grace}, 'tool_days', {tool_days}) AS facts
    FROM reasons r
    LEFT JOIN last_tool t ON t.person_id = r.person_id AND t.day = r.day
    -- No neglect tool completed in the {tool_days} days ending on the day evaluated.
    WHERE t.tool_on IS NULL OR r.day - t.tool_on >= {tool_days}
    GROUP BY r.person_id, r.day
    """


def _day(value: str) -> str:
    return day_month(date.fromisoformat(value))


def explain(facts, evidence, p):
    plans = [
        f"a child protection plan for {item['category']} harm started on {_day(item['started_on'])}"
        for item in facts.get("plans") or []
    ]
    meetings = [f"a legal planning meeting on {_day(day)}" for day in facts.get("meetings") or []]
    parts = plans + meetings
    reasons = "; ".join(parts)
    sentence = f"The child has {reasons}." if parts else ""
    last = facts.get("last_tool_on")
    window = plural(facts.get("tool_days", p.get("tool_days", 180)), "day")
    if last:
        sentence += (
            f" The neglect tool was last completed on {_day(last)}, not in the last {window}."
        )
    else:
        sentence += f" No neglect tool has been recorded as completed in the last {window}."
    return sentence.strip()


CHECK = Check(
    code="LC16",
    version=1,
    title="Neglect tool missing",
    learning=(
        Learning(
            "CHILD-N",
            "The OSCB Neglect tool is now required to be completed for all children subject to "
            "a child protection plan for neglect and all children coming to legal panel.",
        ),
    ),
    suggested_action="Complete the neglect tool, with other professionals.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter(
            "grace_days",
            42,
            "Days a neglect plan or legal planning meeting may go without the tool",
            1,
            365,
        ),
        Parameter("meeting_days", 180, "Days a legal planning meeting calls for the tool", 30, 730),
        Parameter("tool_days", 180, "Days a completed neglect tool counts for", 30, 730),
    ),
    sql=sql,
    explain=explain,
)
