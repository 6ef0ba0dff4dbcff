"""LC08: start-again pattern. ADOL: "start again syndrome"; opened and closed too often."""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, plural


def sql(p):
    # Two ways in. Closures in the window: one alert for the child (key ''). A re-referral:
    # one alert per referral (key: the referral), each a decision of its own at the front door.
    return f"""
    WITH csc AS (
        SELECT DISTINCT of_person AS person_id, day, event_id, type, occurred_on
        FROM child_events WHERE type IN ('csc.case_closed', 'csc.referral')
    ),
    closures AS (
        SELECT person_id, day, '' AS key,
               list(event_id ORDER BY occurred_on, event_id) AS evidence, false AS raised,
               json_object('pattern', 'closures', 'count', count(*),
                           'window_days', {int(p["window_days"])}) AS facts
        FROM csc
        WHERE type = 'csc.case_closed' AND occurred_on > day - {int(p["window_days"])}
        GROUP BY person_id, day
        HAVING count(*) >= {int(p["closures"])}
    ),
    re_referrals AS (
        SELECT r.person_id, r.day, r.event_id AS key,
               [arg_max(c.event_id, (c.occurred_on, c.event_id)), r.event_id] AS evidence,
               false AS raised,
               json_object('pattern', 're_referral', 'referred_on', r.occurred_on,
                           'closed_on', max(c.occurred_on),
                           'days', r.occurred_on - max(c.occurred_on)) AS facts
        FROM csc r JOIN csc c
          ON c.person_id = r.person_id AND c.day = r.day AND c.type = 'csc.case_closed'
         AND r.occurred_on - c.occurred_on BETWEEN 1 AND {int(p["re_referral_days"])}
        WHERE r.type = 'csc.referral'
        GROUP BY r.person_id, r.day, r.event_id, r.occurred_on
    )
    SELECT * FROM closures
    UNION ALL
    SELECT * FROM re_referrals
    """


def explain(facts, evidence, p):
    if facts.get("pattern") == "re_referral":
        return (
            f"The child was referred to children's social care on {_day(facts['referred_on'])}, "
            f"{plural(facts['days'], 'day')} after the case was closed on "
            f"{_day(facts['closed_on'])}."
        )
    dates = ", ".join(
        day_month(e.occurred_on) for e in sorted(evidence, key=lambda e: e.occurred_on)
    )
    window = facts.get("window_days") or p["window_days"]
    return (
        f"Children's social care closed the child's case {plural(facts['count'], 'time')} in "
        f"{window} days: {dates}."
    )


def _day(value: str) -> str:
    return day_month(date.fromisoformat(value))


CHECK = Check(
    code="LC08",
    version=1,
    title="Start-again pattern",
    learning=(
        Learning(
            "ADOL",
            'There was evidence of "start again syndrome": the child\'s situation was opened '
            "and closed too often without further professional curiosity.",
        ),
    ),
    suggested_action="Read the whole history; hold a management review before closing.",
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter("closures", 3, "Case closures that make a pattern", 2, 20),
        Parameter("window_days", 730, "Days looked back over for closures", 90, 3650),
        Parameter("re_referral_days", 365, "A referral this many days after a closure", 1, 1825),
    ),
    sql=sql,
    explain=explain,
)
