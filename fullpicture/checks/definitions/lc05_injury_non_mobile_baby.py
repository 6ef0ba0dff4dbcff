"""LC05: injury to a non-mobile baby. Bruising protocols; CHILD-N (an infant)."""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, plural


def sql(p):
    # One alert per event: each bruise or injury is its own referral under the protocol.
    # Only the child's own health events (the child is the patient, so the subject);
    # "under 6 months" is before the day the child is 6 calendar months old.
    months = int(p["under_months"])
    return f"""
    SELECT person_id, day, event_id AS key, [event_id] AS evidence, false AS raised,
           json_object('type', type, 'occurred_on', occurred_on,
                       'age_weeks', date_diff('week', birth_date, occurred_on),
                       'age_months', date_part('year', age(occurred_on, birth_date)) * 12
                                     + date_part('month', age(occurred_on, birth_date)),
                       'under_months', {months}) AS facts
    FROM (SELECT DISTINCT ce.of_person AS person_id, ce.day, ce.event_id, ce.type,
                          ce.occurred_on, ep.birth_date
          FROM child_events ce
          JOIN eval_people ep ON ep.person_id = ce.of_person AND ep.day = ce.day
          WHERE ce.person_id = ce.of_person
            AND (ce.type = 'health.bruise_non_mobile'
                 OR (ce.type = 'health.injury'
                     AND ce.occurred_on < ep.birth_date + INTERVAL {months} MONTH)))
    """


def explain(facts, evidence, p):
    event = evidence[0] if evidence else None
    on = day_month(date.fromisoformat(facts["occurred_on"]))
    said = f" ({event.agency}: '{event.explanation or event.summary}')" if event else ""
    if facts["age_weeks"] < 26 or facts.get("age_months") is None:
        age = f"aged {plural(facts['age_weeks'], 'week')}"
    else:
        age = f"aged {plural(facts['age_months'], 'month')}"
    if facts["type"] == "health.bruise_non_mobile":
        return f"Bruising to a non-mobile child was recorded on {on}{said}, the child {age}."
    return (
        f"An injury on {on}{said}, when the child was {age}: under "
        f"{facts.get('under_months') or p['under_months']} months old."
    )


CHECK = Check(
    code="LC05",
    version=1,
    title="Injury to a non-mobile baby",
    learning=(
        Learning(
            "wider practice",
            "Bruising or injury in a baby who is not yet mobile is rare and must be referred "
            "under the local bruising protocol.",
        ),
        Learning(
            "CHILD-N",
            "A child who died aged one: practitioners need a more forensic approach to "
            "identifying and monitoring neglect and possible safeguarding issues.",
        ),
    ),
    suggested_action="Make an urgent referral under the local bruising protocol.",
    severity="high",
    severity_rule="Not raised: always high.",
    parameters=(Parameter("under_months", 6, "A baby under this many months old", 1, 24),),
    sql=sql,
    explain=explain,
)
