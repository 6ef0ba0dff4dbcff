"""Large synthetic agency extracts, for benchmarks and the "second agency" scenario.

`bulk_extract_write` writes a valid extract (format v1) of any size quickly: it
is plain Python over `random.Random(seed)` and `ingest.writer.extract_write`,
with no database call, so 100,000 events take a few seconds. Given
`known_children` (e.g. the demo's children, found by NHS number), the extract's
people are those children, so that once imported its events land on their
chronologies, as a new agency's first extract would.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from fullpicture.core.models import AgencyKind
from fullpicture.demo.synthetic import (
    address_for,
    family_name,
    given_name,
    nhs_check_digit,
    postcode,
    upn,
)
from fullpicture.ingest.writer import extract_write

Fields = Callable[[random.Random, date], dict[str, Any]]


def _none(rng: random.Random, day: date) -> dict[str, Any]:
    return {}


def _injury(rng: random.Random, day: date) -> dict[str, Any]:
    return {
        "explanation": rng.choice(("Fell over", "Hit by a door", "Sports injury")),
        "explanation_consistent": rng.choice(("yes", "yes", "yes", "no")),
        "child_seen": "seen",
    }


def _attendance(rng: random.Random, day: date) -> dict[str, Any]:
    return {
        "attendance_percent": f"{rng.uniform(70, 100):.1f}",
        "period_from": day - timedelta(days=rng.randint(60, 110)),
        "significance": "routine",
    }


def _decision(rng: random.Random, day: date) -> dict[str, Any]:
    return {"outcome": rng.choice(("nfa", "nfa", "early_help", "cin_plan"))}


def _seen(rng: random.Random, day: date) -> dict[str, Any]:
    seen = rng.choice(("seen", "seen", "seen_alone", "not_seen"))
    voice = "Said things are OK." if seen != "not_seen" and rng.random() < 0.6 else ""
    return {"child_seen": seen, "child_voice": voice}


def _police(rng: random.Random, day: date) -> dict[str, Any]:
    referred = "childrens_social_care" if rng.random() < 0.7 else ""
    return {
        "child_seen": "seen",
        "referred_to": referred,
        "occurred_time": f"{rng.randint(0, 23):02d}:{rng.choice((5, 20, 35, 50)):02d}",
    }


# Per agency kind: (event type, summary, extra fields, weight).
TEMPLATES: dict[str, tuple[tuple[str, str, Fields, int], ...]] = {
    AgencyKind.POLICE: (
        ("police.domestic_abuse_incident", "Domestic incident attended; child present", _police, 4),
        ("police.welfare_check", "Welfare check at the home address", _police, 3),
        ("police.missing_episode", "Reported missing; found safe", _police, 2),
        ("police.antisocial_behaviour", "Antisocial behaviour in the street", _police, 2),
        ("police.concern_raised", "Officer concerned about home conditions", lambda r, d: {"category": "neglect", **_police(r, d)}, 1),
    ),
    AgencyKind.HEALTH: (
        ("health.ed_attendance", "Attended the emergency department", _injury, 3),
        ("health.injury", "Minor injury treated", _injury, 2),
        ("health.gp_appointment", "GP appointment", _seen, 5),
        ("health.was_not_brought", "Appointment missed: child not brought", lambda r, d: {"child_seen": "not_seen"}, 1),
        ("health.health_visitor_contact", "Health visitor contact", _seen, 2),
    ),
    AgencyKind.EDUCATION: (
        ("education.attendance_report", "Termly attendance", _attendance, 6),
        ("education.unauthorised_absence", "Unauthorised absence", _none, 2),
        ("education.safeguarding_concern", "Concern logged by class teacher", _seen, 1),
        ("education.suspension", "Suspended for one day", _none, 1),
    ),
    AgencyKind.CHILDRENS_SOCIAL_CARE: (
        ("csc.contact", "Contact screened", _decision, 3),
        ("csc.home_visit", "Home visit", _seen, 4),
        ("csc.assessment_completed", "Assessment completed", _decision, 1),
        ("csc.no_access_visit", "No access at the door", lambda r, d: {"child_seen": "not_seen"}, 1),
    ),
    AgencyKind.ADULT_SOCIAL_CARE: (
        ("adult.mental_health_contact", "Mental health review", _none, 2),
        ("adult.social_care_assessment", "Care needs assessment", _none, 1),
        ("adult.substance_misuse_service", "Substance misuse service contact", _none, 1),
    ),
    AgencyKind.HOUSING: (
        ("housing.poor_conditions", "Damp and mould reported", _none, 2),
        ("housing.address_change", "Tenancy change", _none, 1),
        ("housing.homelessness", "Presented as homeless", _none, 1),
    ),
    AgencyKind.PROBATION: (("adult.probation_supervision", "Supervision appointment", _none, 1),),
    AgencyKind.VOLUNTARY: (
        ("adult.concern_raised", "Support worker concerned", lambda r, d: {"category": "emotional"}, 1),
        ("adult.non_engagement", "Did not attend support session", _none, 1),
    ),
    AgencyKind.COURT: (
        ("court.private_law_proceedings", "Child arrangements hearing", _none, 1),
        ("court.public_law_proceedings", "Care proceedings hearing", _none, 1),
    ),
}  # fmt: skip
_ADULT_KINDS = {
    AgencyKind.ADULT_SOCIAL_CARE,
    AgencyKind.HOUSING,
    AgencyKind.PROBATION,
    AgencyKind.VOLUNTARY,
}
# Whose NHS number an agency of each kind holds for the children it knows.
_HOLDS_NHS = {AgencyKind.HEALTH, AgencyKind.CHILDRENS_SOCIAL_CARE, AgencyKind.EDUCATION}


def _birth_date(value: object) -> date | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def bulk_extract_write(
    path: Path,
    *,
    events: int,
    people: int,
    seed: int = 1,
    agency_kind: str = AgencyKind.HEALTH,
    known_children: Sequence[Mapping[str, Any]] | None = None,
    as_of: date | None = None,
) -> dict[str, int]:
    """Write a valid extract of `events` events about `people` people into folder `path`.

    - agency_kind: an `AgencyKind` value; picks the event types (police incidents,
      hospital attendances, attendance reports...).
    - known_children: optional dicts with `nhs_number` (required), `given_name`,
      `family_name`, `birth_date` (date or YYYY-MM-DD), `sex`, `upn`, `postcode`,
      `address`. When given, the people are the first `people` of them (all of
      them if fewer), each carrying their NHS number so the import joins them to
      the existing children. Otherwise `people` synthetic people are made, two
      children to each parent, with 999-range NHS numbers drawn from the seed.
    - as_of: the last day of the three years the events cover (default: today).
    Same arguments, same bytes. Returns the rows written per file.
    """
    if agency_kind not in TEMPLATES:
        raise ValueError(f"unknown agency kind {agency_kind!r}")
    if events < 0 or people < 1:
        raise ValueError("need at least one person and a non-negative number of events")
    rng = random.Random(f"fullpicture-bulk:{seed}:{agency_kind}")
    as_of = as_of or date.today()
    first_day = as_of - timedelta(days=3 * 365)
    prefix = f"B{seed % 1000:03d}"
    person_rows: list[dict[str, Any]] = []
    relationship_rows: list[dict[str, Any]] = []
    children: list[tuple[str, date]] = []  # (local id, birth date): possible subjects

    if known_children:
        for index, child in enumerate(known_children[:people]):
            local_id = f"{prefix}-{index + 1:07d}"
            born = _birth_date(child.get("birth_date")) or as_of - timedelta(days=3650)
            person_rows.append(
                {
                    "local_id": local_id,
                    "given_name": child.get("given_name", ""),
                    "family_name": child.get("family_name", "") or "Unknown",
                    "birth_date": born,
                    "sex": child.get("sex", ""),
                    "nhs_number": child["nhs_number"],
                    "upn": child.get("upn", "") if agency_kind == AgencyKind.EDUCATION else "",
                    "postcode": child.get("postcode", ""),
                    "address": child.get("address", ""),
                    "recorded_on": max(born, first_day),
                }
            )
            children.append((local_id, born))
    else:
        # Distinct 999-range NHS numbers drawn from the seed (not 10,000 up,
        # where the demo's own people are), so two seeds rarely collide.
        candidates = rng.sample(range(100_000, 1_000_000), min(900_000, people * 2 + 20))
        numbers = iter(
            f"999{n:06d}{check}"
            for n in candidates
            if (check := nhs_check_digit(f"999{n:06d}")) is not None
        )
        parent: tuple[str, str, str, str] | None = None
        for index in range(people):
            local_id = f"{prefix}-{index + 1:07d}"
            is_parent = index % 3 == 0
            sex = rng.choice("FM")
            if is_parent or parent is None:
                born = as_of - timedelta(days=rng.randint(20 * 365, 45 * 365))
                surname = family_name(rng)
                code = postcode(rng)
                parent = (local_id, surname, code, address_for(rng, code))
            else:
                born = as_of - timedelta(days=rng.randint(30, 17 * 365))
                children.append((local_id, born))
            _, surname, code, address = parent
            holds_nhs = agency_kind in _HOLDS_NHS or rng.random() < 0.2
            person_rows.append(
                {
                    "local_id": local_id,
                    "given_name": given_name(rng, sex),
                    "family_name": surname,
                    "birth_date": born,
                    "sex": sex,
                    "nhs_number": next(numbers) if holds_nhs else "",
                    "upn": upn(500_000_000 + seed % 100 * 1_000_000 + index % 1_000_000)
                    if agency_kind == AgencyKind.EDUCATION and not is_parent
                    else "",
                    "postcode": code,
                    "address": address,
                    "recorded_on": max(born, first_day),
                }
            )
            if not is_parent and parent[0] != local_id:
                relationship_rows.append(
                    {"from_local_id": parent[0], "relationship": "parent", "to_local_id": local_id}
                )
        if agency_kind in _ADULT_KINDS or not children:
            # Adult services' events are about the parents.
            children = [
                (r["local_id"], r["birth_date"])
                for r in person_rows
                if r["birth_date"] < as_of - timedelta(days=18 * 365)
            ]

    templates = TEMPLATES[agency_kind]
    weights = [t[3] for t in templates]
    chosen = rng.choices(templates, weights, k=events)

    def event_rows():
        for index, (event_type, summary, extra, _) in enumerate(chosen):
            local_id, born = children[rng.randrange(len(children))]
            start = max(born, first_day)
            occurred = start + timedelta(days=rng.randint(0, max((as_of - start).days, 0)))
            recorded = min(occurred + timedelta(days=rng.randint(0, 4)), as_of)
            row = {
                "source_ref": f"{prefix}-E{index + 1:08d}",
                "occurred_on": occurred,
                "recorded_on": recorded,
                "event_type": event_type,
                "subject_local_id": local_id,
                "summary": summary,
            }
            row.update(extra(rng, occurred))
            if "period_from" in row and row["period_from"] < start:
                row["period_from"] = start
            yield row

    return extract_write(
        path, people=person_rows, relationships=relationship_rows, events=event_rows()
    )
