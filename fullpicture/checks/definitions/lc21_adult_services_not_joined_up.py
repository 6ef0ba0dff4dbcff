"""LC21: adult services not joined up. ADOL: children's and adult mental health services
did not communicate; "think family".

"A parent or carer": a current `parent` or `step_parent` link (the shared view `parents`)
or a current `carer` link (A `carer` B: A cares for B) to the child, recorded by the day
evaluated. Their adult mental health or substance misuse service events count whether
they are the subject or involved. "The child's events" are the catalogue's (subject or
involved), so an adult social care event about the parent in which the child is named
joins them up.

The key is '' (this child): what is missing is adult social care in the child's
records, and one joint discussion about the family answers it for every parent.
"""

from fullpicture.checks.registry import Check, Learning, Parameter, evidence_list, plural

ADULT_SERVICES = "('adult.mental_health_contact', 'adult.substance_misuse_service')"


def sql(p):
    window = int(p["window_days"])
    quiet = int(p["adult_social_care_days"])
    return f"""
    WITH carers AS (
        SELECT person_id, day, parent_id AS adult_id FROM parents
        UNION
        SELECT v.person_id, v.day, r.from_person
        FROM eval v JOIN relationships r ON r.to_person = v.person_id AND r.kind = 'carer'
        WHERE r.recorded_on <= v.day AND coalesce(r.from_date, DATE '1900-01-01') <= v.day
          AND (r.to_date IS NULL OR r.to_date > v.day) AND r.from_person <> r.to_person
    ),
    services AS (
        SELECT DISTINCT c.person_id, c.day, e.event_id, e.occurred_on, c.adult_id
        FROM carers c JOIN events_of e ON e.of_person = c.adult_id
        WHERE e.type IN {ADULT_SERVICES}
          AND e.recorded_on <= c.day AND e.occurred_on <= c.day
          AND e.occurred_on > c.day - {window}
    )
    SELECT s.person_id, s.day, '' AS key,
           list(DISTINCT s.event_id) AS evidence,
           false AS raised,
           json_object('adults', count(DISTINCT s.adult_id), 'window_days', {window},
                       'adult_social_care_days', {quiet}) AS facts
    FROM services s
    WHERE EXISTS (
        SELECT 1 FROM open_involvements o WHERE o.person_id = s.person_id AND o.day = s.day
    )
      AND NOT EXISTS (
        SELECT 1 FROM child_events c
        WHERE c.of_person = s.person_id AND c.day = s.day
          AND c.agency_kind = 'adult_social_care' AND c.occurred_on > c.day - {quiet}
    )
    GROUP BY s.person_id, s.day
    """


def explain(facts, evidence, p):
    window = int(facts.get("window_days", p["window_days"]))
    quiet = int(facts.get("adult_social_care_days", p["adult_social_care_days"]))
    adults = facts.get("adults", 1)
    who = "A parent or carer" if adults == 1 else f"{adults} parents or carers"
    sentence = (
        f"{who} had adult mental health or substance misuse services in the last "
        f"{plural(window, 'day')}"
    )
    if evidence:
        sentence += f": {evidence_list(evidence)}"
    return (
        f"{sentence}. The child has an open involvement with children's social care, and "
        f"nothing from adult social care is among the child's events in the last "
        f"{plural(quiet, 'day')}."
    )


CHECK = Check(
    code="LC21",
    version=1,
    title="Adult services not joined up",
    learning=(
        Learning(
            "ADOL",
            "Communication between Children's and Adult Mental Health services was not "
            "sufficient; 'think family': work together with Adult Social Care to understand "
            "parental mental health, capacity to change and ability to keep the child safe.",
        ),
    ),
    suggested_action="Joint discussion between adult and children's services.",
    severity="medium",
    severity_rule="Not raised.",
    parameters=(
        Parameter("window_days", 365, "Days looked back over for adult services", 30, 1825),
        Parameter(
            "adult_social_care_days",
            180,
            "Days looked back over for an adult social care event of the child",
            minimum=14,
            maximum=1825,
        ),
    ),
    sql=sql,
    explain=explain,
)
