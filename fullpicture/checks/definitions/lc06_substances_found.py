"""LC06: substances found in a child. ADOL: 9 drugs in the child's system."""

from fullpicture.checks.registry import Check, Learning, evidence_list


def sql(p):
    # One alert per positive result: each calls for its own strategy discussion. Only the
    # child's own results (the child is the patient, so the subject).
    return """
    SELECT DISTINCT of_person AS person_id, day, event_id AS key, [event_id] AS evidence,
           false AS raised, NULL::JSON AS facts
    FROM child_events
    WHERE type = 'health.toxicology_positive' AND person_id = of_person
    """


def explain(facts, evidence, p):
    if not evidence:
        return "A toxicology test of the child was positive."
    return f"A toxicology test of the child was positive: {evidence_list(evidence)}."


CHECK = Check(
    code="LC06",
    version=1,
    title="Substances found in a child",
    learning=(
        Learning(
            "ADOL",
            "Hospital tests showed a combination of 9 prescription-only and non-prescription "
            "drugs (including benzodiazepines and opiates) in the child's system.",
        ),
    ),
    suggested_action="Hold a strategy discussion.",
    severity="high",
    severity_rule="Not raised: always high.",
    parameters=(),
    sql=sql,
    explain=explain,
)
