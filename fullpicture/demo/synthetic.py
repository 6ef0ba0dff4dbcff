"""Synthetic names, identifiers and addresses for the demo population and bulk extracts.

Everything here is a pure function of a `random.Random` (or a counter), so that
a seed gives the same people every time. NHS numbers come from the 999 range,
which is never issued to a real patient; UPNs use Oxfordshire's local
authority number (931) with made-up school and serial digits; postcodes have
the format of Oxfordshire's OX districts and are checked with the same
function that validates an agency's extract.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta

from fullpicture.core.identifiers import postcode_normalise, upn_check_letter


def _words(text: str, separator: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(separator))


# Mixed British first names, by sex: common in births from the 1970s to the 2020s.
GIVEN_NAMES_F = _words(
    "Olivia Amelia Isla Ava Mia Ivy Lily Isabella Rosie Sophia Grace Freya Willow Evie "
    "Poppy Ella Emily Millie Harper Ruby Daisy Sienna Phoebe Aisha Maryam Zara Amira "
    "Priya Anaya Chloe Jade Kayleigh Chelsea Shannon Megan Leah Courtney Danielle Gemma "
    "Hannah Laura Rebecca Sarah Emma Charlotte Lauren Natalie Stacey Kelly Donna Tracey "
    "Lisa Michelle Nicola Joanne Claire Angela Julie Karen Sandra Agnieszka Oksana Precious "
    "Blessing Niamh Siobhan Bethan Caitlin Keira Tia Demi Amber Summer"
)
GIVEN_NAMES_M = _words(
    "Oliver Noah George Muhammad Leo Arthur Oscar Harry Freddie Jack Theo Archie Alfie "
    "Charlie Henry Thomas Finley Jacob Ethan Mason Riley Tyler Kai Ibrahim Yusuf Ayaan "
    "Arjun Dylan Callum Connor Liam Jordan Kyle Ryan Jamie Daniel James Matthew Luke "
    "Adam Craig Darren Lee Wayne Dean Gary Paul Mark Stephen Andrew Kevin Shaun Jason "
    "Marcus Tomasz Piotr Kwame Tunde Declan Rhys Owen Lewis Reece Brandon Kieran Ashley"
)
FAMILY_NAMES = _words(
    "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans "
    "Walker White Roberts Green Hall Wood Jackson Clarke Patel Khan Hussain Ahmed Ali "
    "Begum Singh Kaur Mahmood Okafor Mensah Adeyemi Nowak Kowalski Wisniewski Murphy "
    "O'Brien Kelly Byrne McDonald Campbell Stewart Morgan Hughes Lewis Edwards Price "
    "Harris Martin Cooper Ward Turner Hill Moore Baker Harrison Morris King Lee Allen "
    "Scott Young Mitchell Carter Phillips Bennett Parker Cook Bailey Bell Shaw Marshall "
    "Fletcher Barnes Chapman Webb Gibson Holmes Mills Kaya Rossi Costa Silva Ferreira "
    "Sheppard Pearce Dixon Hunt Palmer Knight Butler Russell Watts Lloyd Booth Reid Hart"
)
STREETS = _words(
    "Cowley Road, Iffley Road, Botley Road, Abingdon Road, Marston Road, Headington Road, "
    "London Road, Banbury Road, Woodstock Road, Cherwell Drive, Blackbird Leys Road, "
    "Pegasus Road, Kestrel Crescent, Wood Farm Road, Barton Village Road, Sandy Lane, "
    "Station Road, Church Street, High Street, Mill Lane, Orchard Close, The Green, "
    "Bicester Road, Oxford Road, Witney Road, Broad Street, Park End, Meadow View, "
    "Willow Way, Chestnut Avenue, Larkhill Road, Queens Road, Kings Road, Albert Street",
    ", ",
)
# District (outward code) -> town, for OX districts.
DISTRICTS = {
    "OX1": "Oxford",
    "OX2": "Oxford",
    "OX3": "Oxford",
    "OX4": "Oxford",
    "OX5": "Kidlington",
    "OX7": "Chipping Norton",
    "OX9": "Thame",
    "OX10": "Wallingford",
    "OX11": "Didcot",
    "OX12": "Wantage",
    "OX14": "Abingdon",
    "OX16": "Banbury",
    "OX18": "Carterton",
    "OX20": "Woodstock",
    "OX26": "Bicester",
    "OX28": "Witney",
    "OX44": "Oxford",
}
# Oxford itself holds most families, as it holds most referrals.
_DISTRICT_WEIGHTS = {"OX1": 2, "OX2": 3, "OX3": 5, "OX4": 8}
_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def given_name(rng: random.Random, sex: str) -> str:
    return rng.choice(GIVEN_NAMES_F if sex == "F" else GIVEN_NAMES_M)


def family_name(rng: random.Random) -> str:
    return rng.choice(FAMILY_NAMES)


def nhs_check_digit(nine_digits: str) -> int | None:
    """The modulus 11 check digit, or None when the number cannot be issued (check 10)."""
    total = sum(int(d) * w for d, w in zip(nine_digits, range(10, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    return None if check == 10 else check


def nhs_number(n: int) -> str | None:
    """The NHS number 999 + n (6 digits) + check digit; None when it has no valid check digit."""
    if not 0 <= n <= 999_999:
        raise ValueError("n must have at most 6 digits")
    body = f"999{n:06d}"
    check = nhs_check_digit(body)
    return None if check is None else f"{body}{check}"


def nhs_numbers(start: int) -> Iterator[str]:
    """Valid 999-range NHS numbers from `start` upwards, skipping those with no check digit."""
    n = start
    while n <= 999_999:
        if number := nhs_number(n):
            yield number
        n += 1


def upn(n: int) -> str:
    """A permanent UPN: check letter, Oxfordshire's LA number 931, then 9 digits from `n`."""
    body = f"931{n:09d}"
    return upn_check_letter(body) + body


def postcode(rng: random.Random) -> str:
    districts = list(DISTRICTS)
    weights = [_DISTRICT_WEIGHTS.get(d, 1) for d in districts]
    district = rng.choices(districts, weights)[0]
    inward = f"{rng.randint(1, 9)}{rng.choice(_INWARD_LETTERS)}{rng.choice(_INWARD_LETTERS)}"
    # Validate with the importer's own rule so a generated extract never fails on it.
    return postcode_normalise(f"{district} {inward}")


def address_for(rng: random.Random, code: str) -> str:
    """A street address (without the postcode) in the postcode's town."""
    town = DISTRICTS[code.split()[0]]
    if rng.random() < 0.2:
        return f"Flat {rng.randint(1, 24)}, {rng.randint(1, 60)} {rng.choice(STREETS)}, {town}"
    return f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {town}"


def date_between(rng: random.Random, start: date, end: date) -> date:
    """A day from start to end, both included (start when the range is empty)."""
    span = (end - start).days
    return start if span <= 0 else start + timedelta(days=rng.randint(0, span))


def years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
