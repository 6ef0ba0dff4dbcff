"""The story households: real case-review learning, acted out by synthetic families.

Each story takes the finding of a published review (see shared/reviews and
shared/domain/learning-checks.md) and gives it to one household, at a fixed
place in the demo, with fixed names and NHS numbers, so that tests, a browser
journey and the learning checks can find them. Dates are days before the demo's
as-of day, so a story always ends "now".

- a ADOL: thirteen medical appointments for injuries with inconsistent
  explanations, across hospital departments and the GP, and a positive
  toxicology screen (nine drugs including benzodiazepines and opiates).
- b ADOL: police called to domestic abuse again and again, the child present,
  and not once referred to children's social care.
- c ADOL: a child who changes school three times in a year and then vanishes
  from education, attendance falling term by term.
- d ADOL: "start again syndrome": referred, assessed, closed with no further
  action, five times in two years.
- e ADOL (hidden men), OSCAR: the mother's new partner is violent and known to
  the police, who record him with the child; children's social care has no
  record of him.
- f CHILD-N and bruising protocols: a bruised four-month-old, the explanation
  ("rolled off the sofa") accepted, contested court proceedings between the parents.
- g OSCAR: a child seen at every visit whose voice is never written down, a
  mother with mental ill health, alcohol misuse and domestic abuse, who stops
  engaging; godparents in the picture.
- h CHILD-N, CHILD-R-PR: a child protection plan for neglect that runs for over
  a year, risk unchanged, no neglect tool; the older brother never assessed.
- i CHILD-R-PR: an adolescent going missing, found with older men, using
  drugs: exploitation.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from fullpicture.demo import builder as b
from fullpicture.demo.builder import Household, Human, Population
from fullpicture.demo.households import (
    attendance,
    gp_visits,
    health_visiting,
    school_register,
    terms,
)
from fullpicture.demo.synthetic import address_for, nhs_numbers, postcode, upn


@dataclass(frozen=True)
class Story:
    key: str
    title: str
    learning: str  # the review it comes from, as learning-checks.md names it
    child_given_name: str
    child_family_name: str
    child_nhs_number: str
    child_age: str
    visible: str  # what a professional should see on the child's chronology
    checks: tuple[str, ...]  # learning checks this household should set off

    @property
    def child_name(self) -> str:
        return f"{self.child_given_name} {self.child_family_name}"


STORY_INJURIES = Story(
    "a",
    "Repeated injuries with inconsistent explanations",
    "ADOL",
    "Tyler",
    "Ashworth",
    "9990001014",
    "14 years",
    "13 injury appointments over two years at the John Radcliffe and Horton EDs, the minor "
    "injuries unit, the fracture clinic, the school nurse and the GP, nearly all with "
    "explanations judged inconsistent; a positive toxicology screen (9 drugs); mother's "
    "mental health contacts; one children's social care contact closed with no further action.",
    ("LC04", "LC06"),
)
STORY_POLICE_NOT_REFERRED = Story(
    "b",
    "Domestic abuse call-outs never referred",
    "ADOL",
    "Maisie",
    "Fairbrother",
    "9990002010",
    "6 years",
    "Five police domestic abuse incidents in 18 months with Maisie present, her father the "
    "alleged perpetrator; referred_to empty every time and no children's social care contact.",
    ("LC07",),
)
STORY_MISSING_EDUCATION = Story(
    "c",
    "Vanishing from school after several school moves",
    "ADOL",
    "Kacey",
    "Lowther",
    "9990003017",
    "10 years",
    "Three school moves in a year between Thornbury and Elmcroft primaries, attendance falling "
    "from 96% to under 40%, unauthorised absences, homelessness, then a child missing education "
    "notification.",
    ("LC11",),
)
STORY_START_AGAIN = Story(
    "d",
    "Opened and closed again and again",
    "ADOL",
    "Jayden",
    "Pritchard",
    "9990004013",
    "9 years",
    "Five cycles in two years of school concern, referral, assessment, 'no further action' and "
    "case closed, each with a new social worker; the child says all is fine each time.",
    ("LC08",),
)
STORY_HIDDEN_MAN = Story(
    "e",
    "Mother's new partner known to police, absent from social care",
    "ADOL",
    "Lily-Mae",
    "Hargreaves",
    "9990005028",
    "7 years",
    "Dean Coyle, the mother's partner, has a violent offence, a domestic abuse incident as "
    "alleged perpetrator and a risk to children marker with Thames Valley Police, and is "
    "present in police events with Lily-Mae; children's social care records only Lily-Mae "
    "and her mother.",
    ("LC09",),
)
STORY_BRUISED_BABY = Story(
    "f",
    "A bruised baby and an accepted explanation",
    "CHILD-N",
    "Noah",
    "Ellwood",
    "9990006016",
    "6 months",
    "Health visitor contacts, then a bruise on a 4-month-old's cheek explained as 'rolled off "
    "the sofa' (judged inconsistent) and not referred; an ED attendance for a swollen arm; "
    "missed immunisations; private law proceedings between the parents.",
    ("LC05", "LC12"),
)
STORY_VOICE_NOT_HEARD = Story(
    "g",
    "A child seen but not heard",
    "OSCAR",
    "Ollie",
    "Brennan",
    "9990007012",
    "5 years",
    "A child in need plan with visits where Ollie is seen but his voice is never recorded; "
    "mother's mental ill health, alcohol misuse and domestic abuse by her partner; missed "
    "visits and appointments; his godparents care for him often.",
    ("LC03", "LC10", "LC12"),
)
STORY_NEGLECT = Story(
    "h",
    "Neglect without the neglect tool; a sibling not assessed",
    "CHILD-N",
    "Ruby",
    "Cartwright",
    "9990008019",
    "3 years",
    "A child protection plan for neglect open for over a year, two reviews with risk "
    "unchanged, a legal planning meeting, and no neglect tool; her brother Harvey (8) "
    "is never assessed.",
    ("LC13", "LC16", "LC15"),
)
STORY_EXPLOITATION = Story(
    "i", "An adolescent at risk of exploitation", "CHILD-R-PR",
    "Kian", "Mercer", "9990009015", "15 years",
    "Three missing episodes, found in Birmingham with older men, cash and phones; drug use "
    "seen in ED; a suspension; a strategy discussion.",
    ("LC23",),
)  # fmt: skip

STORIES: tuple[Story, ...] = (
    STORY_INJURIES,
    STORY_POLICE_NOT_REFERRED,
    STORY_MISSING_EDUCATION,
    STORY_START_AGAIN,
    STORY_HIDDEN_MAN,
    STORY_BRUISED_BABY,
    STORY_VOICE_NOT_HEARD,
    STORY_NEGLECT,
    STORY_EXPLOITATION,
)
STORIES_BY_KEY = {story.key: story for story in STORIES}
# The hidden partner of story e: the police know him, nobody else does.
HIDDEN_PARTNER_NAME = ("Dean", "Coyle")


class _Family:
    """Helper to create one story's people with fixed identifiers and relative dates."""

    def __init__(self, pop: Population, index: int, story: Story) -> None:
        self.pop = pop
        self.story = story
        self.key = f"STORY-{story.key.upper()}"
        self.rng = random.Random(f"fullpicture-demo:story:{story.key}")
        self.nhs = nhs_numbers(index * 100 + 1)
        self.upn_serial = index * 100
        self.postcode = postcode(self.rng)
        self.address = address_for(self.rng, self.postcode)
        self.moved_in = self.ago(900)
        self.members: list[Human] = []

    def ago(self, days: int) -> date:
        return self.pop.as_of - timedelta(days=days)

    def person(
        self, suffix: str, given: str, family: str, sex: str, age_days: int, **kw: object
    ) -> Human:
        self.upn_serial += 1
        birth = self.ago(age_days)
        human = self.pop.human_new(
            f"{self.key}-{suffix}",
            given_name=given,
            family_name=family,
            sex=sex,
            birth_date=birth,
            nhs_number=next(self.nhs),
            upn=upn(self.upn_serial) if 4 * 365 <= age_days < 18 * 365 else "",
            postcode=kw.pop("postcode", self.postcode),  # type: ignore[arg-type]
            address=kw.pop("address", self.address),  # type: ignore[arg-type]
            address_from=kw.pop("address_from", self.moved_in),  # type: ignore[arg-type]
        )
        self.members.append(human)
        return human

    def household(self, children: list[Human], adults: list[Human]) -> Household:
        household = Household(
            self.key, children[0].family_name, self.postcode, self.address, children, adults,
            story=self.story.key,
        )  # fmt: skip
        self.pop.households.append(household)
        return household

    def ev(self, code: str, kind: str, subject: Human, days_ago: int, summary: str, **kw):
        return self.pop.event(code, kind, subject, self.ago(days_ago), summary, self.rng, **kw)

    def gp_register(self, child: Human, parents: list[Human]) -> None:
        for person in (*parents, child):
            self.pop.record(b.GP, person, self.rng)
        for parent in parents:
            self.pop.relate(b.GP, parent, "parent", child, self.rng, from_date=child.birth_date)


def _story_injuries(pop: Population, f: _Family) -> None:
    child = f.person("C1", "Tyler", "Ashworth", "M", 14 * 365 + 100)
    mother = f.person("M", "Dawn", "Ashworth", "F", 44 * 365 + 20)
    sister = f.person("C2", "Kirsty", "Ashworth", "F", 19 * 365 + 60)
    brother = f.person("C3", "Liam", "Ashworth", "M", 21 * 365 + 200)
    f.household([child], [mother, sister, brother])
    rng = f.rng
    f.gp_register(child, [mother])
    school_register(pop, pop.households[-1], b.SCHOOL_B, rng)
    attendance(pop, child, b.SCHOOL_B, rng, low=True)
    for record_sibling in (sister, brother):
        pop.relate(b.CSC, record_sibling, "sibling", child, rng)
    pop.relate(b.CSC, mother, "parent", child, rng, parental_responsibility=True)
    # 13 appointments for injuries in two years, spread over departments that
    # do not see each other's notes: the review's "health systems did not collate".
    injuries = (
        (715, b.OUH, "health.ed_attendance", "Cut above the left eye needing glue", "Walked into a door", "no", "ED nurse, John Radcliffe Hospital"),
        (655, b.GP, "health.injury", "Bruising to both upper arms", "Fell down the stairs", "no", "GP"),
        (600, b.OHFT, "health.injury", "Burn to the back of the right hand", "Touched the oven door", "no", "Nurse, minor injuries unit, Abingdon Community Hospital"),
        (540, b.OUH, "health.ed_attendance", "Fractured little finger", "Caught in a car door", "no", "ED doctor, Horton General Hospital"),
        (480, b.OHFT, "health.injury", "Bruise to the left cheek", "Hit by a ball at football", "yes", "School nurse"),
        (425, b.GP, "health.injury", "Bite-shaped bruise on the forearm", "The neighbour's dog", "no", "GP"),
        (365, b.OUH, "health.injury", "Fractured left wrist", "Fell off a wall", "no", "Fracture clinic, John Radcliffe Hospital"),
        (300, b.OUH, "health.ed_attendance", "Head injury, vomiting", "Fell off his bike", "no", "ED nurse, John Radcliffe Hospital"),
        (245, b.OHFT, "health.injury", "Finger-tip bruising to the neck", "Play-fighting with his brother", "no", "School nurse"),
        (170, b.OUH, "health.injury", "Laceration to the scalp", "Banged his head on a cupboard", "no", "ED doctor, Horton General Hospital"),
        (120, b.GP, "health.injury", "Bruising to the lower back", "Fell in the bath", "no", "GP"),
        (75, b.OUH, "health.ed_attendance", "Dislocated shoulder", "Slipped on the kitchen floor", "no", "ED nurse, John Radcliffe Hospital"),
        (30, b.OHFT, "health.injury", "Burn marks on the forearm", "Leaned on a radiator", "no", "Nurse, minor injuries unit, Abingdon Community Hospital"),
    )  # fmt: skip
    for days, code, kind, summary, explanation, consistent, who in injuries:
        f.ev(
            code, kind, child, days, summary,
            involved=[(mother, "parent")],
            explanation=f"Mother said: {explanation.lower()}",
            explanation_consistent=consistent,
            child_seen="seen",
            child_voice="Said everything is fine." if days % 2 else "",
            action="Treated; discharged home",
            recorded_by=who,
            occurred_time=time(10 + days % 11, 20),
        )  # fmt: skip
    f.ev(
        b.OUH, "health.hospital_admission", child, 200,
        "Admitted drowsy and confused, unable to stay awake",
        involved=[(mother, "parent")], child_seen="seen", recorded_by="Paediatric registrar",
    )  # fmt: skip
    f.ev(
        b.OUH, "health.toxicology_positive", child, 198,
        "Urine toxicology positive for 9 prescription-only and other drugs, "
        "including benzodiazepines and opiates",
        involved=[(mother, "parent")],
        explanation="Mother said he must have taken her tablets by mistake",
        explanation_consistent="no",
        child_seen="seen_alone",
        child_voice="Said he didn't know how he got the tablets and wants to go home.",
        action="Safeguarding team informed",
        referred_to="childrens_social_care",
        recorded_by="Paediatric consultant",
    )  # fmt: skip
    f.ev(
        b.CSC, "csc.contact", child, 195,
        "Hospital referral after toxicology screen screened",
        involved=[(mother, "parent")], outcome="nfa",
        action="Mother's explanation accepted; advice on locking medicines away",
        recorded_by="MASH social worker",
    )  # fmt: skip
    for days in (640, 390, 150):
        f.ev(
            b.OHFT, "adult.mental_health_contact", mother, days,
            "Community mental health team review: low mood, poor sleep",
            action="Medication reviewed",
        )  # fmt: skip
    f.ev(b.GP, "health.parent_mental_health", mother, 560, "Depression; repeat prescription")


def _story_police_not_referred(pop: Population, f: _Family) -> None:
    child = f.person("C1", "Maisie", "Fairbrother", "F", 6 * 365 + 150)
    brother = f.person("C2", "Alfie", "Fairbrother", "M", 3 * 365 + 20)
    mother = f.person("M", "Stacey", "Fairbrother", "F", 29 * 365)
    father = f.person("F", "Craig", "Fairbrother", "M", 33 * 365 + 100)
    household = f.household([child, brother], [mother, father])
    rng = f.rng
    for c in (child, brother):
        f.gp_register(c, [mother, father])
        gp_visits(pop, c, rng, mother)
    school_register(pop, household, b.SCHOOL_A, rng)
    attendance(pop, child, b.SCHOOL_A, rng)
    health_visiting(pop, brother, mother, rng)
    # The police know both children by NHS number, so the incidents land on their pages.
    for c in (child, brother):
        pop.record(b.TVP, c, rng, nhs=True)
        for parent in (mother, father):
            pop.relate(b.TVP, parent, "parent", c, rng)
    pop.relate(b.TVP, mother, "partner", father, rng)
    incidents = (
        (540, "Neighbour called: shouting and banging; mother had a red mark on her face"),
        (400, "Mother called 999 then said it was a mistake; father had left"),
        (265, "Father smashed the kitchen door; mother would not give a statement"),
        (150, "Mother locked herself in the bathroom with the children; father drunk"),
        (45, "Father pushed mother down the stairs; Maisie was on the landing"),
    )
    for days, summary in incidents:
        f.ev(
            b.TVP, "police.domestic_abuse_incident", child, days, summary,
            involved=[(mother, "victim"), (father, "alleged_perpetrator"), (brother, "present")],
            child_seen="seen",
            child_voice="Was hiding behind the sofa." if days == 45 else "",
            action="Words of advice given; no further action",
            occurred_time=time(22, 10 + days % 40),
            recorded_by="PC, response team",
        )  # fmt: skip


def _story_missing_education(pop: Population, f: _Family) -> None:
    child = f.person("C1", "Kacey", "Lowther", "F", 10 * 365 + 200, address_from=f.ago(115))
    mother = f.person("M", "Gemma", "Lowther", "F", 31 * 365, address_from=f.ago(115))
    f.household([child], [mother])
    rng = f.rng
    f.gp_register(child, [mother])
    for school in (b.SCHOOL_A, b.SCHOOL_B):
        pop.record(school, child, rng, nhs=True)
        pop.relate(school, mother, "parent", child, rng, parental_responsibility=True)
    moves = (
        (330, b.SCHOOL_B, b.SCHOOL_A),
        (220, b.SCHOOL_A, b.SCHOOL_B),
        (120, b.SCHOOL_B, b.SCHOOL_A),
    )
    for days, school, came_from in moves:
        names = {b.SCHOOL_A: "Thornbury Primary", b.SCHOOL_B: "Elmcroft Primary"}
        f.ev(
            school, "education.school_move", child, days,
            f"Joined from {names[came_from]} mid-year after a house move",
            involved=[(mother, "parent")], child_seen="seen",
            child_voice="Said she misses her friends." if days == 330 else "",
            recorded_by="Admissions officer",
        )  # fmt: skip

    def school_on(day: date) -> str:
        school = b.SCHOOL_A
        for days, to, _ in moves:
            if day >= f.ago(days):
                school = to
        return school

    for name, start, end in terms(pop.window_start, pop.as_of):
        # Good attendance until the first move, then falling away towards the as-of day.
        days_ago = (pop.as_of - end).days
        percent = 96.2 if days_ago >= 330 else 20 + 76 * days_ago / 330
        school = school_on(end)
        pop.event(
            school, "education.attendance_report", child, end,
            f"Attendance {percent:.1f}% in the {name} term", rng,
            attendance_percent=f"{percent:.1f}", period_from=start, significance="routine",
        )  # fmt: skip
    for days in (300, 250, 190, 160, 100, 80, 60, 45):
        f.ev(
            school_on(f.ago(days)), "education.unauthorised_absence", child, days,
            "Unauthorised absence: no reason given", action="Call to mother, no answer",
        )  # fmt: skip
    for days, kind, summary in (
        (
            340,
            "housing.homelessness",
            "Family presented as homeless after eviction by private landlord",
        ),
        (225, "housing.address_change", "Moved to temporary accommodation in Banbury"),
        (115, "housing.address_change", "Moved to temporary accommodation in Oxford"),
    ):
        f.ev(b.HOUSING, kind, mother, days, summary, involved=[(child, "present")])
    f.ev(
        b.SCHOOL_B, "education.child_missing_education", child, 20,
        "Not seen for 20 school days; family not at the address; "
        "children missing education notification made",
        involved=[(mother, "parent")], child_seen="not_seen",
        referred_to="education;childrens_social_care",
        recorded_by="Designated safeguarding lead",
    )  # fmt: skip


def _story_start_again(pop: Population, f: _Family) -> None:
    child = f.person("C1", "Jayden", "Pritchard", "M", 9 * 365 + 40)
    mother = f.person("M", "Leanne", "Pritchard", "F", 30 * 365 + 90)
    household = f.household([child], [mother])
    rng = f.rng
    f.gp_register(child, [mother])
    gp_visits(pop, child, rng, mother)
    school_register(pop, household, b.SCHOOL_B, rng)
    attendance(pop, child, b.SCHOOL_B, rng)
    pop.relate(b.CSC, mother, "parent", child, rng, parental_responsibility=True)
    cycles = (
        (700, "Bruise on his arm; says mum grabbed him", "Tom Hughes"),
        (540, "Came to school hungry and unwashed all week", "Priya Shah"),
        (380, "Said mum's friends were shouting all night", "Gareth Lloyd"),
        (220, "Left outside school until 6pm; nobody collected him", "Nadia Kowalski"),
        (70, "Mark on his neck; would not say how", "Ben Adeyemi"),
    )
    for days, concern, worker in cycles:
        who = f"{worker}, social worker"
        f.ev(
            b.SCHOOL_B, "education.safeguarding_concern", child, days, concern,
            child_seen="seen", referred_to="childrens_social_care",
            recorded_by="Designated safeguarding lead",
        )  # fmt: skip
        f.ev(b.CSC, "csc.referral", child, days - 1, f"Referral from school: {concern.lower()}",
             involved=[(mother, "parent")], recorded_by="MASH social worker")  # fmt: skip
        f.ev(b.CSC, "csc.assessment_started", child, days - 3,
             "Assessment started; previous history not reviewed", recorded_by=who)  # fmt: skip
        f.ev(
            b.CSC, "csc.home_visit", child, days - 10, "Home visit with mother present",
            involved=[(mother, "parent")], child_seen="seen",
            child_voice="Said everything is fine.", recorded_by=who,
        )  # fmt: skip
        f.ev(b.CSC, "csc.assessment_completed", child, days - 30,
             "Assessment completed: mother engaging, no further action", outcome="nfa",
             recorded_by=who)  # fmt: skip
        f.ev(b.CSC, "csc.case_closed", child, days - 32, "Case closed", recorded_by=who)


def _story_hidden_man(pop: Population, f: _Family) -> None:
    child = f.person("C1", "Lily-Mae", "Hargreaves", "F", 7 * 365 + 30)
    mother = f.person("M", "Sarah", "Hargreaves", "F", 27 * 365 + 200)
    partner = f.person("P", "Dean", "Coyle", "M", 34 * 365 + 10, address_from=f.ago(320))
    ex_code = postcode(f.rng)
    ex_partner = f.person(
        "X", "Kelly", "Simmons", "F", 30 * 365, postcode=ex_code,
        address=address_for(f.rng, ex_code),
    )  # fmt: skip
    household = f.household([child], [mother, partner])
    rng = f.rng
    f.gp_register(child, [mother])
    gp_visits(pop, child, rng, mother)
    school_register(pop, household, b.SCHOOL_A, rng)
    attendance(pop, child, b.SCHOOL_A, rng)
    # Police: the child with her NHS number, her mother, and the partner at the same address.
    pop.record(b.TVP, child, rng, nhs=True)
    pop.relate(b.TVP, mother, "parent", child, rng)
    pop.relate(b.TVP, partner, "partner", mother, rng, from_date=f.ago(320))
    pop.relate(b.TVP, partner, "ex_partner", ex_partner, rng)
    f.ev(b.TVP, "police.violent_offence", partner, 640,
         "Assault occasioning actual bodily harm on a man outside a pub in Cowley",
         action="Charged; convicted", recorded_by="DC, CID")  # fmt: skip
    f.ev(b.TVP, "police.domestic_abuse_incident", ex_partner, 480,
         "Ex-partner strangled during an argument; her 4-year-old son present",
         involved=[(partner, "alleged_perpetrator")], action="Arrested; victim withdrew support",
         referred_to="childrens_social_care")  # fmt: skip
    f.ev(b.TVP, "police.risk_to_children_marker", partner, 470,
         "Risk to children marker: violence in the presence of a child",
         action="Marker added to the police national computer")  # fmt: skip
    f.ev(
        b.TVP, "police.domestic_abuse_incident", child, 150,
        "Mother's partner threw a glass at her; Lily-Mae in the room",
        involved=[(mother, "victim"), (partner, "alleged_perpetrator")],
        child_seen="seen", child_voice="Said Dean gets angry.",
        action="Partner left before police arrived", referred_to="childrens_social_care",
        occurred_time=time(23, 5),
    )  # fmt: skip
    f.ev(
        b.TVP, "police.welfare_check", child, 90,
        "Neighbour reported a child crying; found at home with mother's partner",
        involved=[(partner, "present"), (mother, "parent")], child_seen="seen",
        action="No injuries seen", referred_to="childrens_social_care",
    )  # fmt: skip
    # Children's social care: the child and her mother only.
    pop.relate(b.CSC, mother, "parent", child, rng, parental_responsibility=True)
    f.ev(b.CSC, "csc.contact", child, 147, "Police notification screened",
         involved=[(mother, "parent")], outcome="nfa",
         action="Mother says she is single; the man has left")  # fmt: skip
    f.ev(b.CSC, "csc.referral", child, 88, "Police welfare check referral",
         involved=[(mother, "parent")])  # fmt: skip
    f.ev(b.CSC, "csc.assessment_started", child, 86, "Single assessment started")
    f.ev(b.CSC, "csc.home_visit", child, 75, "Home visit: mother and child",
         involved=[(mother, "parent")], child_seen="seen",
         child_voice="Said she likes her new bedroom.")  # fmt: skip
    f.ev(b.CSC, "csc.assessment_completed", child, 45,
         "Assessment completed: mother's low mood; child in need plan", outcome="cin_plan")  # fmt: skip
    f.ev(b.CSC, "csc.cin_plan_started", child, 40, "Child in need plan")


def _story_bruised_baby(pop: Population, f: _Family) -> None:
    baby = f.person("C1", "Noah", "Ellwood", "M", 190)
    mother = f.person("M", "Chantelle", "Ellwood", "F", 22 * 365 + 50)
    away = postcode(f.rng)
    father = f.person(
        "F", "Ryan", "Maddox", "M", 25 * 365, postcode=away, address=address_for(f.rng, away)
    )
    f.household([baby], [mother])
    rng = f.rng
    f.gp_register(baby, [mother])
    pop.relate(b.GP, mother, "ex_partner", father, rng)
    f.ev(b.OUH, "health.maternity_concern", mother, 330,
         "Late booking at 24 weeks; two scans missed",
         action="Midwife to visit")  # fmt: skip
    health_visiting(pop, baby, mother, rng)
    f.ev(
        b.COURT, "court.private_law_proceedings", baby, 100,
        "Father applies for a child arrangements order; contested by mother",
        involved=[(mother, "parent"), (father, "parent")],
    )  # fmt: skip
    f.ev(
        b.OHFT, "health.bruise_non_mobile", baby, 70,
        "2cm bruise on the left cheek of a 4-month-old, seen at a home visit",
        involved=[(mother, "parent")],
        explanation="Mother said he rolled off the sofa",
        explanation_consistent="no",
        child_seen="seen",
        child_voice="Quiet and watchful; did not smile.",
        action="Safe sleep and supervision advice given; GP informed",
        referred_to="health",
        recorded_by="Health visitor",
    )  # fmt: skip
    f.ev(
        b.OUH, "health.injury", baby, 40,
        "Swelling to the left forearm in a 5-month-old",
        involved=[(mother, "parent")],
        explanation="Mother said he caught his arm in the cot bars",
        explanation_consistent="no",
        child_seen="seen",
        action="X-ray clear; discharged",
        recorded_by="ED doctor, John Radcliffe Hospital",
        occurred_time=time(2, 40),
    )  # fmt: skip
    for days, summary in (
        (55, "Immunisations: not brought"),
        (30, "Immunisations: not brought again"),
        (20, "16 week review: no answer at the door"),
    ):
        code = b.GP if "Immunisations" in summary else b.OHFT
        f.ev(code, "health.was_not_brought", baby, days, summary,
             involved=[(mother, "parent")], child_seen="not_seen")  # fmt: skip


def _story_voice_not_heard(pop: Population, f: _Family) -> None:
    child = f.person("C1", "Ollie", "Brennan", "M", 5 * 365 + 120)
    mother = f.person("M", "Kerry", "Brennan", "F", 32 * 365)
    partner = f.person("P", "Wayne", "Doherty", "M", 35 * 365)
    godcode = postcode(f.rng)
    godaddress = address_for(f.rng, godcode)
    godmother = f.person(
        "G1", "Pat", "Sheldon", "F", 58 * 365, postcode=godcode, address=godaddress
    )
    godfather = f.person(
        "G2", "Tony", "Sheldon", "M", 61 * 365, postcode=godcode, address=godaddress
    )
    household = f.household([child], [mother, partner])
    rng = f.rng
    f.gp_register(child, [mother])
    school_register(pop, household, b.SCHOOL_B, rng)
    attendance(pop, child, b.SCHOOL_B, rng, low=True)
    pop.relate(b.CSC, mother, "parent", child, rng, parental_responsibility=True)
    pop.relate(b.CSC, partner, "partner", mother, rng)
    for godparent in (godmother, godfather):
        pop.relate(b.CSC, godparent, "godparent", child, rng)
    f.ev(
        b.TVP, "police.domestic_abuse_incident", child, 330,
        "Mother and partner fighting in the street, both drunk; Ollie in his pushchair",
        involved=[(mother, "victim"), (partner, "alleged_perpetrator")],
        child_seen="seen", referred_to="childrens_social_care", occurred_time=time(23, 30),
    )  # fmt: skip
    f.ev(b.PROBATION, "adult.probation_supervision", partner, 240,
         "Community order for assault; 18 months' supervision",
         action="Domestic abuse programme required")  # fmt: skip
    pop.relate(b.PROBATION, partner, "partner", mother, rng)
    f.ev(b.DA_CHARITY, "adult.concern_raised", mother, 320,
         "Outreach after police referral; mother declined a refuge place",
         category="emotional", recorded_by="IDVA")  # fmt: skip
    f.ev(b.CSC, "csc.referral", child, 328, "Police referral: domestic abuse",
         involved=[(mother, "parent"), (partner, "present")])  # fmt: skip
    f.ev(b.CSC, "csc.assessment_completed", child, 290, "Assessment: child in need",
         outcome="cin_plan")  # fmt: skip
    f.ev(b.CSC, "csc.cin_plan_started", child, 285, "Child in need plan")
    for days in range(270, 0, -24):
        if days in (150, 102, 78):
            f.ev(b.CSC, "csc.no_access_visit", child, days, "No answer at the door",
                 child_seen="not_seen")  # fmt: skip
            continue
        f.ev(
            b.CSC, "csc.home_visit", child, days, "Home visit; spoke with mother",
            involved=[(mother, "parent")], child_seen="seen",
            # The child is seen and his voice is never recorded: the learning.
            child_voice="",
        )  # fmt: skip
    f.ev(b.OHFT, "adult.mental_health_contact", mother, 400, "Crisis team: overdose of paracetamol")
    f.ev(b.GP, "health.parent_mental_health", mother, 250, "Anxiety and depression review")
    f.ev(b.GP, "health.parent_substance_misuse", mother, 240, "Drinking a bottle of vodka a day")
    f.ev(b.ASC, "adult.substance_misuse_service", mother, 200, "Referred to the alcohol service")
    f.ev(b.ASC, "adult.non_engagement", mother, 110, "Did not attend the alcohol service",
         child_seen="not_applicable")  # fmt: skip
    f.ev(b.TVP, "police.domestic_abuse_incident", child, 95,
         "Partner punched mother outside a pub; Ollie with his godparents",
         involved=[(mother, "victim"), (partner, "alleged_perpetrator"), (godmother, "carer")],
         referred_to="childrens_social_care", child_seen="not_seen")  # fmt: skip
    f.ev(b.GP, "health.was_not_brought", child, 90, "Asthma review: not brought",
         involved=[(mother, "parent")], child_seen="not_seen")  # fmt: skip


def _story_neglect(pop: Population, f: _Family) -> None:
    child = f.person("C1", "Ruby", "Cartwright", "F", 3 * 365 + 40)
    brother = f.person("C2", "Harvey", "Cartwright", "M", 8 * 365 + 10)
    mother = f.person("M", "Toni", "Cartwright", "F", 26 * 365)
    father = f.person("F", "Lee", "Cartwright", "M", 28 * 365)
    household = f.household([child, brother], [mother, father])
    rng = f.rng
    for c in (child, brother):
        f.gp_register(c, [mother, father])
    school_register(pop, household, b.SCHOOL_A, rng)
    attendance(pop, brother, b.SCHOOL_A, rng, low=True)
    health_visiting(pop, child, mother, rng)
    pop.relate(b.CSC, mother, "parent", child, rng, parental_responsibility=True)
    pop.relate(b.CSC, father, "parent", child, rng, parental_responsibility=True)
    pop.relate(b.CSC, brother, "sibling", child, rng)
    f.ev(b.OHFT, "health.concern_raised", child, 470,
         "Severe nappy rash, underweight; home cold and dirty", category="neglect",
         child_seen="seen", referred_to="childrens_social_care",
         recorded_by="Health visitor")  # fmt: skip
    csc = (
        (465, "csc.referral", "Referral from health visitor: neglect", {}),
        (450, "csc.strategy_discussion", "Strategy discussion", {}),
        (449, "csc.section_47_started", "Section 47 enquiry", {}),
        (430, "csc.section_47_completed", "Section 47 completed", {"outcome": "cp_conference"}),
        (420, "csc.initial_cp_conference", "Initial child protection conference", {}),
        (420, "csc.cp_plan_started", "Child protection plan: neglect", {"category": "neglect"}),
        (300, "csc.cp_review", "Review: home conditions unchanged", {"outcome": "risk_unchanged"}),
        (120, "csc.cp_review", "Review: weight still low", {"outcome": "risk_unchanged"}),
        (90, "csc.legal_planning_meeting", "Legal planning meeting: threshold met", {}),
    )
    for days, kind, summary, extra in csc:
        f.ev(b.CSC, kind, child, days, summary, involved=[(mother, "parent")], **extra)
    for days in range(410, 0, -14):
        f.ev(b.CSC, "csc.home_visit", child, days, "Statutory visit",
             child_seen="seen", child_voice="Clingy; hungry; ate two biscuits quickly.")  # fmt: skip


def _story_exploitation(pop: Population, f: _Family) -> None:
    child = f.person("C1", "Kian", "Mercer", "M", 15 * 365 + 100)
    mother = f.person("M", "Joanne", "Mercer", "F", 40 * 365)
    household = f.household([child], [mother])
    rng = f.rng
    f.gp_register(child, [mother])
    school_register(pop, household, b.SCHOOL_SEC, rng)
    attendance(pop, child, b.SCHOOL_SEC, rng, low=True)
    pop.record(b.TVP, child, rng, nhs=True)
    pop.relate(b.TVP, mother, "parent", child, rng)
    pop.relate(b.CSC, mother, "parent", child, rng, parental_responsibility=True)
    f.ev(b.SCHOOL_SEC, "education.suspension", child, 160, "Suspended 3 days: cannabis on site")
    for days, summary in (
        (150, "Missing overnight; returned in new trainers"),
        (100, "Missing for three days"),
        (40, "Missing overnight; would not say where"),
    ):
        f.ev(b.TVP, "police.missing_episode", child, days, summary,
             involved=[(mother, "reporter")], child_seen="seen", referred_to="childrens_social_care",
             child_voice="Said he was at a mate's." if days != 40 else "")  # fmt: skip
    f.ev(b.TVP, "police.exploitation_concern", child, 98,
         "Found in Birmingham with two older men, £400 cash and two phones",
         child_seen="seen", referred_to="childrens_social_care")  # fmt: skip
    f.ev(b.CSC, "csc.strategy_discussion", child, 95, "Strategy discussion: child exploitation")
    f.ev(b.OUH, "health.child_substance_misuse", child, 60, "ED: cannabis and ketamine intoxication",
         child_seen="seen", child_voice="Said everyone does it.")  # fmt: skip
    f.ev(b.TVP, "police.child_offending", child, 70, "Found with cannabis in deal bags",
         child_seen="seen")  # fmt: skip
    # Restricted: only the clinic and children's social care may read it.
    f.ev(b.OHFT, "health.sexual_health", child, 55, "Sexual health clinic: asked for condoms",
         child_seen="seen_alone", child_voice="Said an older friend told him to come.",
         sensitivity="restricted", recorded_by="Sexual health nurse")  # fmt: skip


_BUILDERS: dict[str, Callable[[Population, _Family], None]] = {
    "a": _story_injuries,
    "b": _story_police_not_referred,
    "c": _story_missing_education,
    "d": _story_start_again,
    "e": _story_hidden_man,
    "f": _story_bruised_baby,
    "g": _story_voice_not_heard,
    "h": _story_neglect,
    "i": _story_exploitation,
}


def stories_add(pop: Population) -> None:
    """Add every story household, in the fixed order of STORIES."""
    for index, story in enumerate(STORIES, start=1):
        family = _Family(pop, index, story)
        _BUILDERS[story.key](pop, family)
