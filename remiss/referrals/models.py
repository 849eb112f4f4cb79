"""Incoming referrals (remisser) and the proposals of the report they refer."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from remiss.reading.schema import Stance as ReadStance


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
    # Where the referral asks the reply to be sent (SB PM 2021:1: the ministry's functional
    # mailbox, often a copy to the official), one address per line.
    reply_addresses = models.TextField(_("addresses for the reply"), blank=True)

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

    @property
    def reply_address_list(self) -> list[str]:
        return [line.strip() for line in self.reply_addresses.splitlines() if line.strip()]


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


class InternalReferralStatus(models.TextChoices):
    SENT = "sent", _("Sent")
    ANSWERED = "answered", _("Answered")
    DECLINED = "declined", _("Declined")


class InternalReferral(models.Model):
    """The case referred to one of the organisation's own units for a statement (remittering)."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="internal_referrals",
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="internal_referrals",
    )
    due_date = models.DateField(_("due date"))
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=InternalReferralStatus.choices,
        default=InternalReferralStatus.SENT,
    )
    sent_at = models.DateTimeField(_("sent"))
    sent_by = models.ForeignKey(
        "accounts.User", verbose_name=_("sent by"), on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    decline_reason = models.TextField(_("reason for declining"), blank=True)

    class Meta:
        verbose_name = _("internal referral")
        verbose_name_plural = _("internal referrals")
        ordering = ["case", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "unit"], name="internal_referral_unique_unit")
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.unit}"


class Statement(models.Model):
    """A unit's written statement (tjänsteutlåtande) answering an internal referral."""

    internal_referral = models.OneToOneField(
        InternalReferral,
        verbose_name=_("internal referral"),
        on_delete=models.PROTECT,
        related_name="statement",
    )
    date = models.DateField(_("dated"))
    summary = models.TextField(
        _("summary"), blank=True, help_text=_("One or two sentences for the memo's preparation.")
    )
    text = models.TextField(_("text"))
    record = models.OneToOneField(
        "cases.Record",
        verbose_name=_("record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="statement",
    )
    written_by = models.ForeignKey(
        "accounts.User", verbose_name=_("written by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return f"{self.internal_referral.unit} {self.date}"


class Stance(models.TextChoices):
    """The reader's stances (remiss.reading.schema.Stance) with their labels on the pages."""

    SUPPORTS = ReadStance.SUPPORTS.value, _("Supports")
    OPPOSES = ReadStance.OPPOSES.value, _("Opposes")
    NO_OBJECTION = ReadStance.NO_OBJECTION.value, _("No objection")
    ABSTAINS = ReadStance.ABSTAINS.value, _("Abstains")
    MIXED = ReadStance.MIXED.value, _("Mixed")
    UNCLEAR = ReadStance.UNCLEAR.value, _("Unclear")


class Memo(models.Model):
    """The presenter's memo (PM) of a case; its text lives in numbered versions."""

    case = models.OneToOneField(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="memo"
    )
    unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The commissioner's department whose memo it is, e.g. Rotel I."),
    )
    preparatory_body = models.ForeignKey(
        "organisations.Body",
        verbose_name=_("preparatory body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    deciding_body = models.ForeignKey(
        "organisations.Body",
        verbose_name=_("deciding body"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    ready_at = models.DateTimeField(_("marked ready"), null=True, blank=True)
    ready_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("marked ready by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("memo")
        verbose_name_plural = _("memos")

    def __str__(self) -> str:
        return f"PM {self.unit} ({self.case.number})"

    @property
    def current(self) -> MemoVersion | None:
        return self.versions.order_by("-number").first()


class MemoVersion(models.Model):
    """One saved draft of the memo; earlier versions are kept and can be compared."""

    memo = models.ForeignKey(
        Memo, verbose_name=_("memo"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    matter = models.TextField(_("The matter (Ärendet)"))
    preparation = models.TextField(_("Preparation (Beredning)"))
    views = models.TextField(_("My views (Mina synpunkter)"))
    decision_text = models.TextField(_("Proposed decision"))
    compilation_matter = models.TextField(
        _("The matter in the compilation"),
        blank=True,
        help_text=_("Leave empty to repeat the memo's own text."),
    )
    presenter_title = models.CharField(_("presenter's title"), max_length=60)
    place = models.CharField(_("place"), max_length=60)
    date = models.DateField(_("date"))
    signatory = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("signatory"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    attachments = models.TextField(_("attachments"), blank=True, help_text=_("One per line."))
    created_at = models.DateTimeField(_("saved"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("saved by"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("memo version")
        verbose_name_plural = _("memo versions")
        ordering = ["memo", "number"]
        constraints = [
            models.UniqueConstraint(fields=["memo", "number"], name="memo_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.memo} v{self.number}"


class ProposalStance(models.Model):
    """The respondent's stance on one proposal of the report, as the memo records it."""

    version = models.ForeignKey(
        MemoVersion,
        verbose_name=_("memo version"),
        on_delete=models.CASCADE,
        related_name="stances",
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("proposal"), on_delete=models.PROTECT, related_name="+"
    )
    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("stance on a proposal")
        verbose_name_plural = _("stances on proposals")
        constraints = [
            models.UniqueConstraint(fields=["version", "proposal"], name="stance_unique_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.proposal}: {self.get_stance_display()}"


class Report(models.Model):
    """A published report (SOU, Ds, a bill) in the catalogue the reader is told of: a reply or
    referral that names its report only by title is matched against these (docs/reading.md).
    Loaded with `remiss reports import FILE`."""

    ref = models.CharField(_("reference"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    ministry = models.CharField(_("ministry"), max_length=200, blank=True)

    class Meta:
        ordering = ["ref"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return f"{self.ref} {self.title}"
