"""LC20: signs of sexual abuse collated. CHILD-R-PR: collate signs of sexual abuse rather
than wait for a formal disclosure.

Indicator events in the window, as recorded by the day evaluated:
- of the child (subject or involved in any role): `education.sexualised_behaviour`,
  `health.sexually_transmitted_infection`, a `*.disclosure` of category `sexual`, a
  `police.sexual_offence` in which the child is the subject or the victim;
- of a sibling (a current `sibling` or `half_sibling` link, wherever they live): a
  `*.disclosure` of category `sexual` made by the sibling (its subject), a
  `police.sexual_offence` with the sibling as victim (involved as `victim`, or its subject
  while under 18: the extract makes a child victim the subject);
- of an adult in the child's household on the day evaluated (18 or over, or of unknown
  age): a `police.sexual_offence` or `police.risk_to_children_marker` of which the adult is
  the subject or the alleged perpetrator.
It fires on (2) or more of them, or on one sexually transmitted infection of the child
while under (13), when there has been no `csc.strategy_discussion` of the child on or
after the day of the first of them.
"""

from datetime import date

from fullpicture.checks.registry import Check, Learning, Parameter, day_month, evidence_list, plural

STI = "health.sexually_transmitted_infection"


def sql(p):
    window = int(p["window_days"])
    return f"""
    WITH siblings_on AS (SELECT * FROM siblings),
    indicators AS (
        -- The child's own.
        SELECT c.of_person AS person_id, c.day, c.event_id, c.occurred_on,
               c.type = '{STI}' AND c.occurred_on < ep.birth_date + INTERVAL {int(p["sti_age"])} YEAR
                 AS young_sti
        FROM child_events c JOIN eval_people ep ON ep.person_id = c.of_person AND ep.day = c.day
        WHERE c.occurred_on > c.day - {window}
          AND (c.type IN ('education.sexualised_behaviour', '{STI}')
               OR (ends_with(c.type, '.disclosure') AND c.category = 'sexual')
               OR (c.type = 'police.sexual_offence' AND c.role IN ('subject', 'victim')))
        UNION ALL
        -- A sibling's disclosure, or a sexual offence against a sibling.
        SELECT s.person_id, s.day, e.event_id, e.occurred_on, false
        FROM siblings_on s
        JOIN events_of e ON e.of_person = s.sibling_id
        JOIN people sp ON sp.person_id = s.sibling_id
        WHERE e.recorded_on <= s.day AND e.occurred_on <= s.day
          AND e.occurred_on > s.day - {window}
          AND ((ends_with(e.type, '.disclosure') AND e.category = 'sexual'
                AND e.role = 'subject')
               OR (e.type = 'police.sexual_offence'
                   AND (e.role = 'victim'
                        OR (e.role = 'subject'
                            AND e.occurred_on < sp.birth_date + INTERVAL 18 YEAR))))
        UNION ALL
        -- A household adult's sexual offence or risk to children marker.
        SELECT h.person_id, h.day, e.event_id, e.occurred_on, false
        FROM household h
        JOIN adult_on a ON a.person_id = h.member_id AND a.day = h.day
        JOIN events_of e ON e.of_person = h.member_id
        WHERE e.recorded_on <= h.day AND e.occurred_on <= h.day
          AND e.occurred_on > h.day - {window}
          AND e.type IN ('police.sexual_offence', 'police.risk_to_children_marker')
          AND e.role IN ('subject', 'alleged_perpetrator')
    ),
    signs AS (
        SELECT person_id, day, list(DISTINCT event_id) AS evidence, min(occurred_on) AS first,
               count(DISTINCT event_id) AS count, bool_or(young_sti) AS young_sti
        FROM indicators GROUP BY person_id, day
    )
    SELECT g.person_id, g.day, '' AS key, g.evidence, false AS raised,
           json_object('count', g.count, 'first', g.first, 'young_sti', g.young_sti,
                       'window_days', {window}, 'sti_age', {int(p["sti_age"])}) AS facts
    FROM signs g
    WHERE (g.count >= {int(p["indicators"])} OR g.young_sti)
      AND NOT EXISTS (
        SELECT 1 FROM events_of d
        WHERE d.of_person = g.person_id AND d.type = 'csc.strategy_discussion'
          AND d.recorded_on <= g.day AND d.occurred_on <= g.day AND d.occurred_on >= g.first
    )
    """


def explain(facts, evidence, p):
    count = facts.get("count", len(evidence))
    sentence = f"{plural(count, 'sign')} of possible sexual abuse"
    if facts.get("young_sti"):
        sentence = (
            f"A sexually transmitted infection while the child was under {facts.get('sti_age', 13)}"
            + (f", among {sentence}" if count > 1 else "")
        )
    else:
        sentence += f" in {plural(int(facts.get('window_days', p['window_days'])), 'day')}"
    if evidence:
        sentence += f": {evidence_list(evidence)}"
    if facts.get("first"):
        sentence += (
            f". No strategy discussion of the child since "
            f"{day_month(date.fromisoformat(facts['first']))}"
        )
    return sentence + "."


CHECK = Check(
    code="LC20",
    version=1,
    title="Signs of sexual abuse collated",
    learning=(
        Learning(
            "CHILD-R-PR",
            "Collate signs of sexual abuse rather than wait for a formal disclosure.",
        ),
    ),
    suggested_action="Strategy discussion.",
    severity="high",
    severity_rule="Not raised: signs of sexual abuse are high from the start.",
    parameters=(
        Parameter("indicators", 2, "Signs that make a pattern", minimum=1, maximum=10),
        Parameter("window_days", 365, "Days looked back over", minimum=30, maximum=1825),
        Parameter("sti_age", 13, "Age under which one sexually transmitted infection fires", 0, 18),
    ),
    sql=sql,
    explain=explain,
)
