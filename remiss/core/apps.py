from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "remiss.core"
    label = "core"
