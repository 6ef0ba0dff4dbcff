from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "fullpicture.people"
    label = "people"
    verbose_name = "People, their records, relationships and addresses"
