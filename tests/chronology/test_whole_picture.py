"""The whole-picture page: who the child is, who is around them, and every agency's events."""

from datetime import date, timedelta

import time_machine
from django.urls import reverse

from fullpicture.chronology.models import Event
from tests.factories import EventFactory, PersonRecordFactory, SchoolFactory


def _page(client, scenario, user="practitioner", **params):
    client.force_login(scenario.users[user])
    response = client.get(reverse("chronology:whole_picture", args=[scenario.child.pk]), params)
    assert response.status_code == 200
    return response.content.decode()


@time_machine.travel(date(2024, 6, 1))
def test_the_child_is_summarised_with_age_identifiers_and_agencies(client, scenario):
    page = _page(client, scenario)
    assert "2 March 2015 (age 9)" in page
    nhs = scenario.hospital_record.nhs_number
    assert f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}" in page
    assert "Stated by Oxford University Hospitals" in page
    for agency in (
        "Oxford University Hospitals",
        "Thames Valley Police",
        "Oxfordshire Children&#x27;s Social Care",
    ):
        assert agency in page
    assert "govuk-tag--purple" in page  # children's social care


def test_relationships_read_from_the_childs_side(client, scenario):
    page = _page(client, scenario)
    assert "Parent" in page
    assert "Dean Testparent" in page
    assert "1 Test Street, Oxford" in page
    client.force_login(scenario.users["social_worker"])
    parent_page = client.get(reverse("chronology:whole_picture", args=[scenario.parent.pk]))
    html = parent_page.content.decode()
    assert "Child" in html and "Kayleigh Testchild" in html


def test_the_timeline_has_one_lane_per_agency(client, scenario):
    school = SchoolFactory()
    EventFactory(
        subject=PersonRecordFactory(agency=school, person=scenario.child),
        event_type_id="education.unauthorised_absence",
        occurred_on=date(2023, 9, 12),
    )
    page = _page(client, scenario, user="social_worker")
    svg = page[page.index('<svg class="fp-timeline"') : page.index("</svg>")]
    assert 'role="img"' in svg
    assert "Timeline of 3 events from 3 agencies, September 2023 to May 2024" in svg
    for name in ("Oxford University Hospitals", "Thames Valley Police", "Cherwell School"):
        assert f"<title>{name}</title>" in svg
    assert "chronology table below" in svg


def test_the_timeline_hides_what_the_user_may_not_see(client, scenario):
    page = _page(client, scenario, user="practitioner")
    assert "Timeline of 1 event from 1 agency" in page


def test_the_chronology_is_newest_first_and_filters_by_agency(client, scenario):
    page = _page(client, scenario, user="social_worker")
    assert page.index("Bruising to the upper arm") < page.index(
        "Domestic abuse incident at the home"
    )
    page = _page(client, scenario, user="social_worker", agency=str(scenario.police.pk))
    assert "Domestic abuse incident at the home" in page
    assert "Bruising to the upper arm" not in page
    assert "1 event match the filters" in page


def test_filters_by_type_significance_and_dates(client, scenario):
    routine = EventFactory(
        subject=scenario.hospital_record,
        event_type_id="health.gp_appointment",
        significance="routine",
        occurred_on=date(2023, 1, 10),
        summary="Routine check",
    )
    assert "Routine check" not in _page(client, scenario, event_type="health.injury")
    assert "Bruising" not in _page(client, scenario, significance="routine")
    page = _page(
        client,
        scenario,
        date_from_day="1",
        date_from_month="1",
        date_from_year="2023",
        date_to_day="31",
        date_to_month="1",
        date_to_year="2023",
    )
    assert routine.summary in page
    assert "Bruising" not in page


def test_bad_filter_dates_show_an_error_naming_the_field(client, scenario):
    page = _page(client, scenario, date_from_day="31", date_from_month="2", date_from_year="2024")
    assert "There is a problem" in page
    assert "From: must be a real date" in page
    assert "Bruising to the upper arm" in page  # the bad filter is not applied
    page = _page(
        client, scenario, date_from_day="x", date_to_day="1", date_to_month="1", date_to_year="2020"
    )
    assert "From: must include a month and a year" in page
    page = _page(
        client,
        scenario,
        date_from_day="2",
        date_from_month="1",
        date_from_year="2024",
        date_to_day="1",
        date_to_month="1",
        date_to_year="2024",
    )
    assert "To: must be the same as or after From" in page
    assert "Agency: Select a valid choice" in _page(client, scenario, agency="not-an-agency")


def test_the_chronology_is_paginated_keeping_the_filters(client, scenario):
    Event.objects.bulk_create(
        Event(
            agency=scenario.hospital,
            subject=scenario.hospital_record,
            source_ref=f"BULK{n}",
            event_type_id="health.gp_appointment",
            occurred_on=date(2020, 1, 1) + timedelta(days=n),
            recorded_on=date(2024, 1, 1),
            summary=f"Appointment {n}",
            significance="routine",
        )
        for n in range(120)
    )
    page1 = _page(client, scenario, significance="routine")
    assert "120 events match the filters" in page1
    assert "Page 1 of 3" in page1
    assert "Appointment 119" in page1 and "Appointment 69" not in page1
    assert 'href="?significance=routine&amp;page=2"' in page1
    page3 = _page(client, scenario, significance="routine", page="3")
    assert "Appointment 0<" in page3.replace("\n", "<")
    assert "Page 3 of 3" in page3
    assert "Page 3 of 3" in _page(client, scenario, significance="routine", page="99")


def test_an_event_involving_the_child_is_on_their_chronology(client, scenario):
    from fullpicture.chronology.models import EventInvolvement

    parent_event = EventFactory(
        subject=PersonRecordFactory(agency=scenario.hospital, person=scenario.parent),
        event_type_id="health.parent_mental_health",
        summary="Mother seen in crisis team",
    )
    EventInvolvement.objects.create(
        event=parent_event, record=scenario.hospital_record, role="present"
    )
    EventInvolvement.objects.create(event=parent_event, record=scenario.csc_record, role="present")
    page = _page(client, scenario)
    assert page.count("Mother seen in crisis team") == 1
