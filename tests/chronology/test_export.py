"""`fullpicture export-chronology`: CSV and JSON, scoped and audited."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

from fullpicture.core.models import AuditEvent
from fullpicture.ingest.extract import EVENT_COLUMNS


def _export(*args):
    out = io.StringIO()
    call_command("export_chronology", *args, stdout=out)
    return out.getvalue()


def test_csv_has_the_events_columns_plus_agency_person_and_version(scenario):
    text = _export("--person", f"nhs:{scenario.hospital_record.nhs_number}", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == [*EVENT_COLUMNS, "agency", "person", "version"]
    # An operator's export sees everything, oldest first.
    assert [(r["agency"], r["event_type"], r["sensitivity"]) for r in rows] == [
        ("TVP", "police.domestic_abuse_incident", "restricted"),
        ("OUH", "health.injury", "normal"),
    ]
    assert rows[1]["occurred_on"] == "2024-05-01"
    assert rows[1]["subject_local_id"] == "H1"
    assert rows[1]["person"] == str(scenario.child.pk)
    assert rows[1]["version"] == "1"


def test_json_has_the_person_and_the_events_the_user_may_see(scenario, tmp_path):
    output = tmp_path / "chronology.json"
    call_command(
        "export_chronology",
        "--person",
        str(scenario.child.pk),
        "--format",
        "json",
        "--output",
        str(output),
        "--as-user",
        "nurse",
    )
    data = json.loads(output.read_text())
    assert data["person"]["name"] == "Kayleigh Testchild"
    assert data["person"]["birth_date"] == "2015-03-02"
    assert [e["summary"] for e in data["events"]] == ["Bruising to the upper arm"]
    row = AuditEvent.objects.get()
    assert row.detail["events"] == 1 and row.detail["format"] == "json"


def test_an_unknown_person_is_a_clear_error(scenario):
    with pytest.raises(CommandError, match="No person found for 'OUH:NOPE'"):
        _export("--person", "OUH:NOPE")
    assert not AuditEvent.objects.exists()


def test_a_user_cannot_export_a_person_they_cannot_see(scenario):
    with pytest.raises(CommandError, match="that teacher can see"):
        _export("--person", "OUH:H1", "--as-user", "teacher")


def test_an_unknown_user_is_a_clear_error(scenario):
    with pytest.raises(CommandError, match="No user with username 'nobody'"):
        _export("--person", "OUH:H1", "--as-user", "nobody")
