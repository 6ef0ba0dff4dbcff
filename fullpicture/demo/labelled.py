"""Households with labelled patterns (the synthetic truth the learning checks are measured against).

Three kinds of household, each drawn from its own `random.Random`:

- **labelled**: a quiet family plus one pattern that one learning check must
  find, for one child, from one day: the labelled onset, the first day the
  check's condition holds as of that day (e.g. the day the third injury in a
  year is recorded; the day after a police report's 7-day window passes with
  no referral). One pattern generator per check, `PATTERNS["LC04"]` etc.
- **near miss**: a quiet family plus a pattern that stops just short of a
  check, at the boundary the catalogue names (2 injuries in a year; 3 over 14
  months; a police report referred on; a referral 366 days after a closure;
  a handover on the 10th day...). No check may fire for them.
- **quiet**: an ordinary family with ordinary contacts (GP, school
  attendance, health visitor, an emergency department visit, a single
  injury, a police call about antisocial behaviour, a domestic incident
  referred on, a case opened and closed once). No check may fire for them.

Every event goes into the agencies' extracts like any other (`Population`),
so the truth is written in the extract format and imported through the real
import path. The truth itself is a list of `Label` (child, check, onset),
written as `labels.csv` next to the extracts (`labels_write`).

Rules that keep the truth exact (what a quiet family never does): every
event where a child is seen records the child's voice (LC03); every school
attendance report is over 92% (LC11); when children's social care records
anything of a child, it records every adult of the household (LC09) and
visits within the visiting standard (LC01, LC02); the family's ordinary
contacts stop 150 days before a pattern starts, so that nothing but the
pattern moves its onset. Labelled and near-miss people take NHS numbers from
999-0002000 to 999-0009999, kept apart from the ordinary people's (10000 up)
and the stories' (below 1000); `generate-extract --for-demo-children` leaves
them out, so a bulk extract never blurs a pattern.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from fullpicture.demo import builder as b
from fullpicture.demo.builder import Household, Human, Population
from fullpicture.demo.households import terms
from fullpicture.demo.synthetic import (
    address_for,
    date_between,
    family_name,
    given_name,
    nhs_numbers,
    postcode,
    upn,
)

DAY = timedelta(days=1)
CHECK_CODES = tuple(f"LC{n:02d}" for n in range(1, 24))
LABEL_NHS_FIRST = 2_000  # labelled and near-miss people: 999-0002000 up to 999-0009999
LABEL_NHS_LAST = 9_999
LABEL_COLUMNS = ("household", "child_key", "nhs_number", "check", "onset", "pattern")


@dataclass(frozen=True)
class Label:
    """Check `check` should fire for the child from `onset` (the first day it holds)."""

    household: str
    child_key: str
    nhs_number: str
    check: str
    onset: date
    pattern: str


def label_nhs(number: str) -> bool:
    """True for an NHS number of the labelled and near-miss range."""
    return number.startswith("999") and LABEL_NHS_FIRST <= int(number[3:9]) <= LABEL_NHS_LAST


def add_working_days(day: date, count: int) -> date:
    """The `count`th working day (Monday to Friday) after `day`."""
    while count:
        day += DAY
        if day.weekday() < 5:
            count -= 1
    return day


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later (the month's last day if it has no such day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)


VOICES = (
    "Said school is fine and she likes her teacher.",
    "Talked about his football team.",
    "Showed me her drawings; said she is happy at home.",
    "Said he wants to see his nan more.",
    "Chatty and playful; showed me his toys.",
)
BABY_VOICES = ("Smiling and responsive; good eye contact.", "Settled in mother's arms.")


class Family:
    """One household of the labelled population: a quiet family and helpers for patterns."""

    def __init__(
        self,
        pop: Population,
        key: str,
        rng: random.Random,
        numbers: Iterator[str] | None,
        upns: Iterator[int],
        *,
        child_ages: tuple[int, ...],
        two_parents: bool,
        quiet_until: date,
    ) -> None:
        self.pop, self.key, self.rng = pop, key, rng
        self.as_of = pop.as_of
        self.numbers = numbers
        self.upns = upns
        self.quiet_until = quiet_until  # ordinary contacts stop here; patterns come after
        self.postcode = postcode(rng)
        self.address = address_for(rng, self.postcode)
        self.surname = family_name(rng)
        oldest = max(child_ages)
        self.moved_in = self.as_of - timedelta(days=rng.randint(min(oldest, 1200) + 1, 4000))
        self.children: list[Human] = []
        for number, age_days in enumerate(child_ages, start=1):
            self.children.append(self.human(f"C{number}", rng.choice("FM"), age_days))
        mother_age = oldest + rng.randint(20 * 365, 32 * 365)
        self.mother = self.human("M", "F", mother_age)
        self.adults = [self.mother]
        self.father = None
        if two_parents:
            self.father = self.human("F", "M", mother_age + rng.randint(-700, 2500))
            self.adults.append(self.father)
        self.csc_known: set[str] = set()
        self.csc_first: date | None = None  # the first day children's social care records
        self.household = Household(
            key, self.surname, self.postcode, self.address, list(self.children), list(self.adults)
        )
        pop.households.append(self.household)

    @property
    def child(self) -> Human:
        return self.children[0]

    def human(self, suffix: str, sex: str, age_days: int, **kw) -> Human:
        born = self.as_of - timedelta(days=age_days)
        human = self.pop.human_new(
            f"{self.key}-{suffix}",
            given_name=given_name(self.rng, sex),
            family_name=kw.pop("family", self.surname),
            sex=sex,
            birth_date=born,
            nhs_number=next(self.numbers) if self.numbers is not None else "",
            upn=upn(next(self.upns)) if 4 * 365 <= age_days < 18 * 365 else "",
            postcode=kw.pop("postcode", self.postcode),
            address=kw.pop("address", self.address),
            address_from=kw.pop("address_from", max(self.moved_in, born)),
        )
        return human

    # --- records and events

    def record(self, code: str, human: Human) -> None:
        # Every record of the family carries the NHS number, so each event lands on
        # the one person it is about, whatever the linkage does with partial records.
        self.pop.record(code, human, self.rng, nhs=True)

    def ev(
        self, code: str, kind: str, subject: Human, day: date, summary: str, **fields
    ) -> dict | None:
        for human in (subject, *(h for h, _ in fields.get("involved", ()))):
            self.record(code, human)
        if code == b.CSC and subject in self.children:
            self.csc_know(subject)
        row = self.pop.event(code, kind, subject, day, summary, self.rng, **fields)
        if row is not None and code == b.CSC and subject in self.children:
            self.csc_first = min(self.csc_first or day, day)
        return row

    def must(self, code: str, kind: str, subject: Human, day: date, summary: str, **fields) -> date:
        """An event a pattern rests on; returns the day it is recorded."""
        row = self.ev(code, kind, subject, day, summary, **fields)
        if row is None:
            raise ValueError(f"{self.key}: {kind} on {day} falls outside the demo's window")
        return row["recorded_on"]

    def close(self) -> None:
        """Children's social care knew the household's adults from its first record of a child.

        Otherwise their records would date from the first event they appear in, and
        the adults would look hidden (LC09) for the days between.
        """
        if self.csc_first is None:
            return
        rows = self.pop.extracts[b.CSC]._people_by_key
        for adult in self.household.adults:
            row = rows.get(adult.key)
            if row is not None and row["recorded_on"] is None:
                row["recorded_on"] = max(self.csc_first, adult.birth_date)

    def relate(self, code: str, a: Human, kind: str, other: Human, rng, **kw) -> None:
        """`pop.relate`, both records carrying the NHS number (see `record`)."""
        self.record(code, a)
        self.record(code, other)
        self.pop.relate(code, a, kind, other, rng, **kw)

    def csc_know(self, child: Human) -> None:
        """Children's social care records the child's whole household (LC09 is about the others)."""
        if child.key in self.csc_known or child not in self.children:
            return
        self.csc_known.add(child.key)
        for adult in self.household.adults:
            kind = "parent" if adult in (self.mother, self.father) else "household_member"
            self.relate(b.CSC, adult, kind, child, self.rng, parental_responsibility=True)
        for other in self.children:
            if other is not child:  # one row per pair: sibling is symmetric
                first, second = sorted((child, other), key=lambda h: h.key)
                self.relate(b.CSC, first, "sibling", second, self.rng)

    def seen(self, child: Human, day: date, *, alone: bool = False) -> dict:
        age = child.age_on(day)
        voice = self.rng.choice(VOICES if age >= 3 else BABY_VOICES)
        return {"child_seen": "seen_alone" if alone else "seen", "child_voice": voice}

    # --- the quiet family's ordinary contacts

    def ordinary(self) -> None:
        pop, rng = self.pop, self.rng
        start = pop.window_start
        people = [*self.adults, *self.children]
        for person in people:
            self.record(b.GP, person)
        for child in self.children:
            for parent in (self.mother, self.father):
                if parent is not None:
                    self.relate(b.GP, parent, "parent", child, rng, from_date=child.birth_date)
        for first, second in zip(self.children, self.children[1:], strict=False):
            self.relate(b.GP, first, "sibling", second, rng)
        for child in self.children:
            for _ in range(rng.randint(1, 3)):
                day = date_between(rng, max(start, child.birth_date), self.quiet_until)
                if day < self.quiet_until:
                    self.ev(b.GP, "health.gp_appointment", child, day, "Cough and cold",
                            involved=[(self.mother, "parent")], significance="routine",
                            **self.seen(child, day))  # fmt: skip
            for days, what in ((14, "New birth visit"), (365, "1 year review")):
                day = child.birth_date + timedelta(days=days)
                if day < self.quiet_until:
                    self.ev(b.OHFT, "health.health_visitor_contact", child, day, what,
                            involved=[(self.mother, "parent")], significance="routine",
                            **self.seen(child, day))  # fmt: skip
            self.school(child)
        for adult in self.adults:
            day = date_between(rng, start, self.as_of)
            self.ev(b.GP, "health.gp_appointment", adult, day, "Blood pressure check",
                    significance="routine")  # fmt: skip

    def school(self, child: Human) -> None:
        """Registered at school with the parents; attendance reports all over 92%."""
        primary = b.SCHOOL_A if self.rng.random() < 0.5 else b.SCHOOL_B
        for name, first, last in terms(self.pop.window_start, self.as_of):
            september = date(first.year if first.month >= 9 else first.year - 1, 9, 1)
            age = child.age_on(september)
            if not 4 <= age <= 17:
                continue
            code = primary if age <= 10 else b.SCHOOL_SEC
            self.record(code, child)
            for parent in (self.mother, self.father):
                if parent is not None:
                    self.relate(code, parent, "parent", child, self.rng)
            percent = self.rng.uniform(93, 100)
            self.ev(code, "education.attendance_report", child, last,
                    f"Attendance {percent:.1f}% in the {name} term", attendance_percent=f"{percent:.1f}",
                    period_from=first, significance="routine", delay=self.rng.randint(1, 6))  # fmt: skip

    def school_of(self, child: Human, day: date) -> str:
        return b.SCHOOL_SEC if child.age_on(day) >= 11 else b.SCHOOL_A

    # --- children's social care, as the statutory guidance has it

    def visits(self, child: Human, first: date, last: date, every: int, alone_every: int = 2):
        """Home visits by children's social care, every `every` days, seen (alone every other)."""
        day, count = first, 0
        while day <= min(last, self.as_of):
            count += 1
            self.ev(b.CSC, "csc.home_visit", child, day, "Statutory visit",
                    involved=[(self.mother, "parent")], delay=self.rng.randint(0, 2),
                    **self.seen(child, day, alone=alone_every > 0 and count % alone_every == 0))  # fmt: skip
            day += timedelta(days=every)

    def cin(self, child: Human, start: date, *, end: date | None = None, every: int = 20) -> None:
        self.ev(b.CSC, "csc.referral", child, start - 40 * DAY, "Referral from school",
                involved=[(self.mother, "parent")])  # fmt: skip
        self.ev(b.CSC, "csc.assessment_started", child, start - 38 * DAY, "Assessment started")
        self.ev(b.CSC, "csc.assessment_completed", child, start - 5 * DAY,
                "Assessment completed: child in need", outcome="cin_plan")  # fmt: skip
        self.ev(b.CSC, "csc.cin_plan_started", child, start, "Child in need plan")
        self.visits(child, start + 10 * DAY, (end or self.as_of) - DAY, every)
        if end is not None:
            self.ev(b.CSC, "csc.cin_plan_ended", child, end, "Child in need plan ended")

    def cp(
        self,
        child: Human,
        start: date,
        *,
        category: str = "physical",
        end: date | None = None,
        every: int = 10,
        alone_every: int = 2,
        visits_from: date | None = None,
    ) -> None:
        self.ev(b.CSC, "csc.referral", child, start - 30 * DAY, "Referral from the police",
                involved=[(self.mother, "parent")])  # fmt: skip
        self.ev(b.CSC, "csc.strategy_discussion", child, start - 25 * DAY, "Strategy discussion")
        self.ev(b.CSC, "csc.section_47_started", child, start - 24 * DAY, "Section 47 enquiry")
        self.ev(b.CSC, "csc.section_47_completed", child, start - 10 * DAY,
                "Section 47 completed", outcome="cp_conference")  # fmt: skip
        self.ev(b.CSC, "csc.initial_cp_conference", child, start, "Initial conference")
        self.ev(b.CSC, "csc.cp_plan_started", child, start, f"Child protection plan: {category}",
                category=category)  # fmt: skip
        self.visits(child, visits_from or start + 5 * DAY, (end or self.as_of) - DAY, every,
                    alone_every)  # fmt: skip
        if end is not None:
            self.ev(b.CSC, "csc.cp_plan_ended", child, end, "Child protection plan ended")

    def lac(self, child: Human, start: date, *, placement: str = "foster", away: str = "no"):
        self.ev(b.CSC, "csc.looked_after_started", child, start, "Accommodated (section 20)")
        self.ev(b.CSC, "csc.placement_started", child, start, f"Placed: {placement}",
                placement_type=placement, out_of_area=away)  # fmt: skip
        self.visits(child, start + 10 * DAY, self.as_of, 20)
        return start

    def closed_case(self, child: Human, referred: date, outcome: str = "nfa") -> date:
        """Referral, assessment, no further action, closed; returns the day it closed."""
        self.ev(b.CSC, "csc.referral", child, referred, "Referral from school",
                involved=[(self.mother, "parent")])  # fmt: skip
        # Every child of the family is assessed (CHILD-N), so no sibling is left out (LC15).
        for each in [child, *(c for c in self.children if c is not child)]:
            self.ev(b.CSC, "csc.assessment_started", each, referred + 2 * DAY, "Assessment started")
            self.ev(b.CSC, "csc.home_visit", each, referred + 9 * DAY, "Assessment visit",
                    involved=[(self.mother, "parent")], **self.seen(each, referred, alone=True))  # fmt: skip
            self.ev(b.CSC, "csc.assessment_completed", each, referred + 30 * DAY,
                    "Assessment completed: no further action", outcome=outcome)  # fmt: skip
        closed = referred + 32 * DAY
        self.ev(b.CSC, "csc.case_closed", child, closed, "Case closed")
        return closed

    def partner(self, moved_in: date) -> Human:
        """The mother's partner, at the family's address from `moved_in` (an adult of the household)."""
        # Not among the household's adults that children's social care knows (csc_know).
        return self.human("P", "M", (self.as_of - self.mother.birth_date).days + 900,
                          family=family_name(self.rng), address_from=moved_in)  # fmt: skip


# --- one labelled pattern per check: each adds the events and returns (onset, pattern name)

Pattern = Callable[[Family, date, int], tuple[date, str]]


def lc01(f: Family, t: date, n: int) -> tuple[date, str]:
    start = t - 39 * DAY
    f.cin(f.child, start, every=999)  # one visit, 10 days in, then nobody
    return start + 10 * DAY + 29 * DAY, "CIN plan; seen once, then not for 29 days"


def lc02(f: Family, t: date, n: int) -> tuple[date, str]:
    start = t - 34 * DAY
    child = f.child
    f.ev(b.CSC, "csc.home_visit", child, start + 5 * DAY, "Visit: child seen alone",
         delay=0, **f.seen(child, start, alone=True))  # fmt: skip
    f.cp(child, start, alone_every=0, visits_from=start + 10 * DAY)
    return start + 5 * DAY + 29 * DAY, "CP plan; seen alone once, then only with mother"


def lc03(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    onset = t
    for days, code, kind, what in (
        (70, b.GP, "health.gp_appointment", "Asthma review"),
        (35, b.OHFT, "health.school_nurse_contact", "School nurse drop-in"),
        (0, b.GP, "health.gp_appointment", "Chest infection"),
    ):
        onset = f.must(code, kind, child, t - days * DAY, what, child_seen="seen",
                       involved=[(f.mother, "parent")])  # fmt: skip
    return onset, "3 contacts in 90 days where the child was seen, no voice recorded"


def lc04(f: Family, t: date, n: int) -> tuple[date, str]:
    child, onset = f.child, t
    gaps = (f.rng.randint(150, 300), f.rng.randint(20, 140), 0)
    for index, days in enumerate(gaps):
        code = (b.OUH, b.GP, b.OUH)[index]
        onset = f.must(code, "health.injury", child, t - days * DAY, "Bruised forearm",
                       explanation="Fell in the playground", involved=[(f.mother, "parent")],
                       explanation_consistent="yes" if index else "no", **f.seen(child, t))  # fmt: skip
    return onset, "third injury in 365 days"


def lc05(f: Family, t: date, n: int) -> tuple[date, str]:
    baby = f.child
    t = baby.birth_date + f.rng.randint(20, 170) * DAY
    if n % 2:
        return f.must(b.OHFT, "health.bruise_non_mobile", baby, t, "Bruise on the cheek",
                      explanation="Rolled off the sofa", explanation_consistent="no",
                      involved=[(f.mother, "parent")], **f.seen(baby, t)), "bruise, non-mobile baby"  # fmt: skip
    return f.must(b.OUH, "health.injury", baby, t, "Swollen forearm",
                  involved=[(f.mother, "parent")], **f.seen(baby, t)), "injury under 6 months"  # fmt: skip


def lc06(f: Family, t: date, n: int) -> tuple[date, str]:
    return f.must(b.OUH, "health.toxicology_positive", f.child, t,
                  "Urine toxicology positive for benzodiazepines",
                  involved=[(f.mother, "parent")], **f.seen(f.child, t)), "toxicology positive"  # fmt: skip


def lc07(f: Family, t: date, n: int) -> tuple[date, str]:
    day = t - 8 * DAY
    if n % 2:
        recorded = f.must(b.TVP, "police.welfare_check", f.child, day,
                          "Neighbour reported children left alone", **f.seen(f.child, day))  # fmt: skip
        return max(day + 8 * DAY, recorded), "police welfare check of the child, not referred"
    recorded = f.must(b.TVP, "police.domestic_abuse_incident", f.mother, day,
                      "Mother assaulted by her ex-partner at the front door",
                      action="DASH standard risk")  # fmt: skip
    return max(day + 8 * DAY, recorded), "domestic abuse of a household adult, not referred"


def lc08(f: Family, t: date, n: int) -> tuple[date, str]:
    gap = (1, 365, f.rng.randint(2, 364))[n % 3]
    closed = f.closed_case(f.child, t - (gap + 32) * DAY)
    onset = f.must(b.CSC, "csc.referral", f.child, closed + gap * DAY, "Referral again",
                   involved=[(f.mother, "parent")])  # fmt: skip
    return onset, f"re-referral {gap} days after closure"


def lc09(f: Family, t: date, n: int) -> tuple[date, str]:
    partner = f.partner(t - 200 * DAY)
    f.record(b.TVP, f.mother)
    f.relate(b.TVP, partner, "partner", f.mother, f.rng, from_date=t - 200 * DAY)
    f.ev(b.TVP, "police.arrest", partner, t - 100 * DAY, "Arrested for shoplifting", delay=0)
    onset = f.must(b.CSC, "csc.contact", f.child, t, "School contact: worried about home",
                   involved=[(f.mother, "parent")], outcome="nfa")  # fmt: skip
    return onset, "mother's partner at the address known to police only"


def lc10(f: Family, t: date, n: int) -> tuple[date, str]:
    f.ev(b.GP, "health.parent_mental_health", f.mother, t - f.rng.randint(30, 700) * DAY,
         "Depression; started on sertraline", delay=0)  # fmt: skip
    return f.must(b.ASC, "adult.substance_misuse_service", f.mother, t,
                  "Referred to the alcohol service"), "mental health and alcohol misuse of mother"  # fmt: skip


def lc11(f: Family, t: date, n: int) -> tuple[date, str]:
    child, school = f.child, f.school_of(f.child, t)
    variant = n % 3
    if variant == 0:
        return f.must(school, "education.attendance_report", child, t, "Attendance 84.0%",
                      attendance_percent="84.0", period_from=t - 60 * DAY), "attendance 84%"  # fmt: skip
    if variant == 1:
        return f.must(school, "education.removed_from_roll", child, t,
                      "Removed from roll: family moved away"), "removed from roll"  # fmt: skip
    f.ev(school, "education.school_move", child, t - f.rng.randint(60, 360) * DAY, "Joined mid-year",
         delay=0)  # fmt: skip
    return f.must(
        school, "education.school_move", child, t, "Joined mid-year again"
    ), "2 school moves"


def lc12(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    f.ev(b.GP, "health.was_not_brought", child, t - 80 * DAY, "Immunisations: not brought",
         child_seen="not_seen", involved=[(f.mother, "parent")], delay=0)  # fmt: skip
    f.ev(b.OHFT, "health.non_engagement", f.mother, t - 30 * DAY, "Did not attend the clinic",
         delay=0)  # fmt: skip
    return f.must(b.GP, "health.was_not_brought", child, t, "Review: not brought",
                  child_seen="not_seen", involved=[(f.mother, "parent")]), "3 in 90 days"  # fmt: skip


def lc13(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    if n % 2:
        start = t - 366 * DAY
        f.cp(child, start)
        f.ev(b.CSC, "csc.cp_review", child, start + 90 * DAY, "Review", outcome="risk_reduced")
        return t, "CP plan open 366 days"
    start = t - 200 * DAY
    f.cp(child, start)
    f.ev(b.CSC, "csc.cp_review", child, t - 110 * DAY, "Review", outcome="risk_unchanged", delay=0)
    return f.must(b.CSC, "csc.cp_review", child, t, "Review", outcome="risk_increased"), "2 reviews"


def lc14(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    f.ev(b.OUH, "health.injury", child, t - 300 * DAY, "Cut knee", explanation="Fell off a scooter",
         explanation_consistent="yes", delay=0, **f.seen(child, t))  # fmt: skip
    f.ev(f.school_of(child, t), "education.safeguarding_concern", child, t - 200 * DAY,
         "Often hungry", delay=0, **f.seen(child, t))  # fmt: skip
    f.ev(b.OUH, "health.ed_attendance", child, t - 150 * DAY, "Sprained wrist", delay=0,
         explanation="Trampoline", explanation_consistent="yes", **f.seen(child, t))  # fmt: skip
    day = t - 60 * DAY
    f.ev(b.TVP, "police.domestic_abuse_incident", f.mother, day, "Argument with ex-partner",
         referred_to="childrens_social_care", delay=0)  # fmt: skip
    f.ev(b.CSC, "csc.contact", child, day + 2 * DAY, "Police notification screened",
         outcome="nfa", delay=0)  # fmt: skip
    return f.must(b.GP, "health.was_not_brought", child, t, "Not brought to the asthma clinic",
                  child_seen="not_seen"), "8 points by 4 agencies in a year"  # fmt: skip


def lc15(f: Family, t: date, n: int) -> tuple[date, str]:
    sibling = f.children[1]
    day = t - 14 * DAY
    f.ev(b.CSC, "csc.referral", sibling, day - 2 * DAY, "Referral from school", delay=0)
    f.must(b.CSC, "csc.assessment_started", sibling, day, "Assessment started", delay=0)
    return t, "sibling assessed, this child not, 14 days on"


def lc16(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    if n % 2:
        start = t - 43 * DAY
        f.cp(child, start, category=("neglect", "multiple")[n // 2 % 2])
        return t, "CP plan for neglect 43 days without the neglect tool"
    meeting = t - 43 * DAY
    f.cin(child, meeting - 120 * DAY)
    f.must(b.CSC, "csc.legal_planning_meeting", child, meeting, "Legal planning meeting", delay=0)
    return t, "legal planning meeting 43 days ago, no neglect tool"


def lc17(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    f.lac(child, t - f.rng.randint(60, 300) * DAY)
    day = t - 8 * DAY
    kind = ("health.self_harm", "health.suicide_risk")[n % 2]
    recorded = f.must(b.OUH, kind, child, day, "Cut her arms", delay=0, **f.seen(child, day))
    if n % 3 == 0:  # a plan, but one that leaves out ligature points
        f.ev(b.CSC, "csc.suicide_prevention_plan", child, day + 2 * DAY, "Safety plan",
             plan_covers="emotional_risks;behavioural_risks;situational_risks;named_roles",
             review_by=f.as_of + 60 * DAY, delay=0)  # fmt: skip
    return max(recorded, t), "looked after, self-harm, no full prevention plan in 7 days"


def lc18(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    start = f.lac(child, t - f.rng.randint(60, 300) * DAY)
    placed = t - 8 * DAY
    residential = n % 2 == 0
    f.must(b.CSC, "csc.placement_ended", child, placed, "Foster placement ended", delay=0)
    f.must(b.CSC, "csc.placement_started", child, placed, "Moved placement",
           placement_type="residential" if residential else "foster",
           out_of_area="no" if residential else "yes", delay=0)  # fmt: skip
    del start
    return t, "residential or out-of-area placement without a full plan in 7 days"


def lc19(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    f.cin(child, t - 200 * DAY)
    f.must(b.CSC, "csc.worker_changed", child, t - 11 * DAY, "New social worker allocated",
           delay=0)  # fmt: skip
    return t, "worker changed, no handover by the 10th day"


def lc20(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    if n % 2:
        return f.must(b.OHFT, "health.sexually_transmitted_infection", child, t,
                      "Chlamydia", sensitivity="restricted", **f.seen(child, t)), "STI under 13"  # fmt: skip
    school = f.school_of(child, t)
    f.ev(school, "education.sexualised_behaviour", child, t - f.rng.randint(30, 300) * DAY,
         "Sexualised play in class", delay=0, **f.seen(child, t))  # fmt: skip
    return f.must(school, "education.disclosure", child, t, "Told her teacher about an uncle",
                  category="sexual", **f.seen(child, t)), "two indicators in a year"  # fmt: skip


def lc21(f: Family, t: date, n: int) -> tuple[date, str]:
    f.cin(f.child, t - 150 * DAY)
    return f.must(b.OHFT, "adult.mental_health_contact", f.mother, t,
                  "Community mental health team: psychosis"), "parent in adult mental health"  # fmt: skip


def lc22(f: Family, t: date, n: int) -> tuple[date, str]:
    stage = 1 + n % 2
    day = t
    while day.weekday() >= 5:
        day -= DAY
    day -= 16 * DAY
    while day.weekday() >= 5:
        day -= DAY
    f.must(f.school_of(f.child, day), "education.professional_disagreement", f.child, day,
           "School disagrees with the threshold decision", stage=str(stage), delay=0)  # fmt: skip
    return add_working_days(day, 5 * stage + 1), f"stage {stage} disagreement past its timescale"


def lc23(f: Family, t: date, n: int) -> tuple[date, str]:
    child = f.child
    f.ev(b.TVP, "police.missing_episode", child, t - f.rng.randint(20, 170) * DAY,
         "Missing overnight", referred_to="childrens_social_care", delay=0,
         **f.seen(child, t, alone=True))  # fmt: skip
    kind = ("police.child_offending", "health.child_substance_misuse", "health.self_harm")[n % 3]
    code = b.TVP if kind.startswith("police") else b.OUH
    return f.must(code, kind, child, t, "Second kind of risk", **f.seen(child, t)), "2 kinds"


PATTERNS: dict[str, Pattern] = {
    code: fn
    for code, fn in zip(
        CHECK_CODES,
        (lc01, lc02, lc03, lc04, lc05, lc06, lc07, lc08, lc09, lc10, lc11, lc12,
         lc13, lc14, lc15, lc16, lc17, lc18, lc19, lc20, lc21, lc22, lc23),
        strict=True,
    )
}  # fmt: skip

# Ages in days of the family's children for each pattern (the first is the child labelled).
AGES: dict[str, tuple[tuple[int, int], ...]] = {
    "LC02": ((5 * 365, 12 * 365),),
    "LC05": ((200, 330),),
    "LC15": ((5 * 365, 9 * 365), (10 * 365, 13 * 365)),
    "LC17": ((13 * 365, 16 * 365),),
    "LC18": ((12 * 365, 16 * 365),),
    "LC20": ((8 * 365, 12 * 365 - 30),),
    "LC23": ((14 * 365, 16 * 365),),
}
DEFAULT_AGES = ((5 * 365, 12 * 365),)


# --- near misses: the same families, stopping at the boundary


def nm01(f: Family, t: date, n: int) -> str:
    f.cin(f.child, t - 200 * DAY, every=27)
    return "CIN plan, seen every 27 days"


def nm02(f: Family, t: date, n: int) -> str:
    if n % 2:  # aged 3 (near_ages) until after the demo's as-of day
        f.cp(f.child, t - 100 * DAY, alone_every=0)
        return "CP plan of a 3-year-old never seen alone"
    f.cp(f.child, t - 100 * DAY, every=9, alone_every=3)
    return "CP plan, seen alone every 27 days"


def nm03(f: Family, t: date, n: int) -> str:
    for days, voice in ((70, ""), (35, "Said the inhaler helps."), (0, "Wants to play football.")):
        f.ev(b.GP, "health.gp_appointment", f.child, t - days * DAY, "Asthma review",
             child_seen="seen", child_voice=voice)  # fmt: skip
    return "voice missing once in three contacts"


def nm04(f: Family, t: date, n: int) -> str:
    child = f.child
    if n % 2:
        days = (425, 200, 0)
        what = "3 injuries over 14 months"
    else:
        days = (f.rng.randint(30, 300), 0)
        what = "2 injuries in a year, plus emergency department visits"
        f.ev(b.OUH, "health.ed_attendance", child, t - 100 * DAY, "Sprained ankle",
             explanation_consistent="yes", **f.seen(child, t))  # fmt: skip
    for d in days:
        f.ev(b.OUH, "health.injury", child, t - d * DAY, "Grazed knee", explanation="Fell over",
             explanation_consistent="yes", **f.seen(child, t))  # fmt: skip
    return what


def nm05(f: Family, t: date, n: int) -> str:
    baby = f.child  # born 6 months and a few days before t
    six_months = add_months(baby.birth_date, 6)
    f.ev(b.OUH, "health.ed_attendance", baby, baby.birth_date + 60 * DAY, "Temperature",
         **f.seen(baby, t))  # fmt: skip
    f.ev(b.OUH, "health.injury", baby, six_months + 3 * DAY, "Bumped head on the cot",
         explanation_consistent="yes", **f.seen(baby, t))  # fmt: skip
    return "injury just after 6 months; ED visit (not an injury) before"


def nm06(f: Family, t: date, n: int) -> str:
    f.ev(b.OUH, "health.hospital_admission", f.child, t, "Admitted with gastroenteritis",
         **f.seen(f.child, t))  # fmt: skip
    return "hospital admission, no toxicology"


def nm07(f: Family, t: date, n: int) -> str:
    day = t - 20 * DAY
    variant = n % 3
    if variant == 0:
        f.ev(b.TVP, "police.domestic_abuse_incident", f.mother, day, "Argument; child asleep",
             referred_to="childrens_social_care", delay=0)  # fmt: skip
        f.ev(b.CSC, "csc.contact", f.child, day + 3 * DAY, "Police notification screened",
             outcome="nfa", delay=0)  # fmt: skip
        return "domestic abuse referred on and screened"
    if variant == 1:
        f.ev(b.TVP, "police.welfare_check", f.child, day, "Welfare check", delay=0,
             **f.seen(f.child, day))  # fmt: skip
        f.ev(b.CSC, "csc.contact", f.child, day + 7 * DAY, "Police welfare check screened",
             outcome="nfa", delay=0)  # fmt: skip
        return "welfare check not referred, contact on the 7th day"
    f.ev(b.TVP, "police.antisocial_behaviour", f.mother, day, "Noise complaint", delay=0)
    return "antisocial behaviour call (not a listed type), not referred"


def nm08(f: Family, t: date, n: int) -> str:
    child = f.child
    if n % 2:
        closed = f.closed_case(child, t - 400 * DAY)
        f.ev(b.CSC, "csc.referral", child, closed + 366 * DAY, "Referral again",
             involved=[(f.mother, "parent")])  # fmt: skip
        f.ev(b.CSC, "csc.contact", child, closed + 100 * DAY, "Contact: advice given",
             outcome="nfa")  # fmt: skip
        return "referral 366 days after closure; a contact (not a referral) within the year"
    first = f.as_of - 1050 * DAY
    for offset in (0, 400, 800):
        f.closed_case(child, first + offset * DAY)
    return "3 closures over 832 days, each re-referral over a year after the last closure"


def nm09(f: Family, t: date, n: int) -> str:
    partner = f.partner(t - 200 * DAY)
    f.relate(b.TVP, partner, "partner", f.mother, f.rng, from_date=t - 200 * DAY)
    f.ev(b.TVP, "police.arrest", partner, t - 100 * DAY, "Arrested for shoplifting")
    if n % 2:
        return "partner known to police only; no children's social care record of the child"
    f.csc_know(f.child)
    f.relate(b.CSC, partner, "household_member", f.child, f.rng)
    f.ev(b.CSC, "csc.contact", f.child, t, "School contact", involved=[(f.mother, "parent")],
         outcome="nfa")  # fmt: skip
    return "partner recorded by children's social care too"


def nm10(f: Family, t: date, n: int) -> str:
    if n % 2:
        f.ev(b.GP, "health.parent_mental_health", f.mother, t - 800 * DAY, "Depression")
        f.ev(b.ASC, "adult.substance_misuse_service", f.mother, t, "Alcohol service")
        return "mental health and alcohol 800 days apart"
    f.ev(b.GP, "health.parent_mental_health", f.mother, t - 200 * DAY, "Depression")
    f.ev(b.OHFT, "adult.mental_health_contact", f.mother, t, "Mental health review")
    return "two mental health events: one kind"


def nm11(f: Family, t: date, n: int) -> str:
    child, school = f.child, f.school_of(f.child, t)
    if n % 2:
        f.ev(school, "education.attendance_report", child, t, "Attendance 90.5%",
             attendance_percent="90.5", period_from=t - 60 * DAY)  # fmt: skip
        f.ev(school, "education.elective_home_education", child, t - 10 * DAY,
             "Parents notified elective home education")  # fmt: skip
        return "attendance 90.5%; home education with no open involvement"
    f.ev(school, "education.school_move", child, t - 380 * DAY, "Joined mid-year")
    f.ev(school, "education.school_move", child, t, "Joined mid-year again")
    return "2 school moves 380 days apart"


def nm12(f: Family, t: date, n: int) -> str:
    child = f.child
    days = (95, 0) if n % 2 else (100, 50, 0)
    for d in days:
        f.ev(b.GP, "health.was_not_brought", child, t - d * DAY, "Not brought",
             child_seen="not_seen")  # fmt: skip
    return "non-engagement twice in 90 days" if n % 2 else "3 over 100 days"


def nm13(f: Family, t: date, n: int) -> str:
    child = f.child
    if n % 2:
        start = t - 365 * DAY
        f.cp(child, start, end=start + 365 * DAY)
        f.ev(b.CSC, "csc.case_closed", child, start + 370 * DAY, "Case closed")
        return "CP plan ended on its 365th day"
    start = t - 200 * DAY
    f.cp(child, start)
    f.ev(b.CSC, "csc.cp_review", child, t - 110 * DAY, "Review", outcome="risk_unchanged")
    f.ev(b.CSC, "csc.cp_review", child, t, "Review", outcome="risk_reduced")
    return "reviews: unchanged, then reduced"


def nm14(f: Family, t: date, n: int) -> str:
    child = f.child
    # 7 points from 4 agencies in a year
    f.ev(b.OUH, "health.injury", child, t - 300 * DAY, "Cut knee", explanation_consistent="yes",
         **f.seen(child, t))  # fmt: skip
    f.ev(f.school_of(child, t), "education.safeguarding_concern", child, t - 200 * DAY,
         "Often hungry", **f.seen(child, t))  # fmt: skip
    f.ev(b.OUH, "health.ed_attendance", child, t - 150 * DAY, "Sprained wrist",
         explanation_consistent="yes", **f.seen(child, t))  # fmt: skip
    f.ev(b.TVP, "police.domestic_abuse_incident", f.mother, t - 60 * DAY, "Argument",
         referred_to="childrens_social_care", delay=0)  # fmt: skip
    f.ev(b.CSC, "csc.contact", child, t - 58 * DAY, "Police notification screened",
         outcome="nfa", delay=0)  # fmt: skip
    return "7 points by 4 agencies in a year"


def nm15(f: Family, t: date, n: int) -> str:
    sibling = f.children[1]
    day = t - 14 * DAY
    f.ev(b.CSC, "csc.referral", sibling, day - 2 * DAY, "Referral from school", delay=0)
    f.ev(b.CSC, "csc.assessment_started", sibling, day, "Assessment started", delay=0)
    f.ev(b.CSC, "csc.assessment_started", f.child, day + 5 * DAY, "Assessment started", delay=0)
    return "both children assessed"


def nm16(f: Family, t: date, n: int) -> str:
    start = t - 150 * DAY
    if n % 2:
        f.cp(f.child, start, category="physical")
        return "CP plan for physical abuse"
    f.ev(b.CSC, "csc.neglect_tool_completed", f.child, start + 20 * DAY, "Neglect tool done",
         delay=0)  # fmt: skip
    f.cp(f.child, start, category="neglect", end=start + 190 * DAY)
    return "CP plan for neglect with the neglect tool"


def nm17(f: Family, t: date, n: int) -> str:
    child = f.child
    day = t - 8 * DAY
    if n % 2:
        f.ev(b.OUH, "health.self_harm", child, day, "Cut her arms", **f.seen(child, day))
        return "self-harm, not looked after"
    f.lac(child, t - 200 * DAY)
    f.ev(b.OUH, "health.self_harm", child, day, "Cut her arms", delay=0, **f.seen(child, day))
    f.ev(b.CSC, "csc.suicide_prevention_plan", child, day + 7 * DAY, "Suicide prevention plan",
         plan_covers="emotional_risks;behavioural_risks;situational_risks;ligature_risks;named_roles",
         review_by=f.as_of + 90 * DAY, delay=0)  # fmt: skip
    return "looked after, self-harm, full plan on the 7th day"


def nm18(f: Family, t: date, n: int) -> str:
    child = f.child
    f.lac(child, t - 200 * DAY)
    placed = t - 8 * DAY
    f.ev(b.CSC, "csc.placement_ended", child, placed, "Foster placement ended", delay=0)
    if n % 2:
        f.ev(b.CSC, "csc.placement_started", child, placed, "Moved", placement_type="foster",
             out_of_area="no", delay=0)  # fmt: skip
        return "new placement in county foster care"
    f.ev(b.CSC, "csc.placement_started", child, placed, "Moved", placement_type="residential",
         out_of_area="yes", delay=0)  # fmt: skip
    f.ev(b.CSC, "csc.placement_plan", child, placed + 7 * DAY, "Placement plan",
         plan_covers="staffing_levels;night_checks;waking_night_cover;contingency", delay=0)  # fmt: skip
    return "residential placement with a full plan on the 7th day"


def nm19(f: Family, t: date, n: int) -> str:
    child = f.child
    f.cin(child, t - 200 * DAY)
    changed = t - 40 * DAY
    f.ev(b.CSC, "csc.worker_changed", child, changed, "New social worker", delay=0)
    offset = 10 if n % 2 else -14
    f.ev(b.CSC, "csc.handover_recorded", child, changed + offset * DAY, "Handover", delay=0)
    return f"handover {offset:+d} days from the change"


def nm20(f: Family, t: date, n: int) -> str:
    child = f.child
    school = f.school_of(child, t)
    if n % 2:
        f.ev(school, "education.sexualised_behaviour", child, t, "Sexualised language",
             **f.seen(child, t))  # fmt: skip
        return "one indicator"
    first = t - 100 * DAY
    f.ev(school, "education.sexualised_behaviour", child, first, "Sexualised play", delay=0,
         **f.seen(child, t))  # fmt: skip
    f.ev(b.CSC, "csc.strategy_discussion", child, first + 5 * DAY, "Strategy discussion",
         delay=0)  # fmt: skip
    f.ev(school, "education.disclosure", child, t, "Disclosure", category="sexual",
         **f.seen(child, t))  # fmt: skip
    return "two indicators, strategy discussion after the first"


def nm21(f: Family, t: date, n: int) -> str:
    if n % 2:
        f.ev(b.OHFT, "adult.mental_health_contact", f.mother, t, "Mental health review")
        return "parent in adult mental health, no open involvement"
    f.cin(f.child, t - 150 * DAY)
    day = t - 30 * DAY
    while day <= f.as_of:  # adult social care works with the family every 3 months
        f.ev(b.ASC, "adult.social_care_assessment", f.mother, day, "Carer's assessment review",
             involved=[(f.child, "present")], delay=0)  # fmt: skip
        day += 90 * DAY
    f.ev(b.OHFT, "adult.mental_health_contact", f.mother, t, "Mental health review")
    return "open involvement, adult social care involved with the child"


def nm22(f: Family, t: date, n: int) -> str:
    day = t - 30 * DAY
    while day.weekday() >= 5:
        day -= DAY
    school = f.school_of(f.child, day)
    f.ev(school, "education.professional_disagreement", f.child, day, "Disagreement", stage="1",
         delay=0)  # fmt: skip
    follow = add_working_days(day, 5)
    if n % 2:
        f.ev(school, "education.disagreement_resolved", f.child, follow, "Resolved", delay=0)
        return "stage 1 resolved on the 5th working day"
    f.ev(school, "education.professional_disagreement", f.child, follow, "Escalated", stage="2",
         delay=0)  # fmt: skip
    f.ev(school, "education.disagreement_resolved", f.child, add_working_days(follow, 3),
         "Resolved", delay=0)  # fmt: skip
    return "escalated to stage 2 on the 5th working day, then resolved"


def nm23(f: Family, t: date, n: int) -> str:
    child = f.child
    if n % 2:
        for days in (120, 10):
            f.ev(b.TVP, "police.missing_episode", child, t - days * DAY, "Missing overnight",
                 referred_to="childrens_social_care", **f.seen(child, t, alone=True))  # fmt: skip
        return "two missing episodes (one kind)"
    # A 12-year-old: two kinds, gone from the 180 days before the 13th birthday.
    f.ev(b.TVP, "police.missing_episode", child, t - 40 * DAY, "Missing overnight",
         referred_to="childrens_social_care", **f.seen(child, t, alone=True))  # fmt: skip
    f.ev(b.OUH, "health.self_harm", child, t - 20 * DAY, "Scratched arms", **f.seen(child, t))
    return "two kinds at 12"


NEAR_MISSES: dict[str, Callable[[Family, date, int], str]] = {
    code: fn
    for code, fn in zip(
        CHECK_CODES,
        (nm01, nm02, nm03, nm04, nm05, nm06, nm07, nm08, nm09, nm10, nm11, nm12,
         nm13, nm14, nm15, nm16, nm17, nm18, nm19, nm20, nm21, nm22, nm23),
        strict=True,
    )
}  # fmt: skip
NEAR_AGES: dict[str, tuple[tuple[int, int], ...]] = {
    "LC05": ((195, 230),),
    "LC15": ((5 * 365, 9 * 365), (10 * 365, 13 * 365)),
    "LC17": ((13 * 365, 16 * 365),),
    "LC18": ((12 * 365, 16 * 365),),
    "LC20": ((13 * 365 + 20, 13 * 365 + 200),),
    "LC23": ((12 * 365 + 40, 12 * 365 + 100),),
}


def near_ages(code: str, n: int) -> tuple[tuple[int, int], ...]:
    if code == "LC02" and n % 2:
        return ((3 * 365 + 30, 3 * 365 + 200),)
    return NEAR_AGES.get(code, DEFAULT_AGES)


# --- quiet households: ordinary contacts only


def quiet_noise(f: Family, rng: random.Random) -> None:
    """One or two ordinary contacts that a careless check might take for a pattern."""
    child = rng.choice(f.children)
    start = max(f.pop.window_start, child.birth_date + 30 * DAY)
    rolls = rng.sample(range(9), rng.choice((0, 1, 1, 2)))
    if 3 in rolls and 6 in rolls:  # domestic abuse and parental mental health: LC10
        rolls.remove(6)
    for roll in rolls:
        day = date_between(rng, start, f.as_of - 40 * DAY)
        if roll in (0, 1):  # injuries and ED visits from the first birthday (LC05)
            day = max(day, child.birth_date + 366 * DAY)
        if roll == 0:
            f.ev(b.OUH, "health.ed_attendance", child, day, "Fell off a bike; grazes",
                 explanation_consistent="yes", **f.seen(child, day))  # fmt: skip
        elif roll == 1:
            f.ev(b.OUH, "health.injury", child, day, "Sprained wrist at football",
                 explanation_consistent="yes", **f.seen(child, day))  # fmt: skip
        elif roll == 2 and child.age_on(day) >= 12:
            f.ev(b.TVP, "police.antisocial_behaviour", child, day, "Throwing stones at buses",
                 **f.seen(child, day))  # fmt: skip
        elif roll == 3:
            f.ev(b.TVP, "police.domestic_abuse_incident", f.mother, day, "Verbal argument",
                 referred_to="childrens_social_care", delay=0)  # fmt: skip
            f.ev(b.CSC, "csc.contact", child, day + 2 * DAY, "Police notification screened",
                 outcome="nfa", delay=0)  # fmt: skip
        elif roll == 4 and day < f.as_of - 100 * DAY:
            # Every child is assessed (no sibling left out, LC15), so all born by then.
            youngest = max(c.birth_date for c in f.children)
            f.closed_case(child, max(day, youngest + 30 * DAY))
        elif roll == 5:
            f.ev(b.GP, "health.was_not_brought", child, day, "Not brought", child_seen="not_seen")
        elif roll == 6:
            f.ev(b.GP, "health.parent_mental_health", f.mother, day, "Low mood")
        elif roll == 7 and child.age_on(day) >= 5:
            f.ev(f.school_of(child, day), "education.school_move", child, day, "Joined the school")
        else:
            f.ev(b.OHFT, "health.school_nurse_contact", child, day, "Drop-in",
                 **f.seen(child, day, alone=True))  # fmt: skip


# --- putting them together


@dataclass
class LabelledPlan:
    """How many households of each kind to add."""

    per_check: int = 1  # labelled households per check
    near_per_check: int = 1  # near-miss households per check
    quiet: int = 0  # quiet ordinary households
    checks: tuple[str, ...] = CHECK_CODES


def labelled_add(pop: Population, plan: LabelledPlan, *, seed: int) -> list[Label]:
    """Add the plan's households to `pop` (before `pop.finish()`); return the labels."""
    numbers = nhs_numbers(LABEL_NHS_FIRST)
    upns = iter(range(700_000_000, 800_000_000))
    labels: list[Label] = []
    as_of = pop.as_of

    def family(key: str, ages: tuple[tuple[int, int], ...], rng: random.Random, t: date, pool):
        child_ages = tuple(rng.randint(lo, hi) for lo, hi in ages)
        f = Family(pop, key, rng, pool, upns, child_ages=child_ages,
                   two_parents=rng.random() < 0.6, quiet_until=t - 150 * DAY)  # fmt: skip
        f.ordinary()
        return f

    for code in plan.checks:
        for n in range(plan.per_check):
            rng = random.Random(f"fullpicture-demo:{seed}:labelled:{code}:{n}")
            t = as_of - timedelta(days=rng.randint(60, 330))
            f = family(f"LAB-{code}-{n:03d}", AGES.get(code, DEFAULT_AGES), rng, t, numbers)
            onset, pattern = PATTERNS[code](f, t, n)
            f.close()
            labels.append(Label(f.key, f.child.key, f.child.nhs_number, code, onset, pattern))
        for n in range(plan.near_per_check):
            rng = random.Random(f"fullpicture-demo:{seed}:near:{code}:{n}")
            # A near miss with a child protection plan keeps it under a year old (LC13).
            latest = 160 if code in ("LC02", "LC13", "LC16") else 330
            t = as_of - timedelta(days=rng.randint(60, latest))
            f = family(f"NEAR-{code}-{n:03d}", near_ages(code, n), rng, t, numbers)
            NEAR_MISSES[code](f, t, n)
            f.close()
    for n in range(plan.quiet):
        rng = random.Random(f"fullpicture-demo:{seed}:quiet:{n}")
        count = rng.choices((1, 2, 3), (35, 45, 20))[0]
        ages = tuple((30, 17 * 365) for _ in range(count))
        f = family(f"QUIET-{n:05d}", ages, rng, as_of + DAY, None)
        quiet_noise(f, rng)
        f.close()
    return labels


def labels_write(labels: list[Label], path: Path) -> Path:
    """Write the truth as CSV: household, child_key, nhs_number, check, onset, pattern."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(LABEL_COLUMNS)
        for label in sorted(labels, key=lambda x: (x.check, x.household)):
            writer.writerow(
                (label.household, label.child_key, label.nhs_number, label.check,
                 label.onset.isoformat(), label.pattern)
            )  # fmt: skip
    return path


def labels_read(path: Path) -> list[Label]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Label(row["household"], row["child_key"], row["nhs_number"], row["check"],
                  date.fromisoformat(row["onset"]), row["pattern"])
            for row in csv.DictReader(handle)
        ]  # fmt: skip


def plan_for_children(children: int) -> LabelledPlan:
    """A plan of about `children` children: 3% of them labelled per... at least one per check."""
    per_check = max(1, round(children * 0.003))
    labelled_children = 2 * per_check * len(CHECK_CODES) * 1.1
    quiet = max(0, round((children - labelled_children) / 1.85))
    return LabelledPlan(per_check=per_check, near_per_check=per_check, quiet=quiet)
