"""The event types of the extract format are data: `fixtures/event_types.json`."""

import json
from pathlib import Path

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "event_types.json"


def event_types_load(event_type_model) -> int:
    """Create or update every event type from the fixture. Takes the model so that a
    migration can pass its historical model. Returns how many types there are."""
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    for row in rows:
        event_type_model.objects.update_or_create(code=row["pk"], defaults=row["fields"])
    return len(rows)
