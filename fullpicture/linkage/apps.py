from django.apps import AppConfig


class LinkageConfig(AppConfig):
    name = "fullpicture.linkage"
    label = "linkage"
    verbose_name = "Record linkage: candidate pairs, link decisions and the model"
