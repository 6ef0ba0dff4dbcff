"""A small multi-agency scenario for page tests: one child known to a hospital, the police
and children's social care, with a parent, and users of every role.

Imported by the conftest of tests/web and tests/chronology.
"""

from dataclasses import dataclass
from datetime import date

import pytest

from fullpicture.chronology.models import Event
from fullpicture.core.models import Agency, User
from fullpicture.people.models import Address, Identifier, Person, PersonRecord, Relationship
from tests.factories import (
    AdminUserFactory,
    AgencyFactory,
    ChildrensSocialCareFactory,
    EventFactory,
    HospitalFactory,
    ManagerFactory,
    PartnershipUserFactory,
    PersonFactory,
    PersonRecordFactory,
    PoliceFactory,
    RestrictedEventFactory,
    SchoolFactory,
    UserFactory,
)


@dataclass
class Scenario:
    child: Person
    parent: Person
    hospital: Agency
    police: Agency
    csc: Agency
    school: Agency
    hospital_record: PersonRecord
    police_record: PersonRecord
    csc_record: PersonRecord
    injury: Event
    restricted_police: Event
    users: dict[str, User]


@pytest.fixture
def scenario(db) -> Scenario:
    hospital, police = HospitalFactory(), PoliceFactory()
    csc, school = ChildrensSocialCareFactory(), SchoolFactory()
    partnership = AgencyFactory(code="OSCP", name="Oxfordshire Safeguarding Partnership")
    child = PersonFactory(
        given_name="Kayleigh", family_name="Testchild", birth_date=date(2015, 3, 2)
    )
    parent = PersonFactory(given_name="Dean", family_name="Testparent", birth_date=date(1990, 1, 5))
    hospital_record = PersonRecordFactory(
        agency=hospital, person=child, local_id="H1", given_name="Kayleigh", family_name="Testchild"
    )
    police_record = PersonRecordFactory(
        agency=police, person=child, local_id="P1", given_name="Kayleigh", family_name="Testchild"
    )
    csc_record = PersonRecordFactory(
        agency=csc, person=child, local_id="C1", given_name="Kayleigh", family_name="Testchild"
    )
    parent_record = PersonRecordFactory(
        agency=csc, person=parent, local_id="C2", given_name="Dean", family_name="Testparent"
    )
    Identifier.objects.create(
        record=hospital_record, scheme="nhs", value=hospital_record.nhs_number
    )
    Relationship.objects.create(
        agency=csc,
        from_record=parent_record,
        kind="parent",
        to_record=csc_record,
        from_date=date(2015, 3, 2),
        parental_responsibility=True,
        recorded_on=date(2020, 1, 1),
        key="C2|parent|C1|2015-03-02",
    )
    Address.objects.create(
        record=csc_record,
        postcode="OX4 1AA",
        address="1 Test Street, Oxford",
        from_date=date(2021, 6, 1),
        recorded_on=date(2021, 6, 1),
    )
    injury = EventFactory(
        subject=hospital_record,
        event_type_id="health.injury",
        occurred_on=date(2024, 5, 1),
        summary="Bruising to the upper arm",
        child_voice="Said she fell off her bike",
    )
    restricted_police = RestrictedEventFactory(
        subject=police_record,
        event_type_id="police.domestic_abuse_incident",
        occurred_on=date(2024, 4, 20),
        summary="Domestic abuse incident at the home address",
    )
    users = {
        "practitioner": UserFactory(agency=hospital, username="nurse", job_title="Nurse"),
        "uninvolved": UserFactory(agency=school, username="teacher"),
        "manager": ManagerFactory(agency=hospital, username="ward_manager"),
        "partnership": PartnershipUserFactory(agency=partnership, username="reviewer"),
        "admin": AdminUserFactory(username="admin"),
        "police": UserFactory(agency=police, username="officer"),
        "social_worker": UserFactory(agency=csc, username="social_worker"),
    }
    return Scenario(
        child=child,
        parent=parent,
        hospital=hospital,
        police=police,
        csc=csc,
        school=school,
        hospital_record=hospital_record,
        police_record=police_record,
        csc_record=csc_record,
        injury=injury,
        restricted_police=restricted_police,
        users=users,
    )
