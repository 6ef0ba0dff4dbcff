"""LC15: sibling not assessed. CHILD-N: each child offered the same level of assessment;
CHILD-R-SCR: all children seen individually.

A sibling (a current `sibling` or `half_sibling` link) who is in the child's household
on the day evaluated had an assessment, a section 47 enquiry or a child protection plan
started in the window, at least `wait_days` ago; the child had none of these in the same
window and has no open involvement. "Had" reads the catalogue's "a child's events"
(subject or involved), recorded by the day evaluated.

The key is '' (this child): what the professional decides is whether to assess and see
this child, and one assessment of the child answers it whichever sibling prompted it; a
second sibling's assessment is new evidence on the same alert, not a second decision.
"""

from fullpicture.checks.registry import Check, Learning, Parameter, evidence_list, plural

STARTS = "('csc.assessment_started', 'csc.section_47_started', 'csc.cp_plan_started')"

# The shared view `siblings` (sql.py) joins on `from_person = child OR to_person = child`,
# which DuckDB can only run as a nested loop: over two minutes for 150,000 children. The
# same siblings (a current `sibling` or `half_sibling` link, either direction), one hash
# join per direction. Also used by LC20.


def sql(p):
    window = int(p["window_days"])
    wait = int(p["wait_days"])
    return f"""
    WITH siblings_on AS (SELECT * FROM siblings),
    sibling_starts AS (
        SELECT s.person_id, s.day, e.event_id, e.occurred_on, s.sibling_id
        FROM siblings_on s
        JOIN household h
          ON h.person_id = s.person_id AND h.day = s.day AND h.member_id = s.sibling_id
        JOIN events_of e ON e.of_person = s.sibling_id
        WHERE e.type IN {STARTS}
          AND e.recorded_on <= s.day
          AND e.occurred_on > s.day - {window}
          -- It fires {wait} days after the sibling's event.
          AND e.occurred_on + {wait} <= s.day
    )
    SELECT x.person_id, x.day, '' AS key,
           list(DISTINCT x.event_id) AS evidence,
           false AS raised,
           json_object('siblings', count(DISTINCT x.sibling_id), 'window_days', {window},
                       'wait_days', {wait}) AS facts
    FROM sibling_starts x
    WHERE NOT EXISTS (
        SELECT 1 FROM child_events c
        WHERE c.of_person = x.person_id AND c.day = x.day AND c.type IN {STARTS}
          AND c.occurred_on > c.day - {window}
    )
      AND NOT EXISTS (
        SELECT 1 FROM open_involvements o WHERE o.person_id = x.person_id AND o.day = x.day
    )
    GROUP BY x.person_id, x.day
    """


def explain(facts, evidence, p):
    window = int(facts.get("window_days", p["window_days"]))
    siblings = facts.get("siblings", 1)
    who = "A sibling" if siblings == 1 else f"{siblings} siblings"
    sentence = (
        f"{who} living with the child had an assessment, a section 47 enquiry or a child "
        f"protection plan started in the last {plural(window, 'day')}"
    )
    if evidence:
        sentence += f": {evidence_list(evidence)}"
    return f"{sentence}. The child has had none of these and has no open involvement."


CHECK = Check(
    code="LC15",
    version=1,
    title="Sibling not assessed",
    learning=(
        Learning(
            "CHILD-N",
            "Professionals should ensure that each child in a family where there is possible "
            "neglect or the child could be at risk, is offered the same level of assessment "
            "however well the child appears to be doing.",
        ),
        Learning("CHILD-R-SCR", "See every child in the family individually."),
    ),
    suggested_action="Assess and see each child.",
    severity="medium",
    severity_rule="Not raised.",
    parameters=(
        Parameter("window_days", 365, "Days looked back over", minimum=30, maximum=1825),
        Parameter("wait_days", 14, "Days after the sibling's event before it fires", 0, 90),
    ),
    sql=sql,
    explain=explain,
)
