"""A person's name, date of birth and sex come from the best of their agency records."""

from datetime import date

import pytest

from fullpicture.people.models import Person
from fullpicture.people.services import people_refresh_summary
from tests.factories import ChildrensSocialCareFactory, PersonRecordFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def test_childrens_social_care_wins_over_a_later_record():
    school = PersonRecordFactory(
        agency=SchoolFactory(), given_name="Kayla", recorded_on=date(2024, 5, 1)
    )
    PersonRecordFactory(
        agency=ChildrensSocialCareFactory(),
        person=school.person,
        given_name="Kayleigh",
        family_name="Benson",
        recorded_on=date(2020, 1, 1),
    )
    people_refresh_summary(person_ids=[school.person_id])
    person = Person.objects.get(pk=school.person_id)
    assert (person.given_name, person.family_name) == ("Kayleigh", "Benson")


def test_a_known_date_of_birth_beats_an_estimate_and_then_the_latest_record_wins():
    estimate = PersonRecordFactory(
        birth_date=date(2015, 1, 1), birth_date_approximate=True, recorded_on=date(2025, 1, 1)
    )
    PersonRecordFactory(
        person=estimate.person, birth_date=date(2015, 3, 2), recorded_on=date(2020, 1, 1)
    )
    PersonRecordFactory(
        person=estimate.person,
        given_name="Kay",
        birth_date=date(2015, 3, 2),
        recorded_on=date(2022, 1, 1),
    )
    people_refresh_summary(person_ids=[estimate.person_id])
    person = Person.objects.get(pk=estimate.person_id)
    assert person.birth_date == date(2015, 3, 2) and person.birth_date_approximate is False
    assert person.given_name == "Kay"


def test_a_person_already_summarised_is_not_written_again(django_assert_num_queries):
    record = PersonRecordFactory(given_name="Kayleigh")
    people_refresh_summary(person_ids=[record.person_id])
    with django_assert_num_queries(2):  # read the records, read the person; no update
        people_refresh_summary(person_ids=[record.person_id])
