"""Ordinary households of the demo: the background against which the stories stand out.

Most families meet a GP, a health visitor and a school, with an odd trip to the
emergency department; a minority meet the police, early help or children's
social care, and a few of those go further (child in need, child protection).
Each household draws from its own `random.Random`, seeded from the demo seed
and the household's number, so adding a story never reshuffles the others.
"""

from __future__ import annotations

import random
from datetime import date, time, timedelta

from fullpicture.demo import builder as b
from fullpicture.demo.builder import Household, Human, Population
from fullpicture.demo.synthetic import (
    address_for,
    date_between,
    family_name,
    given_name,
    postcode,
    years_before,
)

DAY = timedelta(days=1)

GP_REASONS = (
    ("Ear infection", "Said their ear hurt at night."),
    ("Cough and temperature", ""),
    ("Eczema review", "Said the cream helps."),
    ("Asthma review", "Uses the inhaler at school."),
    ("Rash", ""),
    ("Immunisations", ""),
    ("Tummy ache", "Said it hurts after lunch."),
    ("Sore throat", ""),
    ("Hay fever", ""),
    ("Verruca", ""),
)
ED_REASONS = (
    ("Fell from trampoline; sprained wrist", "Fell off the trampoline at home"),
    ("Fell off bike; grazed knee and elbow", "Came off bike in the park"),
    ("Football injury; swollen ankle", "Tackled during a match"),
    ("Finger trapped in door", "Caught in the kitchen door"),
    ("Fell from climbing frame; bumped head", "Slipped at the playground"),
    ("Swallowed a small battery (none found on X-ray)", "Found playing with remote control"),
)
HV_VOICE = (
    "Smiling and responsive; good eye contact.",
    "Babbling; settled in mother's arms.",
    "Crawling and exploring the room.",
    "Walking; pointed at toys and said 'ball'.",
    "Talking in short sentences; showed me their toys.",
)


def terms(first: date, last: date) -> list[tuple[str, date, date]]:
    """School terms (name, first day, last day) that ended from `first` to `last`."""
    found = []
    for year in range(first.year - 1, last.year + 1):
        for name, start, end in (
            ("autumn", date(year, 9, 4), date(year, 12, 19)),
            ("spring", date(year + 1, 1, 6), date(year + 1, 3, 28)),
            ("summer", date(year + 1, 4, 14), date(year + 1, 7, 18)),
        ):
            if first <= end <= last:
                found.append((name, start, end))
    return found


def school_for(child: Human, day: date, primary: str) -> str | None:
    """The school a child attends on `day`: the household's primary, then the secondary."""
    september = date(day.year if day.month >= 9 else day.year - 1, 9, 1)
    age = child.age_on(september)
    if 4 <= age <= 10:
        return primary
    if 11 <= age <= 17:
        return b.SCHOOL_SEC
    return None


def school_register(
    pop: Population, household: Household, primary: str, rng: random.Random
) -> None:
    """Every school a child attended in the window knows the child, the parents and siblings there."""
    parents = [a for a in household.adults if a.key.endswith(("-M", "-F", "-S"))]
    at_school: dict[str, list[Human]] = {}
    for child in household.children:
        for _, start, _end in terms(pop.window_start, pop.as_of):
            school = school_for(child, start, primary)
            if school and child not in at_school.setdefault(school, []):
                at_school[school].append(child)
    for school, children in at_school.items():
        for child in children:
            pop.record(school, child, rng)
            for parent in parents:
                kind = "step_parent" if parent.key.endswith("-S") else "parent"
                pop.relate(
                    school, parent, kind, child, rng, parental_responsibility=kind == "parent"
                )
        for first, second in zip(children, children[1:], strict=False):
            pop.relate(school, first, "sibling", second, rng)


def attendance(
    pop: Population, child: Human, primary: str, rng: random.Random, *, low: bool = False
) -> None:
    for name, start, end in terms(pop.window_start, pop.as_of):
        school = school_for(child, start, primary)
        if school is None:
            continue
        # Over 90% (the persistent absence line, LC11) unless the family is a low attender.
        percent = max(70.0, rng.gauss(88, 3)) if low else max(90.6, rng.gauss(96, 1.8))
        percent = min(100.0, percent)
        pop.event(
            school,
            "education.attendance_report",
            child,
            end,
            f"Attendance {percent:.1f}% in the {name} term",
            rng,
            attendance_percent=f"{percent:.1f}",
            period_from=start,
            significance="routine",
            delay=rng.randint(1, 6),
        )
        if percent < 90 and rng.random() < 0.6:
            pop.event(
                school,
                "education.unauthorised_absence",
                child,
                date_between(rng, start, end),
                "Unauthorised absence: family holiday in term time",
                rng,
                action="Letter to parents",
            )


def health_visiting(pop: Population, child: Human, mother: Human, rng: random.Random) -> None:
    """Health visitor contacts at the national milestones, with the odd missed appointment."""
    milestones = (
        (12, "New birth visit"),
        (49, "6 to 8 week review"),
        (365, "1 year review"),
        (760, "2 to 2 and a half year review"),
    )
    for index, (days, what) in enumerate(milestones):
        day = child.birth_date + timedelta(days=days + rng.randint(0, 10))
        if rng.random() < 0.06:
            pop.event(
                b.OHFT,
                "health.was_not_brought",
                child,
                day,
                f"{what}: not at home for the appointment",
                rng,
                child_seen="not_seen",
                involved=[(mother, "parent")],
                action="New appointment sent",
            )
            day += timedelta(days=14)
        pop.event(
            b.OHFT,
            "health.health_visitor_contact",
            child,
            day,
            f"{what} at home",
            rng,
            involved=[(mother, "parent")],
            child_seen="seen",
            child_voice=HV_VOICE[min(index + rng.randint(0, 1), len(HV_VOICE) - 1)],
            significance="routine",
            recorded_by="Health visitor",
        )


def gp_visits(pop: Population, person: Human, rng: random.Random, parent: Human | None) -> None:
    is_child = person.age_on(pop.as_of) < 18
    for _ in range(rng.choice((0, 1, 2, 2, 3, 4, 5, 6))):
        day = date_between(rng, max(pop.window_start, person.birth_date), pop.as_of)
        reason, voice = rng.choice(GP_REASONS)
        age = person.age_on(day)
        pop.event(
            b.GP,
            "health.gp_appointment",
            person,
            day,
            reason,
            rng,
            involved=[(parent, "parent")] if parent and is_child else [],
            child_seen="seen" if is_child else "",
            # The child's voice, or what was observed of a baby (LC03: recorded at every contact).
            child_voice=(voice or "Chatty; said they feel better.")
            if is_child and age >= 4
            else ("Smiling and alert; played with the toys." if is_child else ""),
            significance="routine",
            occurred_time=time(8 + rng.randint(0, 9), rng.choice((0, 10, 20, 30, 40, 50))),
        )


def ed_visit(pop: Population, child: Human, parent: Human, rng: random.Random) -> None:
    summary, explanation = rng.choice(ED_REASONS)
    day = date_between(
        rng, max(pop.window_start, child.birth_date + timedelta(days=300)), pop.as_of
    )
    pop.event(
        b.OUH,
        "health.ed_attendance",
        child,
        day,
        summary,
        rng,
        involved=[(parent, "parent")],
        explanation=explanation,
        explanation_consistent="yes",
        child_seen="seen",
        child_voice="Said it hurt but was brave."
        if child.age_on(day) >= 4
        else "Cried, then settled in parent's arms.",
        action="Treated and discharged; GP letter sent",
        occurred_time=time(rng.randint(9, 22), rng.choice((5, 25, 45))),
        recorded_by="ED nurse, John Radcliffe Hospital",
    )


def household_ordinary(pop: Population, index: int) -> Household:
    """One ordinary household, drawn from its own random stream."""
    rng = random.Random(f"fullpicture-demo:{pop.seed}:household:{index}")
    as_of = pop.as_of
    key = f"HH{index:04d}"
    surname = family_name(rng)
    code = postcode(rng)
    address = address_for(rng, code)
    shape = rng.choices(("couple", "single_mother", "blended", "single_father"), (50, 30, 15, 5))[0]
    n_children = rng.choices((1, 2, 3, 4), (22, 40, 26, 12))[0]
    youngest_age_days = rng.randint(20, 13 * 365)
    ages = [youngest_age_days]
    for _ in range(n_children - 1):
        ages.append(ages[-1] + rng.randint(400, 1600))
    ages = [a for a in ages if a < 17 * 365 + 300] or [youngest_age_days]
    oldest = max(ages) // 365
    moved_in = as_of - timedelta(days=rng.randint(200, 4000))

    def adult(suffix: str, sex: str, age_at_oldest: int, surname_: str) -> Human:
        born = years_before(as_of, oldest + age_at_oldest) - timedelta(days=rng.randint(0, 364))
        return pop.human_new(
            f"{key}-{suffix}",
            given_name=given_name(rng, sex),
            family_name=surname_,
            sex=sex,
            birth_date=born,
            postcode=code,
            address=address,
            address_from=moved_in,
        )

    mother = adult("M", "F", rng.randint(19, 36), surname)
    adults = [mother]
    father = partner = None
    if shape in ("couple", "single_father"):
        father = adult("F", "M", rng.randint(20, 40), surname)
        adults.append(father)
    elif shape in ("single_mother", "blended"):
        # The children's father lives elsewhere.
        elsewhere = postcode(rng)
        father = pop.human_new(
            f"{key}-XF",
            given_name=given_name(rng, "M"),
            family_name=surname,
            sex="M",
            birth_date=mother.birth_date - timedelta(days=rng.randint(-700, 2500)),
            postcode=elsewhere,
            address=address_for(rng, elsewhere),
            address_from=moved_in,
        )
    if shape == "blended":
        partner = adult("S", "M", rng.randint(22, 40), family_name(rng))
        adults.append(partner)
    if shape == "single_mother" and father is not None:
        mother.other_names = f"{mother.given_name} {family_name(rng)}" if rng.random() < 0.3 else ""

    children = []
    for number, age_days in enumerate(sorted(ages, reverse=True), start=1):
        sex = rng.choice("FM")
        children.append(
            pop.human_new(
                f"{key}-C{number}",
                given_name=given_name(rng, sex),
                family_name=surname,
                sex=sex,
                birth_date=as_of - timedelta(days=age_days),
                postcode=code,
                address=address,
                address_from=max(moved_in, as_of - timedelta(days=age_days)),
            )
        )
    grandparent = None
    if rng.random() < 0.12:
        grandparent = adult("G", "F", rng.randint(42, 60), surname)
        adults.append(grandparent)
    household = Household(key, surname, code, address, children, adults)
    pop.households.append(household)
    main_parent = father if shape == "single_father" else mother

    # The GP knows the whole household; the parents of each child.
    for person in [*adults, *children]:
        pop.record(b.GP, person, rng)
    for child in children:
        for parent in (mother, father):
            if parent is not None and parent in adults:
                pop.relate(b.GP, parent, "parent", child, rng, from_date=child.birth_date)
        if partner is not None:
            pop.relate(b.GP, partner, "step_parent", child, rng, parental_responsibility=False)
        if grandparent is not None:
            pop.relate(b.GP, grandparent, "grandparent", child, rng)
        gp_visits(pop, child, rng, main_parent)
    for person in adults:
        gp_visits(pop, person, rng, None)
    if partner is not None:
        pop.relate(b.GP, mother, "partner", partner, rng, from_date=moved_in)

    primary = b.SCHOOL_A if rng.random() < 0.5 else b.SCHOOL_B
    school_register(pop, household, primary, rng)
    low_attender = rng.random() < 0.04
    for child in children:
        attendance(pop, child, primary, rng, low=low_attender)
        if (as_of - child.birth_date).days < 5 * 365 + 200:
            health_visiting(pop, child, main_parent, rng)
        for _year in range(3):
            if rng.random() < 0.09:
                ed_visit(pop, child, main_parent, rng)
        age = child.age_on(as_of)
        if 5 <= age <= 16 and rng.random() < 0.15:
            pop.event(
                b.OHFT,
                "health.school_nurse_contact",
                child,
                date_between(rng, pop.window_start, as_of),
                rng.choice(("Height and weight check", "Drop-in: worries about friendships")),
                rng,
                child_seen="seen_alone",
                child_voice=rng.choice(("Said things are fine at home.", "Worried about exams.")),
                significance="routine",
                recorded_by="School nurse",
            )
        if age >= 15 and rng.random() < 0.15:
            # Restricted: only the clinic and children's social care may read it.
            pop.event(
                b.OHFT,
                "health.sexual_health",
                child,
                date_between(rng, years_before(as_of, age - 14), as_of),
                "Sexual health clinic attendance",
                rng,
                child_seen="seen_alone",
                child_voice="Asked for contraception advice; no concerns disclosed.",
                sensitivity="restricted",
                recorded_by="Sexual health nurse",
            )
        if age >= 12 and rng.random() < 0.05:
            pop.event(
                b.OHFT,
                "health.camhs_referral",
                child,
                date_between(rng, pop.window_start, as_of),
                "Referred to CAMHS for low mood",
                rng,
                child_seen="seen",
                child_voice="Said they feel sad most days.",
            )

    _agency_contacts(pop, household, mother, father, partner, grandparent, rng, shape)
    return household


def _agency_contacts(
    pop: Population,
    household: Household,
    mother: Human,
    father: Human | None,
    partner: Human | None,
    grandparent: Human | None,
    rng: random.Random,
    shape: str,
) -> None:
    """The less common contacts: police, early help, social care, housing, adult services."""
    as_of, start = pop.as_of, pop.window_start
    children = household.children
    eldest = children[0]
    youngest = children[-1]

    # Social housing tenants.
    if rng.random() < 0.3:
        for person in household.adults:
            pop.record(b.HOUSING, person, rng)
        for child in children:
            pop.relate(b.HOUSING, mother, "parent", child, rng)
        pop.event(
            b.HOUSING,
            "housing.address_change",
            mother,
            mother.address_from,
            "New tenancy started",
            rng,
            significance="routine",
        )
        if rng.random() < 0.25:
            pop.event(
                b.HOUSING,
                "housing.poor_conditions",
                mother,
                date_between(rng, start, as_of),
                "Damp and mould reported in the children's bedroom",
                rng,
                action="Repairs ordered",
            )

    # Police: antisocial behaviour of a teenager, or a domestic incident properly referred.
    if eldest.age_on(as_of) >= 13 and rng.random() < 0.04:
        pop.event(
            b.TVP,
            "police.missing_episode",
            eldest,
            date_between(rng, start, as_of),
            "Reported missing by parent; found at a friend's house the next morning",
            rng,
            involved=[(mother, "reporter")],
            child_seen="seen_alone",
            child_voice="Said they had argued with mum and needed space.",
            action="Return home interview offered",
            referred_to="childrens_social_care",
        )
    if rng.random() < 0.06:
        adult = rng.choice(household.adults)
        pop.event(
            b.TVP,
            rng.choice(("police.arrest", "police.violent_offence")),
            adult,
            date_between(rng, start, as_of),
            rng.choice(("Drink driving", "Fight outside a nightclub", "Criminal damage to a car")),
            rng,
            action="Charged; bailed",
            occurred_time=time(rng.randint(0, 3), 30),
        )
    if eldest.age_on(as_of) >= 13 and rng.random() < 0.2:
        pop.event(
            b.TVP,
            "police.antisocial_behaviour",
            eldest,
            date_between(rng, years_before(as_of, eldest.age_on(as_of) - 12), as_of),
            "Group of youths shouting and throwing stones at buses",
            rng,
            child_seen="seen",
            action="Words of advice; parents informed",
            occurred_time=time(rng.randint(18, 22), 15),
        )
    abuser = partner or (father if father in household.adults else None)
    if abuser is not None and rng.random() < 0.1:
        day = date_between(rng, start, as_of - timedelta(days=30))
        pop.event(
            b.TVP,
            "police.domestic_abuse_incident",
            youngest,
            day,
            "Verbal argument between parents; child asleep upstairs",
            rng,
            involved=[(mother, "victim"), (abuser, "alleged_perpetrator")],
            child_seen="seen",
            action="DASH risk assessment: standard; referral made",
            referred_to="childrens_social_care",
            occurred_time=time(rng.randint(20, 23), 40),
        )
        pop.event(
            b.CSC,
            "csc.contact",
            youngest,
            day + timedelta(days=rng.randint(1, 4)),
            "Police notification of domestic incident screened",
            rng,
            involved=[(mother, "parent")],
            outcome=rng.choice(("nfa", "early_help")),
            action="Letter to mother with support services",
        )
        csc_knows_household(pop, household, youngest, rng)
        pop.event(
            b.DA_CHARITY,
            "adult.concern_raised",
            mother,
            day + timedelta(days=rng.randint(5, 20)),
            "Outreach support offered after police referral",
            rng,
            category="emotional",
        )

    # A school's worry that goes to early help.
    if rng.random() < 0.09:
        child = rng.choice(children)
        day = date_between(rng, start, as_of - timedelta(days=120))
        school = next((s for s in b.SCHOOLS if child.key in pop.extracts[s].local_ids), None)
        if school is not None:
            pop.event(
                school,
                "education.safeguarding_concern",
                child,
                day,
                "Often hungry and tired in class",
                rng,
                child_seen="seen",
                child_voice="Said there wasn't breakfast today.",
                referred_to="early_help",
            )
        pop.event(
            b.EARLY_HELP,
            "early_help.assessment_started",
            child,
            day + timedelta(days=10),
            "Early help assessment started with the family",
            rng,
            involved=[(mother, "parent")],
            child_seen="seen",
            child_voice="Would like more help with homework.",
        )
        pop.relate(b.EARLY_HELP, mother, "parent", child, rng, parental_responsibility=True)
        pop.event(
            b.EARLY_HELP,
            "early_help.assessment_completed",
            child,
            day + timedelta(days=45),
            "Early help plan agreed: parenting support and breakfast club",
            rng,
            outcome="early_help",
            child_seen="seen",
        )
        pop.event(
            b.EARLY_HELP,
            "early_help.plan_closed",
            child,
            day + timedelta(days=110),
            "Plan closed: goals met",
            rng,
            child_seen="seen",
            child_voice="Likes breakfast club.",
        )

    # Child in need, and rarely child protection.
    roll = rng.random()
    if roll < 0.07:
        _csc_involvement(pop, household, mother, rng, protection=roll < 0.025)

    # Parental mental health and adult services.
    if rng.random() < 0.08:
        pop.event(
            b.GP,
            "health.parent_mental_health",
            mother,
            date_between(rng, start, as_of),
            "Low mood and anxiety; started on sertraline",
            rng,
            action="Referred to talking therapies",
        )
    if grandparent is not None and rng.random() < 0.4:
        pop.record(b.ASC, grandparent, rng)
        pop.event(
            b.ASC,
            "adult.social_care_assessment",
            grandparent,
            date_between(rng, start, as_of),
            "Care needs assessment after a fall",
            rng,
            action="Carers twice a day",
        )
    if father is not None and rng.random() < 0.03:
        day = date_between(rng, start, as_of - timedelta(days=200))
        pop.event(
            b.TVP,
            "police.arrest",
            father,
            day,
            "Arrested for theft from a shop",
            rng,
            action="Charged",
        )
        pop.event(
            b.PROBATION,
            "adult.probation_supervision",
            father,
            day + timedelta(days=90),
            "Community order with 12 months' supervision",
            rng,
        )
    if shape in ("single_mother", "blended") and father is not None and rng.random() < 0.15:
        day = date_between(rng, start, as_of - timedelta(days=60))
        for person in (mother, father, *children):
            pop.record(b.COURT, person, rng)
        pop.event(
            b.COURT,
            "court.private_law_proceedings",
            eldest,
            day,
            "Application for a child arrangements order by the father",
            rng,
            involved=[(mother, "parent"), (father, "parent")],
        )


def csc_knows_household(
    pop: Population, household: Household, child: Human, rng: random.Random
) -> None:
    """Children's social care records every adult of the household, not only the mother (LC09)."""
    for adult in household.adults:
        # Social care working with a family records the parents' NHS numbers.
        pop.record(b.CSC, adult, rng, nhs=True)
        suffix = adult.key.rsplit("-", 1)[-1]
        kind = {"M": "parent", "F": "parent", "S": "step_parent"}.get(suffix, "grandparent")
        responsible = {"parent": True, "step_parent": False}.get(kind)
        pop.relate(b.CSC, adult, kind, child, rng, parental_responsibility=responsible)


def _csc_involvement(
    pop: Population, household: Household, mother: Human, rng: random.Random, *, protection: bool
) -> None:
    child = rng.choice(household.children)
    start = date_between(rng, pop.window_start, pop.as_of - timedelta(days=400))
    csc_knows_household(pop, household, child, rng)
    for sibling in household.children:
        if sibling is not child:
            pop.relate(b.CSC, child, "sibling", sibling, rng)
            # Each child of the family is assessed (CHILD-N; LC15 otherwise).
            for kind, days, summary, extra in (
                ("csc.assessment_started", 2, "Single assessment started (sibling)", {}),
                ("csc.assessment_completed", 40, "Assessment completed", {"outcome": "nfa"}),
            ):
                pop.event(b.CSC, kind, sibling, start + days * DAY, summary, rng, **extra)
    worker = rng.choice(("Amy Carter", "Josh Reid", "Fatima Khan", "Helen Price"))
    who = f"{worker}, social worker"

    def csc(kind: str, day: date, summary: str, **fields: object) -> None:
        pop.event(b.CSC, kind, child, day, summary, rng, recorded_by=who, **fields)

    csc(
        "csc.referral",
        start,
        "Referral from school: worries about neglect",
        involved=[(mother, "parent")],
    )
    csc("csc.assessment_started", start + 2 * DAY, "Single assessment started")
    csc(
        "csc.home_visit",
        start + 9 * DAY,
        "Home visit",
        child_seen="seen_alone",
        child_voice="Showed me their bedroom; said mum shouts when she is tired.",
        involved=[(mother, "parent")],
    )
    if protection:
        csc(
            "csc.strategy_discussion",
            start + 12 * DAY,
            "Strategy discussion with police and health",
        )
        csc("csc.section_47_started", start + 13 * DAY, "Section 47 enquiry started")
        csc(
            "csc.section_47_completed",
            start + 30 * DAY,
            "Section 47 enquiry completed",
            outcome="cp_conference",
        )
        csc("csc.initial_cp_conference", start + 40 * DAY, "Initial child protection conference")
        csc(
            "csc.cp_plan_started",
            start + 40 * DAY,
            "Child protection plan: neglect",
            category="neglect",
        )
        csc("csc.neglect_tool_completed", start + 60 * DAY, "Neglect tool completed with school")
        for visit in range(1, 15):  # to the end of the plan, within the visiting standard
            csc(
                "csc.home_visit",
                start + (40 + visit * 13) * DAY,
                "Statutory visit",
                child_seen="seen_alone" if visit % 2 else "seen",
                child_voice=rng.choice(
                    ("Said home is calmer now.", "Proud of their reading.", "Misses their dad.")
                ),
            )
        csc(
            "csc.cp_review",
            start + 130 * DAY,
            "Review conference: plan continues",
            outcome="risk_reduced",
        )
        csc("csc.cp_plan_ended", start + 220 * DAY, "Child protection plan ended")
        csc("csc.case_closed", start + 300 * DAY, "Case closed after step-down to early help")
    else:
        csc(
            "csc.assessment_completed",
            start + 40 * DAY,
            "Assessment completed: child in need",
            outcome="cin_plan",
        )
        csc("csc.cin_plan_started", start + 45 * DAY, "Child in need plan")
        for visit in range(1, 7):
            csc(
                "csc.home_visit",
                start + (45 + visit * 25) * DAY,
                "Child in need visit",
                child_seen="seen",
                child_voice=rng.choice(("Said school is OK.", "Likes swimming on Saturdays.")),
            )
        csc("csc.cin_plan_ended", start + 220 * DAY, "Child in need plan ended")
        csc("csc.case_closed", start + 225 * DAY, "Case closed")
