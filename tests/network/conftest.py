"""A family around a child, built with the learning checks' World, and users of each agency."""

from dataclasses import dataclass
from datetime import date

import pytest

from fullpicture.core.models import Role, User
from fullpicture.people.models import Person
from tests.checks.world import World

TODAY = date(2026, 11, 22)


@dataclass
class Family:
    world: World
    child: Person
    mother: Person
    father: Person
    partner: Person

    def user(self, agency: str, role: str = Role.PRACTITIONER, name: str = "") -> User:
        code = self.world.agency(agency)
        return User.objects.create_user(
            name or f"{agency.lower()}-{role}",
            password="correct horse battery staple",
            first_name=name.capitalize() or "Sam",
            last_name=agency.capitalize(),
            agency=code,
            role=role,
        )


@pytest.fixture
def world():
    return World()


@pytest.fixture
def family(world, time_machine):
    """Lily (7) lives with her mother Sarah; her father Mark lives elsewhere; Sarah's partner
    Dean, known only to the police, moved in on 1 March 2026 (recorded 3 March)."""
    time_machine.move_to(TODAY)
    child = world.person("Lily", born=date(2019, 5, 1), family="Hargreaves")
    mother = world.person("Sarah", born=date(1995, 2, 1), family="Hargreaves")
    father = world.person("Mark", born=date(1990, 7, 1), sex="M", family="Ellis")
    partner = world.person("Dean", born=date(1988, 1, 1), sex="M", family="Coyle")
    for person in (child, mother, father):
        world.record(person, "CSC")
    world.relate(mother, "parent", child, agency="CSC")
    world.relate(father, "parent", child, agency="CSC")
    world.relate(mother, "ex_partner", father, agency="CSC")
    world.lives_at(child, "OX4 1AA", agency="CSC", start=date(2020, 1, 1))
    world.lives_at(mother, "OX4 1AA", agency="CSC", start=date(2020, 1, 1))
    world.lives_at(father, "OX1 9ZZ", agency="CSC", address="9 Other Road", start=date(2021, 1, 1))
    world.event(child, "csc.referral", date(2026, 4, 1), agency="CSC", involving=[(mother, "parent")],
                recorded_by="Jo Bloggs, Social worker")  # fmt: skip
    world.record(child, "TVP")
    world.relate(
        partner, "partner", mother, agency="TVP", start=date(2026, 3, 1), recorded=date(2026, 3, 3)
    )
    world.lives_at(
        partner, "OX4 1AA", agency="TVP", start=date(2026, 3, 1), recorded=date(2026, 3, 3)
    )
    world.event(child, "police.domestic_abuse_incident", date(2026, 6, 1), agency="TVP",
                involving=[(mother, "victim"), (partner, "alleged_perpetrator")],
                summary="Glass thrown; Lily in the room", recorded_by="PC Smith, Response")  # fmt: skip
    world.event(child, "police.welfare_check", date(2026, 8, 1), agency="TVP",
                involving=[(partner, "present")], summary="Found at home with mother's partner")  # fmt: skip
    world.event(partner, "police.violent_offence", date(2024, 1, 5), agency="TVP",
                summary="Assault outside a pub")  # fmt: skip
    world.event(partner, "police.risk_to_children_marker", date(2024, 3, 1), agency="TVP",
                summary="Risk to children marker")  # fmt: skip
    return Family(world, child, mother, father, partner)
