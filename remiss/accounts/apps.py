from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "remiss.accounts"
    label = "accounts"
