"""Users and their roles."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    REGISTRAR = "registrar", _("Registrar")
    CASE_OFFICER = "case_officer", _("Case officer")
    OFFICE_RESPONDENT = "office_respondent", _("Office respondent")
    POLITICIAN = "politician", _("Politician / signatory")
    ISSUER_OFFICIAL = "issuer_official", _("Issuer's official")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    """A person who logs in. Belongs to one organisation (and possibly one unit)."""

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.CASE_OFFICER
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
    )
    # The unit's manager (chef) assigns its cases, as registrars do.
    manages_unit = models.BooleanField(_("manages the unit"), default=False)
    person = models.OneToOneField(
        "organisations.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="user",
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def organisation_key(self) -> int:
        """The organisation's id for lookups; 0, which no row has, for a user outside every
        organisation (an administrator): such a user's lists are empty."""
        return self.organisation_id or 0


class CalendarFeed(models.Model):
    """A person's calendar subscription (an iCalendar address Outlook or a phone fetches without
    logging in): the address's secret is the key, and only its SHA-256 is kept. A new address
    replaces the old one; removing it ends the subscription."""

    user = models.OneToOneField(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar subscription")
        verbose_name_plural = _("calendar subscriptions")

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%Y-%m-%d})"
