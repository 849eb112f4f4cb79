from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "remiss.demo"
    label = "demo"
