"""Who a one-child evaluation loads: two hops of relationship, shared event or shared address."""

from datetime import date

import pytest

from fullpicture.checks.selectors import neighbourhood
from tests.checks.world import World

pytestmark = pytest.mark.django_db


def test_two_hops_reach_a_parents_partner_and_whoever_shared_their_incident():
    w = World()
    child = w.person("Lily-Mae", born=date(2016, 4, 1))
    mum = w.person("Sarah", born=date(1990, 1, 1))
    partner = w.person("Dean", born=date(1988, 1, 1), sex="M")
    friend_of_partner = w.person("Gary", born=date(1985, 1, 1), sex="M")
    w.relate(mum, "parent", child)
    w.relate(mum, "partner", partner, agency="TVP")
    w.event(
        partner,
        "police.violent_offence",
        date(2024, 1, 1),
        agency="TVP",
        involving=[(friend_of_partner, "present")],
    )
    near = neighbourhood([child.id])
    assert {child.id, mum.id, partner.id} <= near
    assert friend_of_partner.id not in near  # three hops away


def test_a_shared_address_connects_but_a_shared_postcode_alone_does_not():
    w = World()
    child = w.person("Tyler", born=date(2014, 1, 1))
    lodger = w.person("Kev", born=date(1980, 1, 1), sex="M")
    next_door = w.person("Pat", born=date(1970, 1, 1))
    w.lives_at(child, "OX4 1AA", address="12 Cowley  Road", agency="SCH")
    w.lives_at(lodger, "OX41AA", address="12 cowley road", agency="TVP")
    w.lives_at(next_door, "OX4 1AA", address="14 Cowley Road", agency="OUH")
    near = neighbourhood([child.id], hops=1)
    assert lodger.id in near
    assert next_door.id not in near
