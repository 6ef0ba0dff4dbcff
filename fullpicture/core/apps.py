from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "fullpicture.core"
    label = "core"
    verbose_name = "Agencies, users and audit"
