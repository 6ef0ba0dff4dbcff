from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "fullpicture.checks"
    label = "checks"
    verbose_name = "Learning checks"
    default_auto_field = "django.db.models.BigAutoField"
