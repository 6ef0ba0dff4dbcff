from datetime import date

import pytest

pytestmark = pytest.mark.django_db

DAY = date(2025, 6, 30)


def family(world):
    """A child known to children's social care, her mother, and the mother's partner known
    only to the police, living at the child's address from 1 March 2025."""
    child = world.person("Lily", born=date(2018, 1, 1))
    mother = world.person("Sarah", born=date(1995, 1, 1))
    partner = world.person("Dean", born=date(1990, 1, 1), sex="M", family="Coyle")
    world.relate(mother, "parent", child, agency="CSC")
    world.event(
        child, "csc.contact", date(2025, 1, 10), agency="CSC", involving=[(mother, "parent")]
    )
    world.lives_at(child, "OX4 1AA", agency="GP")
    world.lives_at(mother, "OX4 1AA", agency="GP")
    return child, mother, partner


def test_an_adult_living_at_the_childs_address_by_police_records_is_hidden(world):
    child, mother, partner = family(world)
    assert world.fires("LC09", child, on=DAY) is None
    world.lives_at(
        partner, "OX4 1AA", agency="TVP", start=date(2025, 3, 1), recorded=date(2025, 3, 3)
    )
    match = world.fires("LC09", child, on=DAY)
    assert match is not None
    assert match.key == partner.id.hex
    assert match.evidence == ()
    assert match.raised is False
    assert match.facts["household_ways"] == ["address"]


def test_not_seen_before_the_address_was_recorded_nor_before_he_moved_in(world):
    child, mother, partner = family(world)
    world.lives_at(
        partner, "OX4 1AA", agency="TVP", start=date(2025, 3, 1), recorded=date(2025, 3, 3)
    )
    assert world.first_fired("LC09", child, date(2025, 2, 1), DAY) == date(2025, 3, 3)
    other = world.person("Kim", born=date(2018, 5, 1))
    world.event(other, "csc.contact", date(2025, 1, 1), agency="CSC")
    world.lives_at(other, "OX9 9ZZ", agency="GP")
    world.lives_at(
        partner, "OX9 9ZZ", agency="TVP", start=date(2025, 5, 1), recorded=date(2025, 4, 1)
    )
    # Recorded on 1 April, but he only lives there from 1 May.
    assert world.first_fired("LC09", other, date(2025, 4, 1), DAY) == date(2025, 5, 1)


def test_a_child_with_no_childrens_social_care_event_is_not_evaluated(world):
    child = world.person("Lily", born=date(2018, 1, 1))
    partner = world.person("Dean", born=date(1990, 1, 1), sex="M")
    world.event(
        child,
        "police.welfare_check",
        date(2025, 3, 1),
        agency="TVP",
        involving=[(partner, "present")],
    )
    assert world.fires("LC09", child, on=DAY) is None
    world.event(child, "csc.referral", date(2025, 3, 2), agency="CSC")
    assert world.fires("LC09", child, on=DAY) is not None


@pytest.mark.parametrize(
    ("role", "fires"),
    [
        ("alleged_perpetrator", True),
        ("present", True),
        ("carer", True),
        ("witness", False),
        ("victim", False),
    ],
)
def test_the_roles_that_connect_an_adult_in_an_event_of_the_child(world, role, fires):
    child, mother, partner = family(world)
    event = world.event(
        child, "police.welfare_check", date(2025, 4, 1), agency="TVP", involving=[(partner, role)]
    )
    match = world.fires("LC09", child, on=DAY)
    assert (match is not None) is fires
    if fires:
        assert match.evidence == (event.id.hex,)


def test_an_adult_in_an_event_of_a_parent_connects_too(world):
    child, mother, partner = family(world)
    incident = world.event(
        mother,
        "police.domestic_abuse_incident",
        date(2025, 4, 1),
        agency="TVP",
        involving=[(partner, "alleged_perpetrator")],
    )
    match = world.fires("LC09", child, on=DAY)
    assert match.evidence == (incident.id.hex,)
    assert match.raised is True  # alleged perpetrator of domestic abuse


def test_eighteen_or_over_or_of_unknown_age(world):
    child, mother, partner = family(world)
    teen = world.person("Jay", born=date(2007, 7, 1), sex="M")  # 18 on 1 July 2025
    world.event(
        child, "police.welfare_check", date(2025, 4, 1), agency="TVP", involving=[(teen, "present")]
    )
    assert world.fires("LC09", child, on=date(2025, 6, 30)) is None
    assert world.fires("LC09", child, on=date(2025, 7, 1)).key == teen.id.hex
    unknown = world.person("Someone", born=None, sex="M")
    world.event(
        child,
        "police.welfare_check",
        date(2025, 4, 2),
        agency="TVP",
        involving=[(unknown, "present")],
    )
    keys = {
        m.key for m in world.matches("LC09", on=date(2025, 6, 30)) if m.person_id == child.id.hex
    }
    assert keys == {unknown.id.hex}


@pytest.mark.parametrize(
    "link",
    [
        "relationship to the child",
        "household member",
        "partner of the mother",
        "address",
        "in its event",
    ],
)
def test_anything_from_childrens_social_care_linking_the_adult_means_not_hidden(world, link):
    child, mother, partner = family(world)
    world.event(
        child,
        "police.welfare_check",
        date(2025, 4, 1),
        agency="TVP",
        involving=[(partner, "present")],
    )
    assert world.fires("LC09", child, on=DAY) is not None
    if link == "relationship to the child":
        world.relate(partner, "step_parent", child, agency="EH")  # early help counts as CSC
    elif link == "household member":
        world.relate(partner, "household_member", child, agency="CSC")
    elif link == "partner of the mother":
        world.relate(partner, "partner", mother, agency="CSC")
        world.lives_at(mother, "OX4 1AA", agency="CSC")
        world.lives_at(child, "OX4 1AA", agency="CSC")
    elif link == "address":
        world.lives_at(partner, "OX4 1AA", agency="CSC")
    else:
        world.event(
            child,
            "csc.home_visit",
            date(2025, 5, 1),
            agency="CSC",
            involving=[(partner, "present")],
        )
    assert world.fires("LC09", child, on=DAY) is None


def test_a_childrens_social_care_link_recorded_later_does_not_hide_him_before(world):
    child, mother, partner = family(world)
    world.event(
        child,
        "police.welfare_check",
        date(2025, 4, 1),
        agency="TVP",
        involving=[(partner, "present")],
    )
    world.relate(partner, "household_member", child, agency="CSC", recorded=date(2025, 6, 1))
    assert world.fires("LC09", child, on=date(2025, 5, 31)) is not None
    assert world.fires("LC09", child, on=date(2025, 6, 1)) is None


@pytest.mark.parametrize(
    ("history", "role", "raised"),
    [
        ("police.violent_offence", None, True),
        ("police.sexual_offence", None, True),
        ("police.risk_to_children_marker", None, True),
        ("police.arrest", None, False),
        ("police.violent_offence", "victim", False),
        ("police.violent_offence", "alleged_perpetrator", True),
    ],
)
def test_severity_is_raised_by_the_adults_police_history(world, history, role, raised):
    child, mother, partner = family(world)
    world.event(
        child,
        "police.welfare_check",
        date(2025, 4, 1),
        agency="TVP",
        involving=[(partner, "present")],
    )
    if role is None:
        world.event(partner, history, date(2024, 1, 1), agency="TVP")
    else:
        stranger = world.person("Other", born=date(1980, 1, 1), sex="M")
        world.event(stranger, history, date(2024, 1, 1), agency="TVP", involving=[(partner, role)])
    match = world.fires("LC09", child, on=DAY)
    assert match.raised is raised
    from fullpicture.checks.registry import check

    assert check("LC09").severity_for(match.raised) == ("high" if raised else "medium")


def test_history_recorded_later_raises_the_severity_only_from_then(world):
    child, mother, partner = family(world)
    world.event(
        child,
        "police.welfare_check",
        date(2025, 4, 1),
        agency="TVP",
        involving=[(partner, "present")],
    )
    world.event(
        partner,
        "police.risk_to_children_marker",
        date(2025, 5, 1),
        agency="TVP",
        recorded=date(2025, 6, 1),
    )
    assert world.fires("LC09", child, on=date(2025, 5, 31)).raised is False
    assert world.fires("LC09", child, on=date(2025, 6, 1)).raised is True


def test_one_alert_per_adult_and_the_explanation_names_the_evidence(world):
    from fullpicture.checks.registry import check
    from fullpicture.checks.selectors import evidence_events

    child, mother, partner = family(world)
    other = world.person("Gary", born=date(1970, 1, 1), sex="M")
    first = world.event(
        child,
        "police.welfare_check",
        date(2025, 4, 1),
        agency="TVP",
        involving=[(partner, "present"), (other, "present")],
        summary="Found with partner",
    )
    world.event(
        child,
        "police.domestic_abuse_incident",
        date(2025, 5, 1),
        agency="TVP",
        involving=[(partner, "alleged_perpetrator")],
        summary="Glass thrown",
    )
    matches = [m for m in world.matches("LC09", on=DAY) if m.person_id == child.id.hex]
    assert {m.key for m in matches} == {partner.id.hex, other.id.hex}
    dean = next(m for m in matches if m.key == partner.id.hex)
    assert len(dean.evidence) == 2
    assert first.id.hex in dean.evidence
    events = evidence_events(dean.evidence)
    text = check("LC09").explain(dean.facts, [events[e] for e in dean.evidence], {})
    assert "2 events" in text and "1 Apr 2025" in text and "1 May 2025" in text
    assert "police" in text
    assert "alleged perpetrator" in text


def test_the_one_child_path_gives_the_same_result_as_the_population(world):
    from fullpicture.checks import engine
    from fullpicture.checks.registry import check
    from fullpicture.checks.selectors import neighbourhood
    from fullpicture.checks.snapshot import snapshot_load

    child, mother, partner = family(world)
    world.event(
        mother,
        "police.domestic_abuse_incident",
        date(2025, 4, 1),
        agency="TVP",
        involving=[(partner, "alleged_perpetrator")],
    )
    population = [m for m in world.matches("LC09", on=DAY) if m.person_id == child.id.hex]
    snapshot = snapshot_load(neighbourhood([child.id]))
    try:
        engine.eval_children_on(snapshot, DAY, [child.id.hex])
        single = engine.run_checks(snapshot, {}, only=[check("LC09")])
    finally:
        snapshot.close()
    assert [(m.key, m.evidence, m.raised) for m in single] == [
        (m.key, m.evidence, m.raised) for m in population
    ]


def test_in_the_household_on_the_day_only_not_after_he_moved_out(world):
    child, mother, partner = family(world)
    world.lives_at(
        partner, "OX4 1AA", agency="TVP", start=date(2025, 3, 1), recorded=date(2025, 3, 3)
    )
    world.lives_at(partner, "OX9 9ZZ", agency="TVP", address="2 Away Road",
                   start=date(2025, 5, 1), recorded=date(2025, 5, 2))  # fmt: skip
    assert world.fires("LC09", child, on=date(2025, 4, 30)) is not None
    # He moved out on 1 May, which the police recorded on 2 May.
    assert world.fires("LC09", child, on=date(2025, 5, 1)) is not None
    assert world.fires("LC09", child, on=date(2025, 5, 2)) is None


def test_a_move_recorded_late_does_not_end_his_stay_before_it_was_recorded(world):
    """A replay shows what was known each day: the police learnt on 15 June that he had
    moved out on 1 May, so until then he was, as far as anyone knew, living with her."""
    child, mother, partner = family(world)
    world.lives_at(
        partner, "OX4 1AA", agency="TVP", start=date(2025, 3, 1), recorded=date(2025, 3, 3)
    )
    world.lives_at(partner, "OX9 9ZZ", agency="TVP", address="2 Away Road",
                   start=date(2025, 5, 1), recorded=date(2025, 6, 15))  # fmt: skip
    held = world.days_held("LC09", child, date(2025, 3, 1), DAY)
    assert held[0] == date(2025, 3, 3)
    assert held[-1] == date(2025, 6, 14)
    assert len(held) == (date(2025, 6, 14) - date(2025, 3, 3)).days + 1
    assert world.fires("LC09", child, on=date(2025, 5, 20)) is not None
    assert world.fires("LC09", child, on=date(2025, 6, 15)) is None


def test_lc09_has_no_thresholds_and_says_where_it_comes_from():
    from fullpicture.checks.registry import check

    lc09 = check("LC09")
    assert lc09.parameters == ()
    assert lc09.sources() == "ADOL, CHILD-R-PR, OSCAR"
    assert lc09.severity == "medium" and lc09.severity_for(True) == "high"
