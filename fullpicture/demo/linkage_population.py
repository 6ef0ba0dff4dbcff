"""A noisy multi-agency population that keeps the truth, for record linkage.

Each agency knows the same people a little differently: a nickname here, a
typo there, a surname changed on marriage or hyphenated, day and month of birth
swapped, an NHS number missing or (rarely) a relative's, an old address. The
generator keeps, for every agency record, the key of the human it belongs to,
so that linkage can be measured honestly (`bench/linkage.py`, `tests/linkage`).

It also makes the cases that must never be linked: twins (same family name,
date of birth and address, different given names) and a parent and child with
the same name (a "junior", born decades later, at the same address).

Everything is a pure function of the seed: `linkage_population(people=..., seed=...)`
returns the records as plain tuples (fast enough for a million), and
`population_extract_write(folder, population, agency=...)` writes one agency's
records as an agency extract (format v1) so the demo can import them.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple

from fullpicture.demo.synthetic import (
    FAMILY_NAMES,
    GIVEN_NAMES_F,
    GIVEN_NAMES_M,
    address_for,
    date_between,
    nhs_numbers,
    postcode,
    upn,
)

MORE_GIVEN_F = [
    "Elizabeth",
    "Katherine",
    "Margaret",
    "Jennifer",
    "Victoria",
    "Abigail",
    "Alexandra",
    "Samantha",
    "Jessica",
    "Rachel",
    "Helen",
    "Susan",
    "Deborah",
    "Patricia",
    "Catherine",
    "Zoe",
    "Holly",
    "Eleanor",
    "Imogen",
    "Lucy",
    "Molly",
    "Scarlett",
    "Matilda",
    "Florence",
    "Harriet",
    "Esme",
    "Layla",
    "Nadia",
    "Fatima",
    "Hafsa",
    "Sana",
    "Eliza",
    "Maisie",
    "Ellie",
    "Katie",
    "Jodie",
    "Kerry",
    "Carly",
    "Toni",
    "Paige",
    "Tegan",
    "Alisha",
    "Bethany",
    "Kirsty",
    "Naomi",
    "Ruth",
]
MORE_GIVEN_M = [
    "William",
    "Robert",
    "Richard",
    "Michael",
    "Christopher",
    "Anthony",
    "Joseph",
    "Edward",
    "Benjamin",
    "Samuel",
    "Alexander",
    "Nicholas",
    "Jonathan",
    "Timothy",
    "Patrick",
    "Peter",
    "David",
    "John",
    "Frederick",
    "Harrison",
    "Louis",
    "Max",
    "Sebastian",
    "Toby",
    "Zachary",
    "Elliot",
    "Joshua",
    "Nathan",
    "Aaron",
    "Bradley",
    "Carl",
    "Scott",
    "Stuart",
    "Neil",
    "Ian",
    "Graham",
    "Simon",
    "Hamza",
    "Omar",
    "Bilal",
    "Krzysztof",
    "Emeka",
    "Chidi",
    "Sean",
    "Ciaran",
]
MORE_FAMILY = [
    "Abbott",
    "Atkinson",
    "Bates",
    "Begum",
    "Berry",
    "Bird",
    "Bishop",
    "Black",
    "Blake",
    "Bolton",
    "Bond",
    "Bradley",
    "Brennan",
    "Briggs",
    "Brooks",
    "Burke",
    "Burns",
    "Burton",
    "Cartwright",
    "Chambers",
    "Cole",
    "Collins",
    "Connolly",
    "Cox",
    "Crawford",
    "Cross",
    "Cunningham",
    "Dale",
    "Daly",
    "Dawson",
    "Day",
    "Dean",
    "Doherty",
    "Douglas",
    "Doyle",
    "Duffy",
    "Duncan",
    "Dunn",
    "Elliott",
    "Ellis",
    "Farrell",
    "Fisher",
    "Fleming",
    "Ford",
    "Foster",
    "Fox",
    "Francis",
    "Fraser",
    "Gallagher",
    "Gardner",
    "Gordon",
    "Graham",
    "Grant",
    "Gray",
    "Griffin",
    "Griffiths",
    "Hamilton",
    "Hancock",
    "Hardy",
    "Hayes",
    "Henderson",
    "Higgins",
    "Holland",
    "Howard",
    "Howe",
    "Hudson",
    "Humphreys",
    "Hunter",
    "Iqbal",
    "Jarvis",
    "Jenkins",
    "Johnston",
    "Kennedy",
    "Kerr",
    "Lambert",
    "Lane",
    "Lawrence",
    "Lawson",
    "Lowe",
    "Lynch",
    "Mann",
    "Marsh",
    "Mason",
    "Matthews",
    "May",
    "Miah",
    "Miller",
    "Moss",
    "Murray",
    "Nash",
    "Newman",
    "Nicholson",
    "Norton",
    "O'Connor",
    "O'Neill",
    "Owen",
    "Parsons",
    "Payne",
    "Pearson",
    "Perry",
    "Porter",
    "Potter",
    "Powell",
    "Quinn",
    "Rahman",
    "Randall",
    "Rees",
    "Reynolds",
    "Richards",
    "Richardson",
    "Riley",
    "Rogers",
    "Rose",
    "Ryan",
    "Sanders",
    "Saunders",
    "Sharp",
    "Simpson",
    "Slater",
    "Spencer",
    "Stevens",
    "Stone",
    "Sutton",
    "Swift",
    "Thomas",
    "Thornton",
    "Tucker",
    "Wade",
    "Walsh",
    "Walters",
    "Warren",
    "Watson",
    "Webster",
    "Wells",
    "West",
    "Wheeler",
    "Whitehead",
    "Wilkinson",
    "Williamson",
    "Willis",
    "Woods",
    "Wyatt",
    "Yates",
    "Akhtar",
    "Chowdhury",
    "Uddin",
]

ALL_GIVEN_F = tuple(dict.fromkeys((*GIVEN_NAMES_F, *MORE_GIVEN_F)))
ALL_GIVEN_M = tuple(dict.fromkeys((*GIVEN_NAMES_M, *MORE_GIVEN_M)))
ALL_FAMILY = tuple(dict.fromkeys((*FAMILY_NAMES, *MORE_FAMILY)))

# The nicknames agencies record in place of a given name (the linkage model
# knows the same list: fullpicture/linkage/names.py).
NICKNAMES_USED = {
    "William": ("Will", "Bill", "Billy"),
    "Robert": ("Rob", "Bob", "Bobby"),
    "Richard": ("Rich", "Dick", "Richie"),
    "Michael": ("Mike", "Mick", "Mikey"),
    "Christopher": ("Chris",),
    "Anthony": ("Tony", "Ant"),
    "Joseph": ("Joe", "Joey"),
    "Edward": ("Ed", "Eddie", "Ted"),
    "Benjamin": ("Ben", "Benji"),
    "Samuel": ("Sam", "Sammy"),
    "Alexander": ("Alex", "Xander"),
    "Nicholas": ("Nick", "Nicky"),
    "Jonathan": ("Jon", "Jonny"),
    "Timothy": ("Tim", "Timmy"),
    "Patrick": ("Pat", "Paddy"),
    "Peter": ("Pete",),
    "David": ("Dave", "Davey"),
    "John": ("Johnny", "Jack"),
    "James": ("Jim", "Jimmy", "Jamie"),
    "Thomas": ("Tom", "Tommy"),
    "Daniel": ("Dan", "Danny"),
    "Matthew": ("Matt",),
    "Andrew": ("Andy", "Drew"),
    "Stephen": ("Steve", "Stevie"),
    "Frederick": ("Fred", "Freddie"),
    "Henry": ("Harry", "Hal"),
    "Zachary": ("Zach",),
    "Joshua": ("Josh",),
    "Nathan": ("Nate",),
    "Oliver": ("Ollie",),
    "Charlie": ("Charles",),
    "Alfie": ("Alfred",),
    "Archie": ("Archibald",),
    "Elizabeth": ("Liz", "Lizzie", "Beth", "Betty"),
    "Katherine": ("Kate", "Katie", "Kathy"),
    "Catherine": ("Cathy", "Cat"),
    "Margaret": ("Maggie", "Peggy", "Meg"),
    "Jennifer": ("Jen", "Jenny"),
    "Victoria": ("Vicky", "Tori"),
    "Abigail": ("Abi", "Abby"),
    "Alexandra": ("Alex", "Lexi"),
    "Samantha": ("Sam", "Sammy"),
    "Jessica": ("Jess",),
    "Rebecca": ("Becky", "Becca"),
    "Deborah": ("Debbie", "Deb"),
    "Patricia": ("Trish", "Pat"),
    "Susan": ("Sue", "Suzy"),
    "Eleanor": ("Ellie", "Nell"),
    "Isabella": ("Bella", "Izzy"),
    "Charlotte": ("Lottie", "Charlie"),
    "Amelia": ("Millie",),
    "Florence": ("Flo",),
    "Harriet": ("Hattie",),
    "Natalie": ("Nat",),
    "Nicola": ("Nicky",),
    "Sophia": ("Sophie",),
    "Olivia": ("Liv",),
    "Gemma": ("Gem",),
    "Danielle": ("Dani",),
    "Michelle": ("Shell",),
}

# The parts of a household member's record an agency holds: how often each
# kind of agency knows a child or an adult, and how often it has their identifiers.
AGENCIES = {
    # code: (kind, P(child known), P(adult known), P(nhs | known), P(upn | child known))
    "OCC-CSC": ("childrens_social_care", 0.55, 0.45, 0.75, 0.5),
    "OUH": ("health", 0.75, 0.55, 0.9, 0.0),
    "TVP": ("police", 0.25, 0.45, 0.08, 0.0),
    "SCH": ("education", 0.9, 0.35, 0.25, 0.92),
    "OCC-ASC": ("adult_social_care", 0.0, 0.2, 0.6, 0.0),
    "OHHA": ("housing", 0.15, 0.4, 0.0, 0.0),
}


class TruePerson(NamedTuple):
    key: int
    household: int
    given_name: str
    middle_name: str
    family_name: str
    previous_family_name: str
    birth_date: date
    sex: str
    nhs_number: str
    upn: str
    postcode: str
    address: str
    is_child: bool
    twin_of: int
    junior_of: int


class SyntheticRecord(NamedTuple):
    """One agency's record, as it would arrive in people.csv, with the truth beside it."""

    agency: str
    local_id: str
    given_name: str
    family_name: str
    other_names: str
    birth_date: date | None
    sex: str
    nhs_number: str
    upn: str
    postcode: str
    address: str
    person_key: int  # the truth: which human this is
    is_child: bool


@dataclass
class Population:
    people: list[TruePerson]
    records: list[SyntheticRecord]
    seed: int
    as_of: date
    twins: list[tuple[int, int]] = field(default_factory=list)
    juniors: list[tuple[int, int]] = field(default_factory=list)

    def true_pairs(self) -> set[tuple[str, str]]:
        """Every pair of record ids (agency:local_id) that belong to one human, ordered."""
        by_person: dict[int, list[str]] = {}
        for record in self.records:
            by_person.setdefault(record.person_key, []).append(record_id(record))
        pairs: set[tuple[str, str]] = set()
        for ids in by_person.values():
            ids.sort()
            for i, left in enumerate(ids):
                for right in ids[i + 1 :]:
                    pairs.add((left, right))
        return pairs


def record_id(record: SyntheticRecord) -> str:
    return f"{record.agency}:{record.local_id}"


# --- noise


_KEYBOARD_NEAR = {
    "a": "sq",
    "e": "wr",
    "i": "uo",
    "o": "ip",
    "n": "bm",
    "m": "n",
    "r": "et",
    "t": "ry",
    "s": "ad",
    "l": "k",
    "h": "gj",
    "c": "xv",
    "y": "tu",
    "k": "jl",
    "d": "sf",
}


def _typo(rng: random.Random, word: str) -> str:
    """One keyboard slip: a neighbour key, a dropped or doubled letter, two letters swapped."""
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)  # the first letter is usually right
    kind = rng.random()
    if kind < 0.35:
        near = _KEYBOARD_NEAR.get(word[i].lower())
        if near:
            return word[:i] + rng.choice(near) + word[i + 1 :]
        return word[:i] + word[i + 1 :]
    if kind < 0.6:
        return word[:i] + word[i + 1 :]
    if kind < 0.8:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def _dob_noise(rng: random.Random, day: date) -> date | None:
    roll = rng.random()
    if roll < 0.025:
        return None
    if roll < 0.045 and day.day <= 12 and day.day != day.month:
        return date(day.year, day.day, day.month)  # day and month swapped
    if roll < 0.065:
        # One digit mistyped in the day, the month or the last digit of the year.
        which = rng.random()
        try:
            if which < 0.4:
                candidate = day.replace(day=(day.day % 10 and day.day + rng.choice((-1, 1))) or 1)
            elif which < 0.7:
                candidate = day.replace(month=max(1, min(12, day.month + rng.choice((-1, 1)))))
            else:
                candidate = day.replace(year=day.year + rng.choice((-1, 1)))
        except ValueError:
            candidate = day + timedelta(days=1)
        return candidate
    return day


@dataclass
class _Noise:
    nickname: float = 0.15
    given_typo: float = 0.03
    family_typo: float = 0.03
    swapped: float = 0.01
    middle_name_joined: float = 0.1
    sex_missing: float = 0.04
    sex_wrong: float = 0.004
    moved: float = 0.12
    no_address: float = 0.05
    wrong_nhs: float = 0.002


def linkage_population(
    *, people: int = 10_000, seed: int = 4, as_of: date = date(2026, 11, 1)
) -> Population:
    """About `people` humans in households, and about 2.3 agency records for each."""
    rng = random.Random(seed)
    noise = _Noise()
    nhs = nhs_numbers(rng.randint(0, 50_000))
    upn_serial = rng.randint(0, 10**6)
    persons: list[TruePerson] = []
    twins: list[tuple[int, int]] = []
    juniors: list[tuple[int, int]] = []
    household = 0
    family_weights = [1.0 / (1 + i) ** 0.6 for i in range(len(ALL_FAMILY))]
    while len(persons) < people:
        household += 1
        family = rng.choices(ALL_FAMILY, family_weights)[0]
        code = postcode(rng)
        street = address_for(rng, code)
        members: list[TruePerson] = []

        def person(
            *,
            sex: str,
            birth: date,
            child: bool,
            given: str | None = None,
            fam: str = family,
            previous: str = "",
            twin_of: int = -1,
            junior_of: int = -1,
            members: list[TruePerson] = members,
            household: int = household,
            code: str = code,
            street: str = street,
        ) -> TruePerson:
            # The household's values are bound as defaults: this is called only
            # while that household is being made.
            names = ALL_GIVEN_F if sex == "F" else ALL_GIVEN_M
            taken = {m.given_name for m in members}
            chosen = given or rng.choice(names)
            while given is None and chosen in taken:
                chosen = rng.choice(names)  # parents do not give two children one name
            middle = rng.choice(names) if rng.random() < 0.5 else ""
            while middle == chosen:
                middle = rng.choice(names)
            number = next(nhs) if rng.random() < 0.97 else ""
            pupil = ""
            if child and (as_of - birth).days > 4 * 365:
                nonlocal upn_serial
                upn_serial += 1
                pupil = upn(upn_serial)
            made = TruePerson(
                key=len(persons) + len(members),
                household=household,
                given_name=chosen,
                middle_name=middle,
                family_name=fam,
                previous_family_name=previous,
                birth_date=birth,
                sex=sex,
                nhs_number=number,
                upn=pupil,
                postcode=code,
                address=street,
                is_child=child,
                twin_of=twin_of,
                junior_of=junior_of,
            )
            members.append(made)
            return made

        mother_birth = date_between(rng, date(1972, 1, 1), date(2002, 12, 31))
        maiden = rng.choice(ALL_FAMILY) if rng.random() < 0.35 else ""
        mother = person(sex="F", birth=mother_birth, child=False, previous=maiden)
        father = None
        if rng.random() < 0.55:
            father_family = family if rng.random() < 0.8 else rng.choice(ALL_FAMILY)
            father = person(
                sex="M",
                birth=date_between(rng, date(1968, 1, 1), date(2000, 12, 31)),
                child=False,
                fam=father_family,
            )
        first_child = max(mother_birth + timedelta(days=17 * 365), date(2008, 1, 1))
        for _ in range(rng.choice((1, 1, 2, 2, 2, 3, 3, 4))):
            if first_child >= as_of:
                break
            sex = rng.choice("FM")
            birth = date_between(rng, first_child, as_of - timedelta(days=30))
            child_family = family
            if father is not None and rng.random() < 0.15:
                child_family = f"{father.family_name}-{mother.family_name}"
                if father.family_name == mother.family_name:
                    child_family = family
            if father is not None and rng.random() < 0.02 and sex == "M":
                # A "junior": the father's name, given to his son.
                child = person(
                    sex="M",
                    birth=birth,
                    child=True,
                    given=father.given_name,
                    fam=father.family_name,
                    junior_of=father.key,
                )
                juniors.append((father.key, child.key))
            else:
                child = person(sex=sex, birth=birth, child=True, fam=child_family)
            if rng.random() < 0.035:
                # Twins: same day, same family name and address, another given name.
                twin_sex = rng.choice("FM")
                names = ALL_GIVEN_F if twin_sex == "F" else ALL_GIVEN_M
                given = rng.choice(names)
                taken = {m.given_name for m in members}
                while given in taken or _nickname_related(given, child.given_name):
                    given = rng.choice(names)
                twin = person(
                    sex=twin_sex,
                    birth=birth,
                    child=True,
                    given=given,
                    fam=child.family_name,
                    twin_of=child.key,
                )
                twins.append((child.key, twin.key))
            first_child = birth + timedelta(days=300)
        persons.extend(members)

    records: list[SyntheticRecord] = []
    serial = 0
    for human in persons:
        relatives = [p for p in persons[max(0, human.key - 8) : human.key + 8]]
        relatives = [p for p in relatives if p.household == human.household and p.key != human.key]
        held = False
        for code, (_kind, p_child, p_adult, p_nhs, p_upn) in AGENCIES.items():
            known = rng.random() < (p_child if human.is_child else p_adult)
            if not known and not held and code == "OUH":
                known = True  # everyone is known somewhere
            if not known:
                continue
            held = True
            serial += 1
            records.append(_record(rng, noise, human, code, serial, p_nhs, p_upn, relatives, as_of))
            if rng.random() < 0.03:
                # The same agency twice: a duplicate record made on a later contact.
                serial += 1
                records.append(
                    _record(rng, noise, human, code, serial, p_nhs, p_upn, relatives, as_of)
                )
    return Population(
        people=persons, records=records, seed=seed, as_of=as_of, twins=twins, juniors=juniors
    )


def _nickname_related(a: str, b: str) -> bool:
    return b in NICKNAMES_USED.get(a, ()) or a in NICKNAMES_USED.get(b, ())


def _record(
    rng: random.Random,
    noise: _Noise,
    human: TruePerson,
    agency: str,
    serial: int,
    p_nhs: float,
    p_upn: float,
    relatives: list[TruePerson],
    as_of: date,
) -> SyntheticRecord:
    given = human.given_name
    if rng.random() < noise.nickname and given in NICKNAMES_USED:
        given = rng.choice(NICKNAMES_USED[given])
    if human.middle_name and rng.random() < noise.middle_name_joined:
        given = f"{given} {human.middle_name}"
    if rng.random() < noise.given_typo:
        given = _typo(rng, given)
    family = human.family_name
    other_names = ""
    if "-" in family and rng.random() < 0.4:
        family = rng.choice(family.split("-"))  # one half of a double-barrelled name
    if human.previous_family_name and rng.random() < 0.4:
        # Known to this agency by her previous name, or with it as an "other name".
        if rng.random() < 0.5:
            family = human.previous_family_name
        else:
            other_names = f"{human.given_name} {human.previous_family_name}"
    if rng.random() < noise.family_typo:
        family = _typo(rng, family)
    if rng.random() < noise.swapped:
        given, family = family, given.split()[0]
    sex = human.sex
    if rng.random() < noise.sex_missing:
        sex = ""
    elif rng.random() < noise.sex_wrong:
        sex = "M" if sex == "F" else "F"
    nhs_number = human.nhs_number if rng.random() < p_nhs else ""
    if nhs_number and relatives and rng.random() < noise.wrong_nhs:
        nhs_number = rng.choice(relatives).nhs_number  # a relative's number, typed in error
    pupil = human.upn if human.upn and rng.random() < p_upn else ""
    code, street = human.postcode, human.address
    if rng.random() < noise.moved:
        code = postcode(rng)  # an old or new address
        street = address_for(rng, code)
    if rng.random() < noise.no_address:
        code, street = "", ""
    elif rng.random() < 0.1:
        code = ""  # the address without its postcode
    return SyntheticRecord(
        agency=agency,
        local_id=f"{agency}-{serial:07d}",
        given_name=given,
        family_name=family,
        other_names=other_names,
        birth_date=_dob_noise(rng, human.birth_date),
        sex=sex,
        nhs_number=nhs_number,
        upn=pupil,
        postcode=code,
        address=street,
        person_key=human.key,
        is_child=human.is_child,
    )


def population_records_of(population: Population, agency: str) -> Iterator[SyntheticRecord]:
    return (r for r in population.records if r.agency == agency)


PEOPLE_COLUMNS = (
    "local_id",
    "given_name",
    "family_name",
    "other_names",
    "birth_date",
    "sex",
    "nhs_number",
    "upn",
    "postcode",
    "address",
)


def population_extract_write(folder: Path, population: Population, *, agency: str) -> int:
    """Write one agency's records as an agency extract (people only); returns the row count."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = 0
    with (folder / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PEOPLE_COLUMNS)
        for record in population_records_of(population, agency):
            writer.writerow(
                (
                    record.local_id,
                    record.given_name,
                    record.family_name,
                    record.other_names,
                    record.birth_date.isoformat() if record.birth_date else "",
                    record.sex,
                    record.nhs_number,
                    record.upn,
                    record.postcode,
                    record.address,
                )
            )
            rows += 1
    for name, header in (
        ("relationships.csv", "from_local_id,relationship,to_local_id\n"),
        ("events.csv", "source_ref,occurred_on,event_type,subject_local_id,summary\n"),
    ):
        (folder / name).write_text(header, encoding="utf-8")
    return rows
