"""Bulk extracts: valid at any size, and a new agency's extract lands on the demo's children."""

import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command

from fullpicture.chronology.models import Event
from fullpicture.core.models import Agency, AgencyKind
from fullpicture.demo.bulk import TEMPLATES, bulk_extract_write
from fullpicture.demo.stories import STORIES
from fullpicture.ingest.extract import extract_read
from fullpicture.ingest.services import extract_import_path
from fullpicture.people.models import Person
from tests.demo.conftest import AS_OF

EVENT_TYPES = frozenset(
    row["pk"]
    for row in json.loads(
        (
            Path(__file__).resolve().parents[2] / "fullpicture/chronology/fixtures/event_types.json"
        ).read_text(encoding="utf-8")
    )
)


@pytest.mark.parametrize("kind", sorted(TEMPLATES))
def test_bulk_extract_is_valid_for_every_agency_kind(tmp_path, kind):
    counts = bulk_extract_write(
        tmp_path, events=2000, people=150, seed=3, agency_kind=kind, as_of=AS_OF
    )
    assert counts["events.csv"] == 2000 and counts["people.csv"] == 150
    extract = extract_read(tmp_path, today=AS_OF, event_types=EVENT_TYPES)
    assert [str(p) for p in extract.problems[:5]] == []
    assert len(extract.events) == 2000


def test_bulk_extract_is_deterministic(tmp_path):
    for name in ("a", "b"):
        bulk_extract_write(
            tmp_path / name, events=500, people=60, seed=11, agency_kind="police", as_of=AS_OF
        )
    for file in ("people.csv", "relationships.csv", "events.csv"):
        assert (tmp_path / "a" / file).read_bytes() == (tmp_path / "b" / file).read_bytes()


def test_a_second_agency_extract_lands_on_demo_childrens_chronologies(small_demo, tmp_path):
    children_before = set(
        Person.objects.filter(birth_date__gt=AS_OF.replace(year=AS_OF.year - 18)).values_list(
            "pk", flat=True
        )
    )
    people_before = Person.objects.count()
    out = tmp_path / "scas"
    call_command(
        "generate_extract", str(out), events=5000, agency_kind="health",
        for_demo_children=True, seed=5, as_of=AS_OF, stdout=io.StringIO(),
    )  # fmt: skip
    ambulance = Agency.objects.create(
        code="SCAS", name="South Central Ambulance Service", kind=AgencyKind.HEALTH
    )
    result = extract_import_path(agency=ambulance, path=out, today=AS_OF)
    assert result.batch.events_created == 5000
    # Nobody new: every record joined an existing demo child by NHS number.
    assert Person.objects.count() == people_before
    subjects = set(
        Event.objects.filter(agency=ambulance).values_list("subject__person_id", flat=True)
    )
    assert subjects and subjects <= children_before
    child = Person.objects.get(pk=sorted(subjects)[0])
    agencies = set(child.records.values_list("agency__code", flat=True))
    assert "SCAS" in agencies and len(agencies) >= 2
    # The stories are left alone, so that they keep their patterns.
    story_children = Person.objects.filter(
        records__nhs_number__in=[s.child_nhs_number for s in STORIES]
    )
    assert not Event.objects.filter(agency=ambulance, subject__person__in=story_children).exists()
