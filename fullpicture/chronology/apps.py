from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "fullpicture.chronology"
    label = "chronology"
    verbose_name = "Multi-agency chronology"
