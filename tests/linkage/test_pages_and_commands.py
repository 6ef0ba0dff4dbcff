"""The review pages (data-quality staff only, audited), the person page's records, and `link`."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse

from fullpicture.core.models import AuditEvent, Role
from fullpicture.linkage import services
from fullpicture.linkage.models import DecisionKind, LinkDecision
from fullpicture.people.models import PersonRecord
from tests.factories import ChildrensSocialCareFactory, PartnershipUserFactory, UserFactory
from tests.linkage.conftest import queued_pair as make_queued_pair
from tests.linkage.conftest import record

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued_pair(agencies, auditor):
    pair, a, b, _ = make_queued_pair(agencies["csc"], agencies["police"], auditor=auditor)
    return pair, a, b


@pytest.mark.parametrize("role", [Role.PRACTITIONER, Role.MANAGER, Role.PARTNERSHIP])
def test_only_data_quality_staff_open_the_queue(client, queued_pair, role):
    pair, _, _ = queued_pair
    client.force_login(UserFactory(agency=ChildrensSocialCareFactory(), role=role))
    assert client.get(reverse("linkage:queue")).status_code == 403
    assert client.get(reverse("linkage:pair", args=[pair.pk])).status_code == 403


def test_review_compare_link_and_undo(client, queued_pair, reviewer):
    pair, a, b = queued_pair
    client.force_login(reviewer)
    queue = client.get(reverse("linkage:queue"))
    assert queue.status_code == 200
    assert b"Jayden Okafor" in queue.content
    page = client.get(reverse("linkage:pair", args=[pair.pk]))
    text = page.content.decode()
    assert "Are these the same person?" in text and "4 Mill Lane, Oxford" in text
    assert AuditEvent.objects.filter(actor=reviewer, person=a.person, action="view").exists()

    missing_reason = client.post(reverse("linkage:pair", args=[pair.pk]), {"decision": "link"})
    assert "Enter why you decided this" in missing_reason.content.decode()
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id != b.person_id

    response = client.post(
        reverse("linkage:pair", args=[pair.pk]), {"decision": "link", "reason": "Same GP"}
    )
    decision = LinkDecision.objects.get(kind=DecisionKind.REVIEWED)
    assert response.status_code == 302 and response.url == reverse(
        "linkage:decision", args=[decision.pk]
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id == b.person_id

    undone = client.post(reverse("linkage:undo", args=[decision.pk]), {"reason": "Wrong child"})
    assert undone.status_code == 302
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.person_id != b.person_id
    assert AuditEvent.objects.filter(actor=reviewer, action="correct").exists()


def test_the_person_page_shows_which_records_make_up_the_person(client, agencies, auditor):
    csc = record(agencies["csc"], local_id="CSC-9", given_name="William", nhs_number="9990000018")
    health = record(agencies["health"], local_id="OUH-9", given_name="Bill")
    services.link_new_records([health.pk], auditor=auditor)
    csc.refresh_from_db()
    client.force_login(PartnershipUserFactory(agency=agencies["csc"]))
    page = client.get(reverse("chronology:whole_picture", args=[csc.person_id])).content.decode()
    assert "Agency records of" in page
    assert "CSC-9" in page and "OUH-9" in page
    assert "Linked automatically" in page
    assert "Very strong" in page or "Strong (" in page


def test_link_export_prints_one_row_per_agency_record(agencies, auditor):
    csc = record(agencies["csc"], local_id="CSC-9", given_name="William", nhs_number="9990000018")
    health = record(agencies["health"], local_id="OUH-9", given_name="Bill")
    record(agencies["police"], local_id="TVP-1", given_name="Zainab", birth_date=date(1990, 1, 1))
    services.link_new_records([health.pk], auditor=auditor)
    out = io.StringIO()
    call_command("link", "export", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == PersonRecord.objects.count() == 3
    by_id = {r["local_id"]: r for r in rows}
    csc.refresh_from_db()
    assert by_id["OUH-9"]["person_id"] == by_id["CSC-9"]["person_id"] == str(csc.person_id)
    assert {by_id["OUH-9"]["how_linked"], by_id["CSC-9"]["how_linked"]} >= {"Linked automatically"}
    assert float(by_id["OUH-9"]["match_probability"] or by_id["CSC-9"]["match_probability"]) > 0.9
    assert by_id["TVP-1"]["how_linked"] == "First record of this person"
    assert AuditEvent.objects.filter(process="record-linkage", action="export").exists()


def test_link_run_and_status(agencies):
    record(agencies["csc"], local_id="CSC-9", given_name="William", nhs_number="9990000018")
    record(agencies["health"], local_id="OUH-9", given_name="Bill")
    out = io.StringIO()
    call_command("link", "run", stdout=out)
    assert "1 linked automatically" in out.getvalue()
    assert PersonRecord.objects.values("person_id").distinct().count() == 1
    out = io.StringIO()
    call_command("link", "status", stdout=out)
    assert "Current model: shipped" in out.getvalue()
