"""Finding a person: by name, NHS number, UPN or date of birth, among people one may see."""

from datetime import date

import time_machine
from django.urls import reverse

from fullpicture.core.models import AuditEvent
from tests.factories import PersonRecordFactory


def _search(client, user, **params):
    client.force_login(user)
    response = client.get(reverse("people:search"), params)
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(date(2024, 6, 1))
def test_a_name_finds_the_child_with_age_and_a_link(client, scenario):
    page = _search(client, scenario.users["practitioner"], q="kayleigh testchild")
    assert "1 person found" in page
    assert "2 March 2015 (age 9)" in page
    assert reverse("chronology:whole_picture", args=[scenario.child.pk]) in page


def test_an_nhs_number_typed_with_spaces_finds_the_child(client, scenario):
    nhs = scenario.hospital_record.nhs_number
    page = _search(client, scenario.users["practitioner"], q=f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}")
    assert "Kayleigh Testchild" in page


def test_a_upn_and_a_date_of_birth_find_the_child(client, scenario):
    PersonRecordFactory(
        agency=scenario.hospital, person=scenario.child, local_id="H77", upn="A123456789012"
    )
    assert "Kayleigh Testchild" in _search(
        client, scenario.users["practitioner"], q="a123456789012"
    )
    page = _search(
        client, scenario.users["practitioner"], dob_day="2", dob_month="3", dob_year="2015"
    )
    assert "Kayleigh Testchild" in page


def test_people_one_may_not_see_are_not_found(client, scenario):
    page = _search(client, scenario.users["uninvolved"], q="Testchild")
    assert "0 people found" in page
    assert "Kayleigh" not in page.split("found", 1)[1]
    assert AuditEvent.objects.get().detail["results"] == 0


def test_a_bad_date_of_birth_is_an_error_not_a_search(client, scenario):
    page = _search(
        client, scenario.users["practitioner"], dob_day="40", dob_month="1", dob_year="2015"
    )
    assert "Date of birth: must be a real date" in page
    assert 'href="#id_dob_day"' in page
    assert not AuditEvent.objects.exists()
