"""Machine readings of stored files, kept beside what a person confirmed."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReadingStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be read")
    DONE = "done", _("Read")
    FAILED = "failed", _("Could not be read")


class FileReading(models.Model):
    """The reader's suggestion for one file of a record (remiss.reading.schema, docs/reading.md)."""

    record_file = models.OneToOneField(
        "cases.RecordFile",
        verbose_name=_("file"),
        on_delete=models.PROTECT,
        related_name="reading",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReadingStatus.choices, default=ReadingStatus.PENDING
    )
    # None: asked for by the system (a reply that came through a reply link).
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    # Who brought the file ("recipient:7", "user:3", "case:12"): readings are queued fairly
    # between sources (remiss.documents.readings.fair_priority).
    source = models.CharField(max_length=40, blank=True, db_index=True)
    finished_at = models.DateTimeField(_("read"), null=True, blank=True)
    suggestion = models.JSONField(_("the reader's suggestion"), null=True, blank=True)
    # The text's MinHash fingerprint (remiss.reading.campaigns): near-copies among the replies.
    fingerprint = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("reading")
        verbose_name_plural = _("readings")

    def __str__(self) -> str:
        return f"{self.record_file} ({self.get_status_display()})"

    def confirmed(self) -> dict[str, ConfirmedField]:
        """The newest confirmation of each field."""
        # Sorted in latest_confirmations, not in the query, so that prefetched ones are used.
        return latest_confirmations(self.confirmations.all())

    def as_confirmed(self) -> dict[str, Any]:
        """The reading as a person left it (with_confirmations)."""
        return with_confirmations(self.suggestion, self.confirmed())


def latest_confirmations(items: Iterable[ConfirmedField]) -> dict[str, ConfirmedField]:
    """The newest of the given confirmations of each field."""
    latest: dict[str, ConfirmedField] = {}
    for item in sorted(items, key=lambda c: (c.confirmed_at, c.id)):
        latest[item.field] = item
    return latest


def with_confirmations(
    suggestion: dict[str, Any] | None, confirmed: Mapping[str, ConfirmedField]
) -> dict[str, Any]:
    """The reader's suggestion with each confirmed or corrected field over it. A corrected
    stance loses the quote that showed the other one. A function of plain values, so that a
    compilation of a thousand replies applies it without loading a model per reading."""
    values = dict(suggestion or {})
    for field, item in confirmed.items():
        if not field.startswith("proposal:"):
            values[field] = item.value
    stances = []
    for stance in values.get("proposal_stances") or []:
        correction = confirmed.get(f"proposal:{stance.get('proposal')}")
        if correction is not None and correction.value != stance.get("stance"):
            stance = {**stance, "stance": correction.value or "unclear", "evidence": "",
                      "page": None}  # fmt: skip
        stances.append(stance)
    values["proposal_stances"] = stances
    return values


class ConfirmedField(models.Model):
    """A person's confirmed or corrected value of one field; earlier ones are kept."""

    reading = models.ForeignKey(FileReading, on_delete=models.CASCADE, related_name="confirmations")
    field = models.CharField(_("field"), max_length=40)
    value = models.JSONField(_("value"), null=True, blank=True)
    matches_suggestion = models.BooleanField(_("as suggested"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(_("confirmed"), auto_now_add=True)

    class Meta:
        verbose_name = _("confirmed field")
        verbose_name_plural = _("confirmed fields")
        ordering = ["reading", "field", "confirmed_at"]

    def __str__(self) -> str:
        return f"{self.field} = {self.value!r}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    REMISS = "remiss", _("Through Remiss")
    OTHER = "other", _("Sent in another way")


class ReplyDelivery(models.Model):
    """The decided reply on its way to the issuer: the outgoing record that holds its files
    (and, once sent by e-mail, the message as sent), the checks it passed, where it went."""

    record = models.OneToOneField(
        "cases.Record", verbose_name=_("outgoing record"), on_delete=models.PROTECT,
        related_name="delivery",
    )  # fmt: skip
    channel = models.CharField(_("channel"), max_length=10, choices=DeliveryChannel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED
    )
    addresses = models.TextField(_("sent to"), blank=True)  # one per line
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("reason"), max_length=500, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # The send-check as it stood when the reply was sent, and why its warnings were overridden.
    checks = models.JSONField(_("checks"), default=list)
    override_reason = models.TextField(_("reason for sending despite warnings"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery of the reply")
        verbose_name_plural = _("deliveries of replies")

    def __str__(self) -> str:
        return f"{self.record} – {self.get_status_display()}"

    @property
    def address_list(self) -> list[str]:
        return [line for line in self.addresses.splitlines() if line]
