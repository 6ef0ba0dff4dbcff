"""LC13: risks not reducing. CHILD-R-PR: escalate; CHILD-R-SCR: the Complex Child Panel."""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, plural

OUTCOME_WORDS = {
    "risk_reduced": "risk reduced",
    "risk_unchanged": "risk unchanged",
    "risk_increased": "risk increased",
    "": "no outcome recorded",
}


def sql(p):
    # One alert per child protection plan (key: its cp_plan_started): open too long, started
    # soon after an earlier plan ended, or its last reviews found the risk not reduced.
    # "The earlier cp_plan_ended" is read literally: a case closure alone does not count.
    long_days = int(p["open_days"])
    reviews = int(p["reviews"])
    return f"""
    WITH plans AS (
        SELECT v.person_id, v.day, s.event_id, s.started_on, o.event_id IS NOT NULL AS is_open
        FROM eval v
        JOIN involvement_starts s
          ON s.person_id = v.person_id AND s.kind = 'cp'
         AND s.recorded_on <= v.day AND s.started_on <= v.day
        LEFT JOIN open_involvements o
          ON o.person_id = v.person_id AND o.day = v.day AND o.event_id = s.event_id
    ),
    previous AS (
        SELECT p.person_id, p.day, p.event_id, max(e.ended_on) AS ended_on,
               arg_max(e.event_id, (e.ended_on, e.event_id)) AS end_id
        FROM plans p
        JOIN involvement_ends e
          ON e.person_id = p.person_id AND e.kind = 'cp' AND e.recorded_on <= p.day
         AND p.started_on - e.ended_on BETWEEN 0 AND {int(p["repeat_days"])}
        GROUP BY p.person_id, p.day, p.event_id
    ),
    reviews AS (
        SELECT p.person_id, p.day, p.event_id AS plan_id, r.event_id, r.occurred_on, r.outcome,
               row_number() OVER (PARTITION BY p.person_id, p.day, p.event_id
                                  ORDER BY r.occurred_on DESC, r.event_id DESC) AS latest
        FROM plans p
        JOIN (SELECT DISTINCT of_person, day, event_id, occurred_on, outcome
              FROM child_events WHERE type = 'csc.cp_review') r
          ON r.of_person = p.person_id AND r.day = p.day AND r.occurred_on >= p.started_on
        WHERE p.is_open
    ),
    stuck AS (
        SELECT person_id, day, plan_id,
               list(event_id ORDER BY occurred_on, event_id) AS ids,
               list(json_object('occurred_on', occurred_on, 'outcome', outcome)
                    ORDER BY occurred_on, event_id) AS items
        FROM reviews
        WHERE latest <= {reviews}
        GROUP BY person_id, day, plan_id
        HAVING count(*) = {reviews}
           AND bool_and(outcome IN ('risk_unchanged', 'risk_increased'))
    )
    SELECT p.person_id, p.day, p.event_id AS key,
           list_concat([p.event_id], CASE WHEN pr.end_id IS NOT NULL THEN [pr.end_id] END,
                       st.ids) AS evidence,
           false AS raised,
           json_object('started_on', p.started_on,
                       'open_too_long', p.is_open AND p.day - p.started_on > {long_days},
                       'open_days', {long_days},
                       'previous_ended_on', pr.ended_on,
                       'reviews', st.items) AS facts
    FROM plans p
    LEFT JOIN previous pr
      ON pr.person_id = p.person_id AND pr.day = p.day AND pr.event_id = p.event_id
    LEFT JOIN stuck st
      ON st.person_id = p.person_id AND st.day = p.day AND st.plan_id = p.event_id
    WHERE (p.is_open AND p.day - p.started_on > {long_days})
       OR pr.end_id IS NOT NULL OR st.plan_id IS NOT NULL
    """


def explain(facts, evidence, p):
    started = date.fromisoformat(facts["started_on"])
    sentences = []
    if facts.get("open_too_long"):
        sentences.append(
            f"The child protection plan has been open since {day_month(started)}, longer than "
            f"{facts.get('open_days') or p['open_days']} days."
        )
    if facts.get("previous_ended_on"):
        ended = date.fromisoformat(facts["previous_ended_on"])
        sentences.append(
            f"The child protection plan that started on {day_month(started)} came "
            f"{plural((started - ended).days, 'day')} after the previous plan ended on "
            f"{day_month(ended)}."
        )
    if facts.get("reviews"):
        found = " and ".join(
            f"{OUTCOME_WORDS.get(r['outcome'], r['outcome'])} "
            f"({day_month(date.fromisoformat(r['occurred_on']))})"
            for r in facts["reviews"]
        )
        sentences.append(
            f"The last {plural(len(facts['reviews']), 'review')} of the plan found {found}."
        )
    return " ".join(sentences)


CHECK = Check(
    code="LC13",
    version=1,
    title="Risks not reducing",
    learning=(
        Learning(
            "CHILD-R-PR",
            "Escalate when risks are not reducing despite interventions (senior manager, legal "
            "panel, complex case panel).",
        ),
        Learning(
            "CHILD-R-SCR",
            "Refer to the Complex Child Panel when interventions have not improved outcomes.",
        ),
    ),
    suggested_action=(
        "Escalate to a senior manager; consider the legal panel or the complex child panel."
    ),
    severity="medium",
    severity_rule="Not raised: the catalogue names no rule for raising it.",
    parameters=(
        Parameter("open_days", 365, "Days a plan may stay open", 90, 1825),
        Parameter(
            "repeat_days",
            730,
            "Days after a plan ended within which a new one is a repeat",
            30,
            3650,
        ),
        Parameter("reviews", 2, "Latest reviews that found the risk not reduced", 1, 10),
    ),
    sql=sql,
    explain=explain,
)
