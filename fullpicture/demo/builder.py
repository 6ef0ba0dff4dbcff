"""The in-memory demo population: who exists, and what each agency knows of them.

A `Human` is the truth (one real person of the synthetic county). Each agency
holds its own record of the humans it knows, under its own local id and with
the identifiers it would really hold: a hospital has the NHS number, a school
the UPN, the police usually neither for a child. `Population` collects, per
agency, the rows of that agency's extract (people, relationships, events), in
the order they were added, so that the same seed writes the same bytes.

Nothing here touches the database: `population_build` can be run (and counted)
without importing anything.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from typing import Any

from fullpicture.core.models import AgencyKind
from fullpicture.demo.synthetic import nhs_numbers
from fullpicture.demo.synthetic import upn as make_upn


@dataclass(frozen=True)
class DemoAgency:
    code: str
    name: str
    kind: str
    id_format: str  # the agency's own person ids, e.g. "TVP-{:06d}"
    ref_format: str  # the agency's own event references
    nhs_for_children: float  # how often its record of a child carries the NHS number
    nhs_for_adults: float
    upn_for_children: bool
    # Where the demo's practitioner and manager work, for their job titles.
    practitioner: str = "Practitioner"
    manager: str = "Manager"


TVP = "TVP"
OUH = "OUH"
OHFT = "OHFT"
GP = "GP-ROSEHILL"
SCHOOL_A = "SCH-THORNBURY"
SCHOOL_B = "SCH-ELMCROFT"
SCHOOL_SEC = "SCH-CHERWELL-VALE"
CSC = "OCC-CSC"
EARLY_HELP = "OCC-EH"
ASC = "OCC-ASC"
HOUSING = "OHHA"
PROBATION = "PS-TV"
DA_CHARITY = "DAS-OX"
COURT = "FC-OXFORD"
PARTNERSHIP = "OSCP"

DEMO_AGENCIES: tuple[DemoAgency, ...] = (
    DemoAgency(
        TVP, "Thames Valley Police", AgencyKind.POLICE, "TVP-{:06d}", "TVP-INC-{:07d}",
        0.1, 0.0, False, "Police constable, Child Abuse Investigation Unit", "Detective sergeant",
    ),
    DemoAgency(
        OUH, "Oxford University Hospitals NHS Foundation Trust", AgencyKind.HEALTH,
        "RTH{:07d}", "OUH-ATT-{:07d}", 1.0, 1.0, False,
        "Emergency department nurse", "Named nurse for safeguarding children",
    ),
    DemoAgency(
        OHFT, "Oxford Health NHS Foundation Trust", AgencyKind.HEALTH, "RNU{:07d}",
        "OHFT-{:07d}", 1.0, 1.0, False, "Health visitor", "Safeguarding lead, community health",
    ),
    DemoAgency(
        GP, "Rosehill Medical Practice", AgencyKind.HEALTH, "RMP-{:05d}", "RMP-C{:06d}",
        1.0, 1.0, False, "General practitioner", "Safeguarding lead GP",
    ),
    DemoAgency(
        SCHOOL_A, "Thornbury Primary School", AgencyKind.EDUCATION, "TPS-{:04d}",
        "TPS-{:06d}", 0.9, 0.0, True, "Class teacher", "Designated safeguarding lead",
    ),
    DemoAgency(
        SCHOOL_B, "Elmcroft Primary School", AgencyKind.EDUCATION, "EPS-{:04d}",
        "EPS-{:06d}", 0.9, 0.0, True, "Class teacher", "Designated safeguarding lead",
    ),
    DemoAgency(
        SCHOOL_SEC, "Cherwell Vale Academy", AgencyKind.EDUCATION, "CVA-{:05d}",
        "CVA-{:06d}", 0.9, 0.0, True, "Head of year", "Designated safeguarding lead",
    ),
    DemoAgency(
        CSC, "Oxfordshire Children's Social Care", AgencyKind.CHILDRENS_SOCIAL_CARE,
        "LCS{:07d}", "LCS-W{:07d}", 1.0, 0.5, True, "Social worker", "Team manager",
    ),
    DemoAgency(
        EARLY_HELP, "Oxfordshire Early Help", AgencyKind.CHILDRENS_SOCIAL_CARE, "EH-{:05d}",
        "EH-{:06d}", 1.0, 0.0, True, "Family support worker", "Early help team leader",
    ),
    DemoAgency(
        ASC, "Oxfordshire Adult Social Care", AgencyKind.ADULT_SOCIAL_CARE, "ASC-{:06d}",
        "ASC-{:07d}", 1.0, 1.0, False, "Adult social worker", "Adult social care team manager",
    ),
    DemoAgency(
        HOUSING, "Oxfordshire Homes Housing Association", AgencyKind.HOUSING, "TEN-{:05d}",
        "OHHA-{:06d}", 0.0, 0.0, False, "Housing officer", "Tenancy services manager",
    ),
    DemoAgency(
        PROBATION, "Probation Service, Thames Valley", AgencyKind.PROBATION, "X{:06d}",
        "PS-{:07d}", 0.0, 0.0, False, "Probation officer", "Senior probation officer",
    ),
    DemoAgency(
        DA_CHARITY, "Oxfordshire Domestic Abuse Support", AgencyKind.VOLUNTARY, "DAS-{:04d}",
        "DAS-R{:05d}", 0.0, 0.0, False, "Independent domestic violence adviser", "Service manager",
    ),
    DemoAgency(
        COURT, "Oxford Family Court", AgencyKind.COURT, "OXFC-{:05d}", "OX{:07d}",
        0.0, 0.0, False, "Cafcass family court adviser", "Cafcass service manager",
    ),
)  # fmt: skip
AGENCIES_BY_CODE = {agency.code: agency for agency in DEMO_AGENCIES}
SCHOOLS = (SCHOOL_A, SCHOOL_B, SCHOOL_SEC)

# The partnership's own agency records nothing; it exists so that partnership
# staff belong somewhere (the user model requires an agency for every role but
# admin). Its kind is `voluntary`, not `childrens_social_care`: that kind sees
# every agency's restricted events and counts as children's social care in the
# learning checks, which partnership staff must not. The format has no
# "partnership" kind; adding one is a model change for the lead to decide.
PARTNERSHIP_AGENCY = ("OSCP", "Oxfordshire Safeguarding Children Partnership", AgencyKind.VOLUNTARY)


@dataclass
class Human:
    """One person of the synthetic county, as they really are."""

    key: str
    given_name: str
    family_name: str
    sex: str
    birth_date: date
    nhs_number: str
    postcode: str
    address: str
    address_from: date
    upn: str = ""
    other_names: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    def age_on(self, day: date) -> int:
        years = day.year - self.birth_date.year
        return years - ((day.month, day.day) < (self.birth_date.month, self.birth_date.day))


@dataclass
class AgencyExtract:
    """The rows of one agency's extract, in the order they were added."""

    agency: DemoAgency
    people: list[dict[str, Any]] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    local_ids: dict[str, str] = field(default_factory=dict)  # human key -> local id
    _people_by_key: dict[str, dict[str, Any]] = field(default_factory=dict)
    _relationship_keys: set[tuple[str, str, str]] = field(default_factory=set)


@dataclass
class Household:
    key: str
    family_name: str
    postcode: str
    address: str
    children: list[Human]
    adults: list[Human]
    story: str = ""


class Population:
    """Builds every agency's extract for one seed and one as-of day."""

    def __init__(self, *, seed: int, as_of: date) -> None:
        self.seed = seed
        self.as_of = as_of
        # Three years of events, as the brief for the demo chronology asks.
        self.window_start = as_of - timedelta(days=3 * 365)
        self.extracts = {a.code: AgencyExtract(a) for a in DEMO_AGENCIES}
        self.households: list[Household] = []
        self.humans: dict[str, Human] = {}
        self.labels: list = []  # labelled.Label: which check should fire for whom, from when
        self._id_counters = {a.code: 0 for a in DEMO_AGENCIES}
        self._ref_counters = {a.code: 0 for a in DEMO_AGENCIES}
        # Ordinary people take NHS numbers and UPNs from 10,000 up; the story
        # people have fixed ones below that (see stories.py).
        self._nhs_pool = nhs_numbers(10_000)
        self._upn_serial = 10_000

    # --- people

    def human_new(
        self,
        key: str,
        *,
        given_name: str,
        family_name: str,
        sex: str,
        birth_date: date,
        postcode: str,
        address: str,
        address_from: date,
        nhs_number: str = "",
        upn: str = "",
        other_names: str = "",
    ) -> Human:
        """A new person; ordinary ones get the next NHS number, and a UPN from school age."""
        if not nhs_number:
            nhs_number = next(self._nhs_pool)
        age = (self.as_of - birth_date).days // 365
        if not upn and 4 <= age < 18:
            self._upn_serial += 1
            upn = make_upn(self._upn_serial)
        return self.human_add(
            Human(
                key=key,
                given_name=given_name,
                family_name=family_name,
                sex=sex,
                birth_date=birth_date,
                nhs_number=nhs_number,
                postcode=postcode,
                address=address,
                address_from=min(address_from, self.as_of),
                upn=upn,
                other_names=other_names,
            )
        )

    def human_add(self, human: Human) -> Human:
        if human.key in self.humans:
            raise ValueError(f"two humans with key {human.key}")
        self.humans[human.key] = human
        return human

    def record(
        self,
        code: str,
        human: Human,
        rng: random.Random,
        *,
        nhs: bool | None = None,
        upn: bool | None = None,
        **overrides: Any,
    ) -> str:
        """The agency's local id for `human`, creating its record of them on first use.

        Which identifiers the record carries follows the agency's habits (police
        rarely hold a child's NHS number); `nhs`/`upn` force it for a story.
        """
        extract = self.extracts[code]
        if (local_id := extract.local_ids.get(human.key)) is not None:
            return local_id
        agency = extract.agency
        self._id_counters[code] += 1
        local_id = agency.id_format.format(self._id_counters[code] * 7 + 1000)
        is_child = human.age_on(self.as_of) < 18
        if nhs is None and human.key.startswith("STORY-") and agency.kind != AgencyKind.POLICE:
            # Story people carry their NHS number everywhere but with the police, so
            # that each story's events gather on one page; stories ask for police ones.
            nhs = True
        if nhs is None:
            chance = agency.nhs_for_children if is_child else agency.nhs_for_adults
            nhs = chance >= 1.0 or rng.random() < chance
        if upn is None:
            upn = agency.upn_for_children and is_child
        row: dict[str, Any] = {
            "local_id": local_id,
            "given_name": human.given_name,
            "family_name": human.family_name,
            "other_names": human.other_names,
            "birth_date": human.birth_date,
            "sex": human.sex,
            "nhs_number": human.nhs_number if nhs else "",
            "upn": human.upn if upn else "",
            "postcode": human.postcode,
            "address": human.address,
            "address_from": human.address_from,
            "recorded_on": None,  # set by finish(): the first day this agency knew them
        }
        row.update(overrides)
        extract.local_ids[human.key] = local_id
        extract._people_by_key[human.key] = row
        extract.people.append(row)
        return local_id

    def relate(
        self,
        code: str,
        a: Human,
        kind: str,
        b: Human,
        rng: random.Random,
        *,
        from_date: date | None = None,
        to_date: date | None = None,
        parental_responsibility: bool | None = None,
    ) -> None:
        """Record that agency `code` knows `a kind b` (both become its records if not yet)."""
        extract = self.extracts[code]
        key = (a.key, kind, b.key)
        if key in extract._relationship_keys:
            return
        extract._relationship_keys.add(key)
        extract.relationships.append(
            {
                "from_local_id": self.record(code, a, rng),
                "relationship": kind,
                "to_local_id": self.record(code, b, rng),
                "from_date": from_date,
                "to_date": to_date,
                "parental_responsibility": parental_responsibility,
                "recorded_on": None,
                "_keys": (a.key, b.key),
            }
        )

    # --- events

    def event(
        self,
        code: str,
        event_type: str,
        subject: Human,
        occurred_on: date,
        summary: str,
        rng: random.Random,
        *,
        involved: tuple[tuple[Human, str], ...] | list[tuple[Human, str]] = (),
        delay: int | None = None,
        occurred_time: time | None = None,
        **fields: Any,
    ) -> dict[str, Any] | None:
        """Add an event to agency `code`'s extract. Returns None if it falls outside the window."""
        if occurred_on > self.as_of or occurred_on < self.window_start:
            return None
        if occurred_on < subject.birth_date:
            return None
        extract = self.extracts[code]
        agency = extract.agency
        self._ref_counters[code] += 1
        # Agencies type up a few days after the event; never after the as-of day.
        delay = rng.choice((0, 0, 1, 1, 2, 3, 5)) if delay is None else delay
        recorded_on = min(occurred_on + timedelta(days=delay), self.as_of)
        row: dict[str, Any] = {
            "source_ref": agency.ref_format.format(self._ref_counters[code] * 3 + 40000),
            "occurred_on": occurred_on,
            "occurred_time": occurred_time,
            "recorded_on": recorded_on,
            "event_type": event_type,
            "subject_local_id": self.record(code, subject, rng),
            "involved": [f"{self.record(code, h, rng)}:{role}" for h, role in involved],
            "summary": summary,
            "_keys": (subject.key, *(h.key for h, _ in involved)),
        }
        row.update({k: v for k, v in fields.items() if v not in (None, "")})
        extract.events.append(row)
        return row

    # --- finishing

    def finish(self) -> None:
        """Fill in when each agency first recorded each person and relationship, then sort events."""
        for extract in self.extracts.values():
            first_seen: dict[str, date] = {}
            for row in extract.events:
                for key in row.pop("_keys"):
                    if key not in first_seen or row["occurred_on"] < first_seen[key]:
                        first_seen[key] = row["occurred_on"]
            registers_everyone = extract.agency.kind in (
                AgencyKind.EDUCATION,
            ) or extract.agency.code in (GP, OHFT)
            for key, row in extract._people_by_key.items():
                human = self.humans[key]
                # A GP, school or health visitor knows a family from registration;
                # other agencies from the first time they met them.
                registered = max(human.birth_date, self.window_start - timedelta(days=200))
                seen = first_seen.get(key)
                if row["recorded_on"] is None:
                    if seen is None or registers_everyone:
                        row["recorded_on"] = min(registered, seen) if seen else registered
                    else:
                        row["recorded_on"] = max(seen, human.birth_date)
                if row["address_from"] and row["address_from"] > self.as_of:
                    row["address_from"] = None
            for row in extract.relationships:
                a, b = row.pop("_keys")
                known = max(
                    extract._people_by_key[a]["recorded_on"],
                    extract._people_by_key[b]["recorded_on"],
                )
                row["recorded_on"] = max(known, row["from_date"] or known)
            # Chronological order, as an agency's system would export them.
            extract.events.sort(key=lambda r: (r["occurred_on"], r["source_ref"]))

    def rows_for(self, code: str) -> tuple[list[dict], list[dict], list[dict]]:
        extract = self.extracts[code]
        return extract.people, extract.relationships, extract.events
