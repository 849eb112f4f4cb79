from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "remiss.referrals"
    label = "referrals"
