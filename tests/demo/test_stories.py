"""Each story household shows the pattern of the review it comes from."""

from datetime import timedelta

import pytest
from django.db.models import Q

from fullpicture.chronology.models import Event
from fullpicture.core.identifiers import nhs_number_normalise
from fullpicture.core.models import AgencyKind
from fullpicture.demo import stories
from fullpicture.people.models import Person, PersonRecord, Relationship


def _child(story: stories.Story) -> Person:
    return Person.objects.filter(records__nhs_number=story.child_nhs_number).distinct().get()


def _events(person: Person, event_type: str | None = None):
    """The child's chronology: events about them or involving them."""
    events = Event.objects.filter(
        Q(subject__person=person) | Q(involvements__record__person=person)
    ).distinct()
    return events.filter(event_type_id=event_type) if event_type else events


def test_story_constants_are_well_formed():
    assert len(stories.STORIES) >= 6
    keys = [s.key for s in stories.STORIES]
    assert keys[:6] == ["a", "b", "c", "d", "e", "f"]
    numbers = [s.child_nhs_number for s in stories.STORIES]
    assert len(set(numbers)) == len(numbers)
    for story in stories.STORIES:
        assert nhs_number_normalise(story.child_nhs_number) == story.child_nhs_number
        assert story.learning in {"ADOL", "OSCAR", "CHILD-N", "CHILD-R-PR", "CHILD-R-SCR"}


@pytest.mark.parametrize("story", stories.STORIES, ids=lambda s: s.key)
def test_each_story_child_is_one_person_with_a_chronology(small_demo, story):
    child = _child(story)
    assert (child.given_name, child.family_name) == (
        story.child_given_name,
        story.child_family_name,
    )
    assert _events(child).count() >= 5


def test_a_repeated_injuries_with_inconsistent_explanations(small_demo):
    child = _child(stories.STORY_INJURIES)
    injuries = _events(child).filter(event_type_id__in=["health.injury", "health.ed_attendance"])
    assert injuries.count() >= 13
    assert injuries.filter(explanation_consistent=False).count() >= 10
    assert len(set(injuries.values_list("recorded_by", flat=True))) >= 4
    assert injuries.values("agency").distinct().count() >= 3
    dates = sorted(injuries.values_list("occurred_on", flat=True))
    assert dates[-1] - dates[0] >= timedelta(days=600)
    assert _events(child, "health.toxicology_positive").exists()


def test_b_domestic_abuse_call_outs_never_referred(small_demo):
    child = _child(stories.STORY_POLICE_NOT_REFERRED)
    incidents = _events(child, "police.domestic_abuse_incident")
    assert incidents.count() >= 4
    for incident in incidents:
        assert "childrens_social_care" not in incident.referred_to
        assert incident.child_seen == "seen"
        assert incident.involvements.filter(role="alleged_perpetrator").exists()
    assert not _events(child).filter(agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE).exists()


def test_c_school_moves_then_missing_education(small_demo):
    child = _child(stories.STORY_MISSING_EDUCATION)
    moves = list(_events(child, "education.school_move").order_by("occurred_on"))
    assert len(moves) == 3
    assert (moves[-1].occurred_on - moves[0].occurred_on).days < 365
    assert len({m.agency_id for m in moves}) == 2
    reports = list(_events(child, "education.attendance_report").order_by("occurred_on"))
    assert reports[-1].attendance_percent < 50 < reports[0].attendance_percent
    assert _events(child, "education.unauthorised_absence").count() >= 3
    assert _events(child, "education.child_missing_education").exists()


def test_d_opened_and_closed_again_and_again(small_demo):
    child = _child(stories.STORY_START_AGAIN)
    closures = sorted(_events(child, "csc.case_closed").values_list("occurred_on", flat=True))
    assert len(closures) >= 4
    assert (closures[-1] - closures[0]).days <= 730
    assert _events(child, "csc.referral").count() >= 4
    outcomes = _events(child, "csc.assessment_completed").values_list("outcome", flat=True)
    assert list(outcomes) == ["nfa"] * len(outcomes) and len(outcomes) >= 4


def test_e_partner_known_to_police_absent_from_social_care(small_demo):
    child = _child(stories.STORY_HIDDEN_MAN)
    given, family = stories.HIDDEN_PARTNER_NAME
    partner_records = PersonRecord.objects.filter(given_name=given, family_name=family)
    assert {r.agency.kind for r in partner_records} == {AgencyKind.POLICE}
    partner = partner_records.get().person
    partner_events = Event.objects.filter(
        Q(subject__person=partner) | Q(involvements__record__person=partner)
    )
    types = set(partner_events.values_list("event_type_id", flat=True))
    assert {"police.violent_offence", "police.risk_to_children_marker"} <= types
    assert partner_events.filter(
        event_type_id="police.domestic_abuse_incident",
        involvements__record__person=partner,
        involvements__role="alleged_perpetrator",
    ).exists()
    # He is present in police events of the child, and the police know him as the mother's partner.
    assert (
        _events(child)
        .filter(
            agency__kind=AgencyKind.POLICE,
            involvements__record__person=partner,
            involvements__role="present",
        )
        .exists()
    )
    assert Relationship.objects.filter(
        Q(from_record__person=partner) | Q(to_record__person=partner), kind="partner"
    ).exists()
    # Children's social care knows the child and her mother, and nothing of him.
    csc_records = PersonRecord.objects.filter(agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE)
    assert csc_records.filter(person=child).exists()
    assert Relationship.objects.filter(
        agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE, to_record__person=child, kind="parent"
    ).exists()
    assert not csc_records.filter(person=partner).exists()
    # The police record him at the child's address.
    child_postcodes = set(child.records.values_list("postcode", flat=True))
    assert partner_records.get().postcode in child_postcodes


def test_f_bruised_baby_explanation_accepted(small_demo):
    child = _child(stories.STORY_BRUISED_BABY)
    bruise = _events(child, "health.bruise_non_mobile").get()
    assert (bruise.occurred_on - child.birth_date).days < 183
    assert "rolled off the sofa" in bruise.explanation
    assert bruise.explanation_consistent is False
    assert "childrens_social_care" not in bruise.referred_to
    assert _events(child, "health.health_visitor_contact").count() >= 2


def test_g_child_seen_but_voice_not_recorded(small_demo):
    child = _child(stories.STORY_VOICE_NOT_HEARD)
    visits = _events(child, "csc.home_visit").filter(child_seen="seen")
    assert visits.count() >= 5
    assert not visits.exclude(child_voice="").exists()
    assert Relationship.objects.filter(kind="godparent", to_record__person=child).count() == 2


def test_h_neglect_plan_without_neglect_tool_and_sibling_not_assessed(small_demo):
    child = _child(stories.STORY_NEGLECT)
    plan = _events(child, "csc.cp_plan_started").get()
    assert plan.category == "neglect"
    assert not _events(child, "csc.neglect_tool_completed").exists()
    reviews = _events(child, "csc.cp_review").values_list("outcome", flat=True)
    assert list(reviews) == ["risk_unchanged", "risk_unchanged"]
    brother = Person.objects.get(given_name="Harvey", family_name="Cartwright")
    assert not _events(brother).filter(agency__kind=AgencyKind.CHILDRENS_SOCIAL_CARE).exists()


def test_i_adolescent_exploitation(small_demo):
    child = _child(stories.STORY_EXPLOITATION)
    types = set(_events(child).values_list("event_type_id", flat=True))
    assert {
        "police.missing_episode",
        "police.exploitation_concern",
        "health.child_substance_misuse",
    } <= types
