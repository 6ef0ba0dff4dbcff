"""LC09: hidden adult. ADOL "hidden men"; CHILD-R-PR men not assessed; OSCAR mother's partner.

The SQL is the people-around-the-child derivation's own (network/derivation.py), so
the hidden adults panel, `export-network` and this check cannot disagree.
"""

from datetime import date

from fullpicture.checks.registry import Check, Learning, day_month, evidence_list, plural
from fullpicture.network.derivation import HIDDEN_ADULTS_SQL

ROLE_WORDS = {
    "alleged_perpetrator": "alleged perpetrator",
    "present": "present",
    "carer": "carer",
}
HOUSEHOLD_WORDS = {
    "address": "shares the child's address",
    "carer": "recorded as the child's carer",
    "household_member": "recorded as a member of the child's household",
    "partner_of_parent": "partner of a parent who lives with the child",
}
KIND_WORDS = {
    "police": "police",
    "health": "health",
    "education": "education",
    "adult_social_care": "adult social care",
    "housing": "housing",
    "probation": "probation",
    "voluntary": "voluntary sector",
    "court": "court",
}


def sql(p):
    # One row per child and adult: the key is the adult, so deciding about one adult
    # leaves the others open.
    return HIDDEN_ADULTS_SQL


def explain(facts, evidence, p):
    reasons = []
    for way in facts.get("household_ways") or []:
        words = HOUSEHOLD_WORDS.get(way, way)
        if way == "address" and facts.get("household_from"):
            words += f" (from {day_month(date.fromisoformat(facts['household_from']))})"
        reasons.append(words)
    if evidence:
        roles = ", ".join(ROLE_WORDS.get(r, r) for r in facts.get("roles") or [] if r in ROLE_WORDS)
        reasons.append(
            f"{roles or 'involved'} in {plural(len(evidence), 'event')} of the child or a "
            f"parent: {evidence_list(evidence)}"
        )
    kinds = [KIND_WORDS.get(k, k) for k in facts.get("agency_kinds") or []]
    sentence = (
        f"An adult is connected to the child by {', '.join(kinds) or 'other agencies'}' records "
        f"({'; '.join(reasons)}), and nothing in children's social care's records links them "
        f"to the child."
    )
    return sentence


CHECK = Check(
    code="LC09",
    version=1,
    title="Hidden adult",
    learning=(
        Learning("ADOL", "Hidden men: adults around the child were not known to the services."),
        Learning(
            "CHILD-R-PR",
            "Men in the family were not assessed as either a risk or a protective factor.",
        ),
        Learning("OSCAR", "The mother's partner's violence was not known to those assessing."),
    ),
    suggested_action="Assess the adult as a risk and protective factor.",
    severity="medium",
    severity_rule=(
        "Raised when the adult has a police violent offence, sexual offence or risk to children "
        "marker, or was the alleged perpetrator in a domestic abuse incident."
    ),
    parameters=(),
    sql=sql,
    explain=explain,
)
