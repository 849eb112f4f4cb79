from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "remiss.organisations"
    label = "organisations"
