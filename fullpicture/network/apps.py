from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "fullpicture.network"
    label = "network"
    verbose_name = "The people around the child"
    default_auto_field = "django.db.models.BigAutoField"
