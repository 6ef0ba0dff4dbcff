"""The event types are data, and they must be exactly those of the extract format v1."""

import re
from pathlib import Path

import pytest

from fullpicture.chronology.models import EventType

FORMAT_DOC = Path(__file__).resolve().parents[2] / "shared" / "domain" / "agency-extract-v1.md"
CIN_FACTOR = re.compile(r"^(\d{1,2}[A-F]|20|21)$")


def _types_in_format_doc() -> set[str]:
    text = FORMAT_DOC.read_text(encoding="utf-8")
    section = text.split("## Event types (v1)", 1)[1].split("\n## ", 1)[0]
    domains_part, common_part = section.split("in every domain", 1)
    codes: set[str] = set()
    domains = []
    for block in re.split(r"\n\s*\n", domains_part.strip()):
        match = re.match(r"^([a-z_]+)(?: \([^)]*\))?:", block.strip())
        if match:
            domains.append(match.group(1))
            codes |= {f"{match.group(1)}.{t}" for t in re.findall(r"`([a-z0-9_]+)`", block)}
    common = re.findall(r"`([a-z0-9_]+)`", common_part.split(":", 1)[1])
    codes |= {f"{d}.{t}" for d in domains for t in common}
    return codes


@pytest.mark.django_db
def test_event_types_are_exactly_those_of_the_format():
    expected = _types_in_format_doc()
    assert len(expected) > 100
    assert set(EventType.objects.values_list("code", flat=True)) == expected


@pytest.mark.django_db
def test_every_event_type_has_a_plain_english_label_and_valid_cin_factors():
    for event_type in EventType.objects.all():
        assert event_type.label and event_type.label[0].isupper(), event_type.code
        assert "_" not in event_type.label, event_type.code
        factors = [f for f in event_type.cin_factors.split(",") if f]
        assert all(CIN_FACTOR.match(f) for f in factors), (event_type.code, factors)


@pytest.mark.django_db
def test_injuries_map_to_physical_abuse_and_domestic_abuse_to_domestic_violence():
    assert "18A" in EventType.objects.get(code="health.injury").cin_factors
    assert "3A" in EventType.objects.get(code="police.domestic_abuse_incident").cin_factors
