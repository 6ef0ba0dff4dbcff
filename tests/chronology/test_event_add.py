"""Recording an event on a page: the import's own rules, each problem on its field."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fullpicture.chronology.models import Event
from fullpicture.core.models import AuditAction, AuditEvent


def _post(client, scenario, **changes):
    data = {
        "event_type": "health.gp_appointment",
        "occurred_on_day": "3",
        "occurred_on_month": "3",
        "occurred_on_year": "2025",
        "occurred_time": "14:30",
        "summary": "Seen by GP for a chest infection",
        "child_seen": "seen",
        "child_voice": "Said she was tired",
        "referred_to": ["childrens_social_care"],
        "explanation_consistent": "",
        "significance": "routine",
        "sensitivity": "normal",
        "recorded_by": "Dr A Test, GP",
    }
    data.update(changes)
    return client.post(reverse("chronology:event_add", args=[scenario.child.pk]), data)


def test_a_valid_event_is_recorded_and_shown_on_the_page(client, scenario):
    user = scenario.users["practitioner"]
    client.force_login(user)
    response = _post(client, scenario)
    assert response.status_code == 302
    assert response["Location"] == reverse("chronology:whole_picture", args=[scenario.child.pk])
    event = Event.objects.get(summary="Seen by GP for a chest infection")
    assert (event.agency, event.subject, event.entered_by) == (
        scenario.hospital,
        scenario.hospital_record,
        user,
    )
    assert event.source_ref.startswith("FP-")
    assert event.recorded_on == timezone.localdate()
    assert event.referred_to == ["childrens_social_care"]
    assert str(event.occurred_time) == "14:30:00"
    # Recording also re-evaluates the learning checks, which may raise alerts (audited too).
    audit = AuditEvent.objects.get(action=AuditAction.CREATE, what__startswith="Event recorded")
    assert (audit.actor, audit.person) == (user, scenario.child)

    page = client.get(response["Location"]).content.decode()
    assert "Event recorded" in page
    assert "govuk-notification-banner--success" in page
    assert "Seen by GP for a chest infection" in page
    assert "3 March 2025, 14:30" in page


def test_the_form_offers_event_types_grouped_by_domain_and_the_users_name(client, scenario):
    client.force_login(scenario.users["practitioner"])
    page = client.get(reverse("chronology:event_add", args=[scenario.child.pk])).content.decode()
    assert '<optgroup label="Children&#x27;s social care">' in page
    assert "Bruise on a non-mobile baby" in page
    assert 'value="Sam ' in page and ', Nurse"' in page


@pytest.mark.parametrize(
    ("changes", "message", "href"),
    [
        ({"summary": ""}, "Summary: is required", "#id_summary"),
        (
            {"occurred_on_year": str(timezone.localdate().year + 1)},
            "Occurred on: is in the future",
            "#id_occurred_on_day",
        ),
        (
            {"occurred_on_day": "31", "occurred_on_month": "2"},
            "Occurred on: must be a real date",
            "#id_occurred_on_day",
        ),
        ({"occurred_time": "25:00"}, "Time: not a time in the form HH:MM", "#id_occurred_time"),
        ({"category": "neglect"}, "Category of harm: only for", "#id_category"),
        ({"event_type": ""}, "Event type: is required", "#id_event_type"),
    ],
)
def test_a_bad_event_shows_the_error_on_its_field_and_writes_nothing(
    client, scenario, changes, message, href
):
    client.force_login(scenario.users["practitioner"])
    before = Event.objects.count()
    response = _post(client, scenario, **changes)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert f'href="{href}"' in page
    assert Event.objects.count() == before
    assert not AuditEvent.objects.filter(action=AuditAction.CREATE).exists()


def test_a_future_date_is_named_in_the_error_summary(client, scenario):
    client.force_login(scenario.users["practitioner"])
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = _post(
        client,
        scenario,
        occurred_on_day=str(tomorrow.day),
        occurred_on_month=str(tomorrow.month),
        occurred_on_year=str(tomorrow.year),
    )
    assert "Occurred on: is in the future" in response.content.decode()


@pytest.mark.parametrize("role", ["partnership", "admin", "uninvolved"])
def test_those_who_may_not_record_cannot_post(client, scenario, role):
    client.force_login(scenario.users[role])
    before = Event.objects.count()
    assert _post(client, scenario).status_code in (403, 404)
    assert Event.objects.count() == before
