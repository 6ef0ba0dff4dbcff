from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "fullpicture.ingest"
    label = "ingest"
    verbose_name = "Agency extract imports"
