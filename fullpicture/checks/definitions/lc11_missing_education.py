"""LC11: missing education. ADOL: non-attendance and frequent changes of school."""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, evidence_list, plural

INVOLVEMENT_WORDS = {
    "cp": "child protection plan",
    "cin": "child in need plan",
    "lac": "period of being looked after",
    "assessment": "assessment",
}


def sql(p):
    # The child's own education events (the pupil is the subject). A removal and a move to
    # home education are each decided about on their own (key: the event). Low attendance
    # (key 'attendance') and the school moves in the window (key '') are each one pattern of
    # the child's: a pupil with a low report every term has one alert whose evidence grows,
    # not one alert per report (version 1 raised hundreds for a long-running case).
    return f"""
    WITH education AS (
        SELECT DISTINCT of_person AS person_id, day, event_id, type, occurred_on,
               attendance_percent
        FROM child_events
        WHERE person_id = of_person AND type IN (
            'education.attendance_report', 'education.school_move',
            'education.child_missing_education', 'education.removed_from_roll',
            'education.elective_home_education')
    )
    SELECT person_id, day, 'attendance' AS key,
           list(event_id ORDER BY occurred_on, event_id) AS evidence, false AS raised,
           json_object('pattern', 'attendance', 'count', count(*),
                       'occurred_on', max(occurred_on),
                       'percent', arg_max(attendance_percent, (occurred_on, event_id)),
                       'lowest', min(attendance_percent),
                       'threshold', {int(p["attendance_percent"])}) AS facts
    FROM education
    WHERE type = 'education.attendance_report'
      AND attendance_percent <= {int(p["attendance_percent"])}
    GROUP BY person_id, day
    UNION ALL
    SELECT person_id, day, '' AS key, list(event_id ORDER BY occurred_on, event_id),
           false, json_object('pattern', 'school_moves', 'count', count(*),
                              'window_days', {int(p["window_days"])})
    FROM education
    WHERE type = 'education.school_move' AND occurred_on > day - {int(p["window_days"])}
    GROUP BY person_id, day
    HAVING count(*) >= {int(p["school_moves"])}
    UNION ALL
    SELECT person_id, day, event_id, [event_id], false,
           json_object('pattern', 'missing', 'occurred_on', occurred_on, 'type', type)
    FROM education
    WHERE type IN ('education.child_missing_education', 'education.removed_from_roll')
    UNION ALL
    SELECT e.person_id, e.day, e.event_id,
           list_concat([e.event_id], list(o.event_id ORDER BY o.started_on, o.event_id)),
           false,
           json_object('pattern', 'home_education', 'occurred_on', e.occurred_on,
                       'involvements', list(json_object('kind', o.kind, 'started_on', o.started_on)
                                            ORDER BY o.started_on, o.kind))
    FROM education e
    JOIN open_involvements o ON o.person_id = e.person_id AND o.day = e.day
    WHERE e.type = 'education.elective_home_education'
    GROUP BY e.person_id, e.day, e.event_id, e.occurred_on
    """


def explain(facts, evidence, p):
    pattern = facts.get("pattern")
    if pattern == "school_moves":
        window = facts.get("window_days") or p["window_days"]
        return (
            f"{plural(facts['count'], 'school move')} in {window} days: {evidence_list(evidence)}."
        )
    on = day_month(date.fromisoformat(facts["occurred_on"]))
    latest = [e for e in evidence if e.type.startswith("education.")]
    event = max(latest, key=lambda e: e.occurred_on) if latest else None
    by = f" by {event.agency}" if event else ""
    if pattern == "attendance":
        count = facts.get("count", 1)
        if count == 1:
            return f"Attendance of {facts['percent']:g}% was reported{by} on {on}."
        return (
            f"Attendance of {facts['threshold']}% or less was reported {count} times: most "
            f"recently {facts['percent']:g}%{by} on {on}; the lowest was {facts['lowest']:g}%."
        )
    if pattern == "missing":
        what = (
            "The child was removed from the school roll"
            if facts["type"] == "education.removed_from_roll"
            else "The child was recorded as missing education"
        )
        return f"{what}{by} on {on}."
    open_now = "; ".join(
        f"{INVOLVEMENT_WORDS.get(i['kind'], i['kind'])} open since "
        f"{day_month(date.fromisoformat(i['started_on']))}"
        for i in facts.get("involvements") or []
    )
    return (
        f"Elective home education was recorded{by} on {on}, while children's social care "
        f"is involved ({open_now})."
    )


CHECK = Check(
    code="LC11",
    version=2,
    title="Missing education",
    learning=(
        Learning(
            "ADOL",
            "The child's regular non-school attendance and frequent change of school impacted "
            "on effective relationship building and known levels of risk.",
        ),
    ),
    suggested_action=(
        "School and children's social care share what they know; consider a children missing "
        "education referral."
    ),
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter(
            "attendance_percent",
            90,
            "Attendance (percent) at or below which a report counts",
            1,
            100,
        ),
        Parameter("school_moves", 2, "School moves that make a pattern", 1, 20),
        Parameter("window_days", 365, "Days looked back over for school moves", 30, 1825),
    ),
    sql=sql,
    explain=explain,
)
