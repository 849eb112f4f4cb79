from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "remiss.meetings"
    label = "meetings"
