from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "remiss.cases"
    label = "cases"
