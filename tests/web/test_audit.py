"""Every page that shows a person's record leaves exactly one audit row, in the same
transaction: if the audit row cannot be written, the page is not shown.

The failure tests run in the test's own transaction, so the request's ATOMIC_REQUESTS block
is a savepoint: what it rolls back here is what it would roll back in production. (Not
transactional tests: their flush would drop the event types the migrations load.)"""

import pytest
from django.core.management import call_command
from django.urls import reverse

from fullpicture.chronology.models import Event
from fullpicture.core.audit import Auditor
from fullpicture.core.models import AuditAction, AuditEvent
from tests.web.alerts import make_alert


def _whole_picture(s):
    return reverse("chronology:whole_picture", args=[s.child.pk])


PAGES = {
    "whole_picture": (lambda s: reverse("chronology:whole_picture", args=[s.child.pk]), "view"),
    "filtered": (
        lambda s: reverse("chronology:whole_picture", args=[s.child.pk]) + "?significance=routine",
        "view",
    ),
    "event_detail": (lambda s: reverse("chronology:event_detail", args=[s.injury.pk]), "view"),
    "print": (lambda s: reverse("chronology:print", args=[s.child.pk]), "print"),
    "event_add": (lambda s: reverse("chronology:event_add", args=[s.child.pk]), "view"),
    "event_correct": (lambda s: reverse("chronology:event_correct", args=[s.injury.pk]), "view"),
    "alert": (lambda s: reverse("checks:alert", args=[make_alert(s.child, [s.injury]).pk]), "view"),
    "whole_picture_with_alerts": (
        lambda s: (make_alert(s.child, [s.injury]), _whole_picture(s))[1],
        "view",
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_each_person_page_writes_one_audit_row(client, scenario, page):
    url, action = PAGES[page]
    user = scenario.users["practitioner"]
    client.force_login(user)
    assert client.get(url(scenario)).status_code == 200
    rows = list(AuditEvent.objects.all())
    assert len(rows) == 1
    assert (rows[0].actor, rows[0].action, rows[0].person) == (user, action, scenario.child)


def test_the_whole_picture_audit_row_records_the_filters(client, scenario):
    client.force_login(scenario.users["practitioner"])
    url = reverse("chronology:whole_picture", args=[scenario.child.pk])
    client.get(
        url,
        {
            "significance": "routine",
            "date_from_day": "1",
            "date_from_month": "1",
            "date_from_year": "2024",
        },
    )
    row = AuditEvent.objects.get()
    assert row.what == "Whole-picture page"
    assert row.detail["filters"] == {"significance": "routine", "date_from": "2024-01-01"}


@pytest.mark.parametrize("page", PAGES)
def test_a_failing_audit_write_means_no_page(client, scenario, page, monkeypatch):
    url, _ = PAGES[page]
    client.force_login(scenario.users["practitioner"])
    client.raise_request_exception = True

    def broken(*args, **kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(Auditor, "_write", broken)
    with pytest.raises(RuntimeError, match="audit store unavailable"):
        client.get(url(scenario))
    assert not AuditEvent.objects.exists()


def test_a_failing_audit_write_leaves_no_recorded_event(client, scenario, monkeypatch):
    client.force_login(scenario.users["practitioner"])
    client.raise_request_exception = True
    before = Event.objects.count()
    monkeypatch.setattr(Auditor, "_write", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    with pytest.raises(RuntimeError):
        client.post(
            reverse("chronology:event_add", args=[scenario.child.pk]),
            {
                "event_type": "health.gp_appointment",
                "occurred_on_day": "1",
                "occurred_on_month": "6",
                "occurred_on_year": "2024",
                "summary": "Seen by GP",
                "significance": "routine",
                "sensitivity": "normal",
            },
        )
    assert Event.objects.count() == before


def test_a_search_writes_one_audit_row_with_query_and_count(client, scenario):
    client.force_login(scenario.users["practitioner"])
    client.get(reverse("people:search"), {"q": "Testchild"})
    row = AuditEvent.objects.get()
    assert row.action == AuditAction.SEARCH
    assert row.detail["query"] == "Testchild"
    assert row.detail["results"] == 1


def test_opening_the_empty_search_page_is_not_a_search(client, scenario):
    client.force_login(scenario.users["practitioner"])
    assert client.get(reverse("people:search")).status_code == 200
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize("as_user", [None, "nurse"])
def test_the_export_writes_one_exported_row(scenario, tmp_path, as_user):
    args = [
        "--person",
        f"OUH:{scenario.hospital_record.local_id}",
        "--output",
        str(tmp_path / "x.csv"),
    ]
    if as_user:
        args += ["--as-user", as_user]
    call_command("export_chronology", *args)
    row = AuditEvent.objects.get()
    assert row.action == AuditAction.EXPORT
    assert row.person == scenario.child
    if as_user:
        assert row.actor == scenario.users["practitioner"]
    else:
        assert (row.actor, row.process) == (None, "export-chronology")


def test_a_failing_audit_write_means_no_export(scenario, tmp_path, monkeypatch):
    monkeypatch.setattr(Auditor, "_write", lambda *a, **k: (_ for _ in ()).throw(RuntimeError("x")))
    output = tmp_path / "x.csv"
    with pytest.raises(RuntimeError):
        call_command("export_chronology", "--person", "OUH:H1", "--output", str(output))
    assert not output.exists()
