"""Meetings of collegial bodies, their decisions and the members' own statements."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    body = models.ForeignKey(
        "organisations.Body",
        verbose_name=_("body"),
        on_delete=models.PROTECT,
        related_name="meetings",
    )
    date = models.DateField(_("date"))
    # Once the minutes are approved (justerade) the meeting's decisions are frozen.
    minutes_approved_at = models.DateTimeField(_("minutes approved"), null=True, blank=True)
    minutes_approved_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-date", "body"]

    def __str__(self) -> str:
        return f"{self.body} {self.date.isoformat()}"

    @property
    def is_approved(self) -> bool:
        return self.minutes_approved_at is not None


class AgendaItem(models.Model):
    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.PROTECT, related_name="items"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="agenda_items"
    )
    number = models.PositiveIntegerField(_("item number"))

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="agenda_unique_number"),
            models.UniqueConstraint(fields=["meeting", "case"], name="agenda_unique_case"),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} § {self.number}"


class Decision(models.Model):
    """A body's decision on an agenda item, e.g. "Borgarrådsberedningen tillstyrker
    föredragande borgarrådets förslag." Corrections after approval are new linked decisions."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    outcome = models.TextField(_("decision"))
    correction_reason = models.TextField(_("reason for the correction"), blank=True)
    corrects = models.OneToOneField(
        "self",
        verbose_name=_("corrects"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="correction",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        "accounts.User", verbose_name=_("recorded by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["item", "id"]

    def __str__(self) -> str:
        return f"{self.item}: {self.outcome[:60]}"


class StatementKind(models.TextChoices):
    SPECIAL_STATEMENT = "special_statement", _("Special statement")
    RESERVATION = "reservation", _("Reservation")
    SUBSTITUTE_STATEMENT = "substitute_statement", _("Substitute's statement")
    MINUTE_NOTE = "minute_note", _("Minute note")


class MemberStatement(models.Model):
    """Members' own statement on a decision: its own text, or a reference to another."""

    decision = models.ForeignKey(
        Decision,
        verbose_name=_("decision"),
        on_delete=models.PROTECT,
        related_name="member_statements",
    )
    position = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=30, choices=StatementKind.choices)
    members = models.ManyToManyField(
        "organisations.Person",
        verbose_name=_("members"),
        through="StatementMember",
        related_name="+",
    )
    text = models.TextField(_("text"), blank=True)
    refers_to = models.ForeignKey(
        "self",
        verbose_name=_("refers to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referred_by",
    )

    class Meta:
        verbose_name = _("member's statement")
        verbose_name_plural = _("members' statements")
        ordering = ["decision", "position"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.decision})"


class StatementMember(models.Model):
    statement = models.ForeignKey(MemberStatement, on_delete=models.CASCADE)
    person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT)
    position = models.PositiveIntegerField()

    class Meta:
        ordering = ["statement", "position"]
        constraints = [
            models.UniqueConstraint(fields=["statement", "person"], name="statement_member_unique")
        ]

    def __str__(self) -> str:
        return str(self.person)
