"""Correcting an entry: a new version, the old one kept readable with who, when and why."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from fullpicture.chronology.forms import CorrectionForm
from fullpicture.chronology.models import Event, EventInvolvement
from fullpicture.chronology.services import CorrectionRefused, event_correct
from fullpicture.core.models import AuditAction, AuditEvent
from fullpicture.ingest.extract import event_row_validate
from fullpicture.ingest.services import event_type_codes
from tests.factories import PersonRecordFactory


def _correction(scenario, **changes):
    data = {
        k: v for k, v in CorrectionForm.initial_from(scenario.injury).items() if isinstance(v, str)
    }
    data.update(
        {
            "occurred_on_day": "1",
            "occurred_on_month": "5",
            "occurred_on_year": "2024",
            "summary": "Bruising to both upper arms",
            "reason": "Second bruise was missed when the entry was typed",
            "referred_to": [],
        }
    )
    data.update(changes)
    return data


def test_the_correction_form_starts_from_the_current_values(client, scenario):
    client.force_login(scenario.users["practitioner"])
    page = client.get(reverse("chronology:event_correct", args=[scenario.injury.pk]))
    html = page.content.decode()
    assert 'value="Bruising to the upper arm"' in html
    assert 'name="occurred_on_year" type="text" inputmode="numeric" value="2024"' in html
    assert "Why are you correcting this entry?" in html


def test_a_correction_makes_version_2_and_keeps_version_1_readable(client, scenario):
    user = scenario.users["practitioner"]
    involvement = EventInvolvement.objects.create(
        event=scenario.injury,
        record=PersonRecordFactory(agency=scenario.hospital, local_id="H9"),
        role="present",
    )
    client.force_login(user)
    response = client.post(
        reverse("chronology:event_correct", args=[scenario.injury.pk]), _correction(scenario)
    )
    assert response.status_code == 302
    new = Event.objects.get(supersedes=scenario.injury)
    old = Event.objects.get(pk=scenario.injury.pk)
    assert (new.version, new.source_ref, new.entered_by) == (2, old.source_ref, user)
    assert new.correction_reason == "Second bruise was missed when the entry was typed"
    assert old.summary == "Bruising to the upper arm"  # never modified
    assert list(new.involvements.values_list("record_id", "role")) == [
        (involvement.record_id, "present")
    ]
    audit = AuditEvent.objects.get(action=AuditAction.CORRECT)
    assert (audit.actor, audit.person) == (user, scenario.child)

    page = client.get(response["Location"]).content.decode()
    assert "Event recorded" in page
    assert "Bruising to both upper arms" in page
    assert "Bruising to the upper arm" not in page  # the table shows the current version only
    assert "Corrected" in page

    detail = client.get(reverse("chronology:event_detail", args=[new.pk])).content.decode()
    assert "Version 2 (latest)" in detail
    assert "Version 1" in detail
    assert "Bruising to the upper arm" in detail
    assert "Second bruise was missed" in detail

    old_detail = client.get(reverse("chronology:event_detail", args=[old.pk])).content.decode()
    assert "This version was corrected" in old_detail


def test_a_correction_needs_a_reason(client, scenario):
    client.force_login(scenario.users["practitioner"])
    response = client.post(
        reverse("chronology:event_correct", args=[scenario.injury.pk]),
        _correction(scenario, reason="  "),
    )
    assert response.status_code == 200
    assert "Why are you correcting this entry?: Enter why" in response.content.decode()
    assert not Event.objects.filter(supersedes=scenario.injury).exists()


def test_another_agency_cannot_correct(client, scenario):
    client.force_login(scenario.users["social_worker"])
    response = client.post(
        reverse("chronology:event_correct", args=[scenario.injury.pk]), _correction(scenario)
    )
    assert response.status_code == 403
    assert not Event.objects.filter(supersedes=scenario.injury).exists()


def _row(scenario):
    return event_row_validate(
        {
            "source_ref": "x",
            "subject_local_id": "H1",
            "event_type": "health.injury",
            "occurred_on": "2024-05-01",
            "summary": "Changed",
        },
        today=scenario.injury.recorded_on,
        people={"H1"},
        event_types=event_type_codes(),
    )


def test_the_service_refuses_other_agencies_and_second_corrections(scenario):
    with pytest.raises(PermissionDenied):
        event_correct(
            event=scenario.injury, by=scenario.users["police"], row=_row(scenario), reason="x"
        )
    event_correct(
        event=scenario.injury, by=scenario.users["practitioner"], row=_row(scenario), reason="x"
    )
    with pytest.raises(CorrectionRefused):
        event_correct(
            event=scenario.injury, by=scenario.users["practitioner"], row=_row(scenario), reason="y"
        )


def test_a_superseded_entry_cannot_be_corrected_again_from_the_page(client, scenario):
    event_correct(
        event=scenario.injury, by=scenario.users["practitioner"], row=_row(scenario), reason="x"
    )
    client.force_login(scenario.users["practitioner"])
    response = client.get(reverse("chronology:event_correct", args=[scenario.injury.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("chronology:event_detail", args=[scenario.injury.pk])
