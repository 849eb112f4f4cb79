"""Organisations and their parts: units, registries, people, parties, bodies and members."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    REGION = "region", _("Region")
    AGENCY = "agency", _("Agency")
    MINISTRY = "ministry", _("Ministry")
    ORGANISATION = "organisation", _("Organisation")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganisationKind.choices)
    org_number = models.CharField(_("organisation number"), max_length=20, blank=True)
    email = models.EmailField(_("functional mailbox"), blank=True)
    uses_remiss = models.BooleanField(_("uses Remiss"), default=False)
    # Ministries prefix their case numbers ("Fi" in "Fi2019/03090").
    case_prefix = models.CharField(_("case number prefix"), max_length=10, blank=True)
    # Some organisations let a case officer take an unassigned case of their unit themselves;
    # taking a case never opens its secret records (docs/permissions.md).
    case_officers_may_take_cases = models.BooleanField(
        _("case officers may take unassigned cases"), default=False
    )
    # The register of bodies is shared: an official's new body is a proposal that an
    # administrator approves before a referral is sent to it (docs/permissions.md).
    approved = models.BooleanField(_("approved in the register"), default=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    ADMINISTRATION = "forvaltning", _("Administration (förvaltning)")
    OFFICE = "kontor", _("Office (kontor)")
    BOARD = "namnd", _("Board (nämnd)")
    COMMISSIONER = "rotel", _("Commissioner's department (rotel)")
    COMPANY = "bolag", _("Company (bolag)")
    DEPARTMENT = "enhet", _("Department (enhet)")


class Unit(models.Model):
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)
    # How the name is written inside a sentence: "remitterats till stadsledningskontoret".
    name_in_text = models.CharField(
        _("name in running text"),
        max_length=200,
        blank=True,
        help_text=_("E.g. “stadsledningskontoret”. Leave empty to use the name as it is."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices)
    email = models.EmailField(_("functional mailbox"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_text(self) -> str:
        return self.name_in_text or self.name


class Registry(models.Model):
    """A case register (diarium) with its prefix, e.g. "KS" for the executive board."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="registries",
    )
    prefix = models.CharField(_("prefix"), max_length=12)
    name = models.CharField(_("name"), max_length=200)

    class Meta:
        verbose_name = _("registry")
        verbose_name_plural = _("registries")
        ordering = ["prefix"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "prefix"], name="registry_unique_prefix"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix} – {self.name}"


class Party(models.Model):
    abbreviation = models.CharField(_("abbreviation"), max_length=10, unique=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["abbreviation"]

    def __str__(self) -> str:
        return f"{self.name} ({self.abbreviation})"


class Person(models.Model):
    """A named person: an official, a commissioner, an elected member."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="people",
    )
    name = models.CharField(_("name"), max_length=200)
    title = models.CharField(_("title"), max_length=200, blank=True)
    party = models.ForeignKey(
        Party, verbose_name=_("party"), null=True, blank=True, on_delete=models.PROTECT
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), null=True, blank=True, on_delete=models.SET_NULL
    )
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="person_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party.abbreviation})" if self.party else self.name


class BodyKind(models.TextChoices):
    PREPARATORY = "preparatory", _("Preparatory body")
    DECIDING = "deciding", _("Deciding body")


class Body(models.Model):
    """A collegial body, e.g. Borgarrådsberedningen (preparatory) or Kommunstyrelsen (deciding)."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="bodies",
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=BodyKind.choices)

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="body_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class MemberRole(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary member")
    SUBSTITUTE = "substitute", _("Substitute")


class BodyMember(models.Model):
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.CASCADE, related_name="members"
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=MemberRole.choices)
    is_chair = models.BooleanField(_("chair"), default=False)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["body", "role", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["body", "person"], name="member_unique_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"
