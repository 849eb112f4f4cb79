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
