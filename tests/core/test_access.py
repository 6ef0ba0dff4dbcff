"""Every access decision, for every role and sensitivity, in one table."""

import pytest

from fullpicture.chronology.models import Event
from fullpicture.core import access
from fullpicture.core.models import Role
from fullpicture.people.models import Person
from tests.factories import (
    AgencyFactory,
    ChildrensSocialCareFactory,
    EventFactory,
    HospitalFactory,
    PersonRecordFactory,
    PoliceFactory,
    SchoolFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def child():
    """A child known to the police and to children's social care, not to the hospital."""
    police_record = PersonRecordFactory(agency=PoliceFactory(), local_id="TVP-1")
    PersonRecordFactory(
        agency=ChildrensSocialCareFactory(), local_id="CSC-1", person=police_record.person
    )
    return police_record.person


def _user(agency_factory, role):
    if role == Role.ADMIN:
        return UserFactory(agency=None, role=role)
    return UserFactory(agency=agency_factory(), role=role)


# (agency of the user, role) -> may they see the child?
PERSON_TABLE = [
    (PoliceFactory, Role.PRACTITIONER, True),
    (PoliceFactory, Role.MANAGER, True),
    (ChildrensSocialCareFactory, Role.PRACTITIONER, True),
    (HospitalFactory, Role.PRACTITIONER, False),  # not involved with this child
    (HospitalFactory, Role.MANAGER, False),
    (SchoolFactory, Role.PARTNERSHIP, True),  # case reviews span every agency
    (None, Role.ADMIN, False),  # manages users, sees no person data
    (ChildrensSocialCareFactory, Role.DATA_QUALITY, False),  # reviews links, not chronologies
]


@pytest.mark.parametrize(("agency_factory", "role", "allowed"), PERSON_TABLE)
def test_who_sees_a_child(child, agency_factory, role, allowed):
    user = _user(agency_factory, role)
    assert access.can_view_person(user, child) is allowed
    assert (child in Person.objects.visible_to(user)) is allowed


# (agency of the user, role, sensitivity of a police event) -> may they read it?
EVENT_TABLE = [
    (PoliceFactory, Role.PRACTITIONER, "normal", True),
    (PoliceFactory, Role.PRACTITIONER, "restricted", True),  # the recording agency
    (ChildrensSocialCareFactory, Role.PRACTITIONER, "normal", True),
    (ChildrensSocialCareFactory, Role.MANAGER, "restricted", True),  # CSC sees restricted
    (HospitalFactory, Role.PRACTITIONER, "normal", True),  # the shared picture
    (HospitalFactory, Role.PRACTITIONER, "restricted", False),
    (SchoolFactory, Role.PARTNERSHIP, "normal", True),
    (SchoolFactory, Role.PARTNERSHIP, "restricted", False),
    (None, Role.ADMIN, "normal", False),
    (None, Role.ADMIN, "restricted", False),
    (ChildrensSocialCareFactory, Role.DATA_QUALITY, "normal", False),
]


@pytest.mark.parametrize(("agency_factory", "role", "sensitivity", "allowed"), EVENT_TABLE)
def test_who_reads_an_event(child, agency_factory, role, sensitivity, allowed):
    record = child.records.get(agency__code="TVP")
    event = EventFactory(
        subject=record, event_type_id="police.domestic_abuse_incident", sensitivity=sensitivity
    )
    user = _user(agency_factory, role)
    assert access.can_view_event(user, event) is allowed
    assert Event.objects.visible_to(user).filter(pk=event.pk).exists() is allowed


@pytest.mark.parametrize(
    ("agency_factory", "role", "may_record"),
    [
        (PoliceFactory, Role.PRACTITIONER, True),
        (PoliceFactory, Role.MANAGER, True),
        (HospitalFactory, Role.PRACTITIONER, False),  # cannot see the child
        (SchoolFactory, Role.PARTNERSHIP, False),  # reviews, does not record
        (None, Role.ADMIN, False),
    ],
)
def test_who_records_events(child, agency_factory, role, may_record):
    assert access.can_record_event(_user(agency_factory, role), child) is may_record


def test_only_the_recording_agency_corrects(child):
    event = EventFactory(subject=child.records.get(agency__code="TVP"))
    assert access.can_correct_event(UserFactory(agency=PoliceFactory()), event)
    assert not access.can_correct_event(UserFactory(agency=ChildrensSocialCareFactory()), event)
    assert not access.can_correct_event(
        UserFactory(agency=PoliceFactory(), role=Role.PARTNERSHIP), event
    )


def test_inactive_and_anonymous_users_see_nothing(child):
    from django.contrib.auth.models import AnonymousUser

    inactive = UserFactory(agency=PoliceFactory(), is_active=False)
    assert not access.can_view_person(inactive, child)
    assert not access.can_view_person(AnonymousUser(), child)
    assert not Person.objects.visible_to(AnonymousUser()).exists()


def test_only_admins_manage_users():
    assert access.can_manage_users(UserFactory(agency=None, role=Role.ADMIN))
    for role in (Role.PRACTITIONER, Role.MANAGER, Role.PARTNERSHIP):
        assert not access.can_manage_users(UserFactory(agency=AgencyFactory(), role=role))


@pytest.mark.parametrize(
    ("agency_factory", "role", "may_review"),
    [
        (ChildrensSocialCareFactory, Role.DATA_QUALITY, True),
        (PoliceFactory, Role.DATA_QUALITY, True),
        (ChildrensSocialCareFactory, Role.PRACTITIONER, False),
        (ChildrensSocialCareFactory, Role.MANAGER, False),
        (SchoolFactory, Role.PARTNERSHIP, False),
        (None, Role.ADMIN, False),
    ],
)
def test_only_data_quality_staff_review_links(agency_factory, role, may_review):
    assert access.can_review_links(_user(agency_factory, role)) is may_review


def test_an_inactive_data_quality_user_reviews_nothing():
    user = UserFactory(agency=ChildrensSocialCareFactory(), role=Role.DATA_QUALITY, is_active=False)
    assert not access.can_review_links(user)


# Who reads an adult's relevant history on the hidden adults panel (ADR 0007), by the
# domain of the event holding it.
def _agency_of_kind(kind):
    from fullpicture.core.models import AgencyKind

    return lambda: AgencyFactory(kind=AgencyKind(kind))


ADULT_HISTORY_TABLE = [
    ("police", Role.PRACTITIONER, "police", True),
    ("childrens_social_care", Role.PRACTITIONER, "police", True),
    ("probation", Role.MANAGER, "police", True),
    ("health", Role.PRACTITIONER, "police", False),
    ("education", Role.PRACTITIONER, "police", False),
    ("housing", Role.MANAGER, "police", False),
    ("education", Role.PARTNERSHIP, "police", True),
    ("health", Role.PRACTITIONER, "health", True),
    ("adult_social_care", Role.PRACTITIONER, "health", True),
    ("police", Role.PRACTITIONER, "health", False),
    ("childrens_social_care", Role.PRACTITIONER, "adult", True),
    ("education", Role.PRACTITIONER, "adult", False),
    ("education", Role.PRACTITIONER, "housing", True),
    (None, Role.ADMIN, "police", False),
    ("police", Role.DATA_QUALITY, "police", False),
]


@pytest.mark.parametrize(("kind", "role", "domain", "allowed"), ADULT_HISTORY_TABLE)
def test_who_sees_an_adults_history(kind, role, domain, allowed):
    if kind is None:
        user = UserFactory(agency=None, role=role)
    else:
        user = UserFactory(agency=_agency_of_kind(kind)(), role=role)
    assert access.can_see_adult_history(user, domain) is allowed


def test_an_inactive_police_officer_sees_no_adult_history():
    user = UserFactory(agency=PoliceFactory(), is_active=False)
    assert access.can_see_adult_history(user, "police") is False


@pytest.mark.parametrize(
    ("role", "may_decide"),
    [
        (Role.PRACTITIONER, True),
        (Role.MANAGER, True),
        (Role.PARTNERSHIP, False),
        (Role.ADMIN, False),
        (Role.DATA_QUALITY, False),
    ],
)
def test_who_decides_on_the_alerts_they_see(role, may_decide):
    user = _user(HospitalFactory, role)
    assert access.can_decide_alerts_seen(user) is may_decide
    user.is_active = False
    assert access.can_decide_alerts_seen(user) is False
