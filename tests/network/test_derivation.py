from datetime import date

import pytest

from fullpicture.network.derivation import people_around
from fullpicture.network.selectors import person_network
from tests.network.conftest import TODAY

pytestmark = pytest.mark.django_db


def test_everyone_around_the_child_with_why(family):
    derivation = people_around(family.child.pk, TODAY)
    assert set(derivation.people) == {
        family.mother.id.hex, family.father.id.hex, family.partner.id.hex
    }  # fmt: skip
    dean = derivation.people[family.partner.id.hex]
    vias = {(link.via, link.kind, link.role) for link in dean.links}
    assert ("household", "address", "") in vias
    assert ("household", "partner_of_parent", "") in vias
    assert ("parent_relationship", "partner", "") in vias
    assert ("event", "police.domestic_abuse_incident", "alleged_perpetrator") in vias
    assert ("event", "police.welfare_check", "present") in vias
    assert dean.hidden and dean.hidden_raised
    assert dean.in_household(TODAY)
    assert not derivation.people[family.mother.id.hex].hidden
    assert not derivation.people[family.father.id.hex].in_household(TODAY)


def test_as_of_a_day_before_the_police_recorded_him(family):
    derivation = people_around(family.child.pk, date(2026, 3, 2))
    assert family.partner.id.hex not in derivation.people


def test_a_move_out_counts_from_the_day_it_was_recorded(family):
    """Dean moved out on 1 September 2026; the police recorded it on 1 October. The page
    for a day in between shows what was known then: him still at Lily's address."""
    family.world.lives_at(family.partner, "OX9 9ZZ", agency="TVP", address="2 Away Road",
                          start=date(2026, 9, 1), recorded=date(2026, 10, 1))  # fmt: skip

    def shared_address(day):
        dean = people_around(family.child.pk, day).people[family.partner.id.hex]
        return [
            (link.from_day, link.to_day)
            for link in dean.household_links()
            if link.kind == "address"
        ]

    assert shared_address(date(2026, 9, 15)) == [(date(2026, 3, 1), None)]
    assert shared_address(date(2026, 10, 1)) == [(date(2026, 3, 1), date(2026, 9, 1))]


def test_the_network_names_sources_and_labels(family):
    network = person_network(person=family.child, user=None, day=TODAY)
    dean = network.row(family.partner.id.hex)
    assert dean.label == "Partner of Sarah Hargreaves (mother)"
    assert dean.role == "partner_of_parent"
    assert dean.in_household
    assert dean.hidden
    assert any("Shared address from 1 March 2026" in reason for reason in dean.why)
    assert any(
        reason.startswith(
            "Partner of Sarah Hargreaves (mother) per Agency TVP record of 3 March 2026"
        )
        for reason in dean.why
    ), dean.why
    assert any(
        reason.startswith("Alleged perpetrator at 1 incident (1 June 2026)") for reason in dean.why
    ), dean.why
    assert any(reason.startswith("Present at 1 incident (1 August 2026)") for reason in dean.why)
    agencies = {source.agency_code for source in dean.sources()}
    assert agencies == {"TVP"}
    headings = {item.heading for item in dean.history}
    assert headings == {"Violence", "Risk to children marker"}
    mother = network.row(family.mother.id.hex)
    assert mother.label == "Mother" and mother.in_household and not mother.hidden
    father = network.row(family.father.id.hex)
    assert father.label == "Father" and not father.in_household
    assert [s.person for s in network.household_spells][:1] == [family.mother]
