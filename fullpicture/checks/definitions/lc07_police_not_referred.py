"""LC07: police report not referred. ADOL: reports to police were not referred on.

One alert per police event: each is a separate decision (should this report have
gone to children's social care?). The event counts when it is the child's (subject or
involved in any role) or an event of someone in the child's household on the day it
happened (`household_spells`, as known on the day evaluated).
"""

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, plural
from fullpicture.checks.sql import member_on

POLICE_TYPES = (
    "police.domestic_abuse_incident",
    "police.offence_against_child",
    "police.sexual_offence",
    "police.welfare_check",
    "police.exploitation_concern",
)
CSC_RESPONSES = "('csc.contact', 'csc.referral')"


def _in(codes) -> str:
    return "(" + ", ".join(f"'{code}'" for code in codes) + ")"


def sql(p):
    window = int(p["window_days"])
    return f"""
    WITH reports AS (
        -- The child's own police events.
        SELECT person_id, day, event_id, occurred_on, 'child' AS whose
        FROM (SELECT of_person AS person_id, day, event_id, occurred_on, type, referred_to
              FROM child_events)
        WHERE type IN {_in(POLICE_TYPES)}
          AND NOT list_contains(referred_to, 'childrens_social_care')
        UNION ALL
        -- Police events of whoever was in the child's household on the day of the event.
        SELECT v.person_id, v.day, e.event_id, e.occurred_on, 'household' AS whose
        FROM eval v
        JOIN household_spells h ON h.child_id = v.person_id
        JOIN events_of e ON e.of_person = h.member_id
        WHERE e.type IN {_in(POLICE_TYPES)}
          AND NOT list_contains(e.referred_to, 'childrens_social_care')
          AND e.recorded_on <= v.day AND e.occurred_on <= v.day
          AND {member_on("h", "e.occurred_on", "v.day")}
    ),
    unanswered AS (
        -- The window (the event's day and the {window} days after it) has passed ...
        SELECT person_id, day, event_id, occurred_on, list_distinct(list(whose)) AS whose
        FROM reports
        WHERE occurred_on + {window + 1} <= day
        GROUP BY person_id, day, event_id, occurred_on
    )
    SELECT u.person_id, u.day, u.event_id AS key, [u.event_id] AS evidence,
           false AS raised,
           json_object('occurred_on', u.occurred_on, 'window_days', {window},
                       'of_child', list_contains(u.whose, 'child')) AS facts
    FROM unanswered u
    -- ... and children's social care had no contact or referral of the child in it.
    WHERE NOT EXISTS (
        SELECT 1 FROM events_of c
        WHERE c.of_person = u.person_id AND c.type IN {CSC_RESPONSES}
          AND c.recorded_on <= u.day
          AND c.occurred_on >= u.occurred_on AND c.occurred_on <= u.occurred_on + {window}
    )
    """


def _a(words: str) -> str:
    return f"{'an' if words[:1] in 'aeiou' else 'a'} {words}"


def explain(facts, evidence, p):
    window = int(facts.get("window_days", p["window_days"]))
    if not evidence:
        return f"A police report was not referred to children's social care within {window} days."
    report = evidence[0]
    whose = (
        "" if facts.get("of_child") else f" about {report.person_name}, of the child's household"
    )
    return (
        f"{report.agency} recorded {_a(report.type_label.lower())} on "
        f"{day_month(report.occurred_on)}{whose}: '{report.summary}'. It was not referred to "
        f"children's social care, and children's social care had no contact or referral for the "
        f"child in the {plural(window, 'day')} after it."
    )


CHECK = Check(
    code="LC07",
    version=1,
    title="Police report not referred",
    learning=(
        Learning(
            "ADOL",
            "Reports to Police were not referred onto Children's Social Care for further "
            "assessment and enquiries.",
        ),
    ),
    suggested_action="Police refer; children's social care screens.",
    severity="high",
    severity_rule="Not raised: every police report about the child left unreferred is high.",
    parameters=(
        Parameter(
            "window_days",
            7,
            "Days after the report for a children's social care contact or referral",
            minimum=1,
            maximum=60,
        ),
    ),
    sql=sql,
    explain=explain,
)
