"""Event types are data: load (and on later versions, update) them from the fixture."""

import json
from pathlib import Path

from django.db import migrations

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "event_types.json"


def load_event_types(apps, schema_editor):
    EventType = apps.get_model("chronology", "EventType")
    for row in json.loads(FIXTURE.read_text(encoding="utf-8")):
        EventType.objects.update_or_create(code=row["pk"], defaults=row["fields"])


class Migration(migrations.Migration):
    dependencies = [("chronology", "0002_initial")]
    operations = [migrations.RunPython(load_event_types, migrations.RunPython.noop)]
