"""Factories for synthetic test data. NHS numbers are from the 999 test range."""

import itertools
from datetime import date

import factory

from fullpicture.chronology.models import Event, EventInvolvement
from fullpicture.core.models import Agency, AgencyKind, Role, User
from fullpicture.people.models import Person, PersonRecord


def _valid_test_nhs_numbers():
    """Valid NHS numbers of the 999 test range, in order (modulus 11 holds)."""
    for n in itertools.count(1):
        body = f"999{n:06d}"
        total = sum(int(d) * w for d, w in zip(body, range(10, 1, -1), strict=True))
        check = (11 - total % 11) % 11
        if check != 10:  # no valid check digit: this number is never issued
            yield f"{body}{check}"


_nhs_numbers = _valid_test_nhs_numbers()


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"AG{n}")
    name = factory.LazyAttribute(lambda o: f"Agency {o.code}")
    kind = AgencyKind.HEALTH


class PoliceFactory(AgencyFactory):
    code = "TVP"
    name = "Thames Valley Police"
    kind = AgencyKind.POLICE


class HospitalFactory(AgencyFactory):
    code = "OUH"
    name = "Oxford University Hospitals"
    kind = AgencyKind.HEALTH


class SchoolFactory(AgencyFactory):
    code = "CHERWELL"
    name = "Cherwell School"
    kind = AgencyKind.EDUCATION


class ChildrensSocialCareFactory(AgencyFactory):
    code = "OCC-CSC"
    name = "Oxfordshire Children's Social Care"
    kind = AgencyKind.CHILDRENS_SOCIAL_CARE


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Sam"
    last_name = factory.Sequence(lambda n: f"Worker{n}")
    agency = factory.SubFactory(HospitalFactory)
    role = Role.PRACTITIONER
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery staple")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ManagerFactory(UserFactory):
    role = Role.MANAGER


class PartnershipUserFactory(UserFactory):
    role = Role.PARTNERSHIP


class AdminUserFactory(UserFactory):
    role = Role.ADMIN
    agency = None
    is_staff = True


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    given_name = "Kayleigh"
    family_name = factory.Sequence(lambda n: f"Smith{n}")
    birth_date = date(2015, 3, 2)
    sex = "F"


class PersonRecordFactory(factory.django.DjangoModelFactory):
    """An agency's record of a person; creates the person too unless given one."""

    class Meta:
        model = PersonRecord

    agency = factory.SubFactory(HospitalFactory)
    local_id = factory.Sequence(lambda n: f"L{n}")
    person = factory.SubFactory(
        PersonFactory,
        given_name=factory.SelfAttribute("..given_name"),
        family_name=factory.SelfAttribute("..family_name"),
        birth_date=factory.SelfAttribute("..birth_date"),
    )
    given_name = "Kayleigh"
    family_name = factory.Sequence(lambda n: f"Smith{n}")
    birth_date = date(2015, 3, 2)
    sex = "F"
    nhs_number = factory.LazyFunction(lambda: next(_nhs_numbers))
    recorded_on = date(2020, 1, 1)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    agency = factory.SelfAttribute("subject.agency")
    subject = factory.SubFactory(PersonRecordFactory)
    source_ref = factory.Sequence(lambda n: f"E{n}")
    event_type_id = "health.injury"
    occurred_on = date(2024, 5, 1)
    recorded_on = date(2024, 5, 2)
    summary = "Bruising to the upper arm"
    child_seen = "seen"


class RestrictedEventFactory(EventFactory):
    sensitivity = "restricted"


class EventInvolvementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventInvolvement

    event = factory.SubFactory(EventFactory)
    record = factory.SubFactory(PersonRecordFactory)
    role = "present"
