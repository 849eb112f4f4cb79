from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "remiss.documents"
    label = "documents"
