from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "remiss.consultations"
    label = "consultations"
    verbose_name = _("Outgoing referrals")
