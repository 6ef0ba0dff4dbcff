from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "fullpicture.demo"
    label = "demo"
    verbose_name = "Synthetic demonstration population"
