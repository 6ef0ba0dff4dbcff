"""Event types are data: load (and on later versions, update) them from the fixture."""

from django.db import migrations

from fullpicture.chronology.event_types import event_types_load


def load_event_types(apps, schema_editor):
    event_types_load(apps.get_model("chronology", "EventType"))


class Migration(migrations.Migration):
    dependencies = [("chronology", "0002_initial")]
    operations = [migrations.RunPython(load_event_types, migrations.RunPython.noop)]
