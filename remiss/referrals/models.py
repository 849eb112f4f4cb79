"""Incoming referrals (remisser) and the proposals of the report they refer."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class IncomingReferral(models.Model):
    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="referral"
    )
    record = models.OneToOneField(
        "cases.Record",
        verbose_name=_("incoming record"),
        on_delete=models.PROTECT,
        related_name="referral",
    )
    issuer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("issuer"),
        on_delete=models.PROTECT,
        related_name="issued_referrals",
    )
    issuer_dnr = models.CharField(_("issuer's case number"), max_length=60, blank=True)
    # The number folded for comparison ("fi2019/03441/sfö"), so a referral is found again
    # whatever its case and spacing; SQLite folds only ASCII itself.
    issuer_dnr_key = models.CharField(max_length=60, blank=True, db_index=True, editable=False)
    report_ref = models.CharField(_("report reference"), max_length=40, blank=True)
    report_title = models.CharField(_("report title"), max_length=500)
    received_date = models.DateField(_("received"))
    deadline = models.DateField(_("deadline"), db_index=True)

    class Meta:
        verbose_name = _("incoming referral")
        verbose_name_plural = _("incoming referrals")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(deadline__gte=models.F("received_date")),
                name="referral_deadline_after_received",
            )
        ]

    def __str__(self) -> str:
        ref = f" ({self.report_ref})" if self.report_ref else ""
        return f"{self.report_title}{ref}"


class Proposal(models.Model):
    """One proposal of the report; replies take a stance on each."""

    referral = models.ForeignKey(
        IncomingReferral,
        verbose_name=_("referral"),
        on_delete=models.CASCADE,
        related_name="proposals",
    )
    position = models.PositiveIntegerField(_("order"))
    number = models.CharField(_("number or section"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["referral", "position"]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"
