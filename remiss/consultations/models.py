"""The issuer's side: a referral sent out for comment, its recipients, the replies that come
back, and the stance each reply takes on each proposal."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from remiss.referrals.models import Stance


class OutgoingReferral(models.Model):
    """The issuer's own case, registered in its registry like any case, plus the report."""

    case = models.OneToOneField(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="outgoing_referral",
    )
    report_ref = models.CharField(_("report reference"), max_length=40, blank=True)
    report_title = models.CharField(_("report title"), max_length=500)
    deadline = models.DateField(_("deadline"), db_index=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("reminder, days before the deadline"), default=7
    )
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("outgoing referral")
        verbose_name_plural = _("outgoing referrals")

    def __str__(self) -> str:
        return f"{self.report_title} ({self.report_ref})" if self.report_ref else self.report_title


class OutgoingProposal(models.Model):
    referral = models.ForeignKey(
        OutgoingReferral, on_delete=models.CASCADE, related_name="proposals"
    )
    position = models.PositiveIntegerField(_("order"))
    number = models.CharField(_("number or section"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(_("text"), blank=True)

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["referral", "position"]
        constraints = [
            models.UniqueConstraint(fields=["referral", "number"], name="one_number_per_referral")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Channel(models.TextChoices):
    REMISS = "remiss", _("In Remiss")
    EMAIL = "email", _("By e-mail")


class Recipient(models.Model):
    """A body asked to reply (remissinstans)."""

    referral = models.ForeignKey(
        OutgoingReferral, on_delete=models.CASCADE, related_name="recipients"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    listed_as = models.CharField(_("as listed"), max_length=300, blank=True)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    # Waiting for the task worker to e-mail it (remiss.consultations.sending).
    queued_at = models.DateTimeField(_("queued for e-mail"), null=True, blank=True)
    send_error = models.CharField(_("could not be sent"), max_length=500, blank=True)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True)
    # The referral as registered in the recipient's own register, when it uses Remiss.
    incoming_referral = models.OneToOneField(
        "referrals.IncomingReferral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sent_from",
    )

    class Meta:
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        ordering = ["referral", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["referral", "organisation"], name="one_recipient_per_body"
            )
        ]

    def __str__(self) -> str:
        return self.organisation.name


class ReplyLink(models.Model):
    """A personal reply link: only the SHA-256 of its token is kept, so the token is in the
    recipient's e-mail and nowhere else."""

    recipient = models.ForeignKey(Recipient, on_delete=models.CASCADE, related_name="links")
    token_sha256 = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.recipient} until {self.expires_at:%Y-%m-%d}"


class ReplySource(models.TextChoices):
    REMISS = "remiss", _("Structured, from Remiss")
    LINK = "link", _("Through the reply link")
    UPLOAD = "upload", _("Uploaded by the official")
    EMAIL = "email", _("By e-mail to the mailbox")


class RejectionReason(models.TextChoices):
    SPAM = "spam", _("Not a reply (spam or unrelated)")
    WRONG_BODY = "wrong_body", _("Sent by or for another body")
    DUPLICATE = "duplicate", _("A copy of a reply already received")
    OTHER = "other", _("Another reason")


class Reply(models.Model):
    referral = models.ForeignKey(OutgoingReferral, on_delete=models.PROTECT, related_name="replies")
    recipient = models.ForeignKey(
        Recipient, null=True, blank=True, on_delete=models.PROTECT, related_name="replies"
    )
    # The body that replied: the recipient's, or another one for an unsolicited reply.
    organisation = models.ForeignKey(
        "organisations.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("came"), max_length=10, choices=ReplySource.choices)
    received_at = models.DateTimeField(_("received"))
    record = models.OneToOneField(
        "cases.Record", on_delete=models.PROTECT, related_name="consultation_reply"
    )
    overall_stance = models.CharField(
        _("overall stance"), max_length=20, choices=Stance.choices, blank=True
    )
    counted = models.BooleanField(_("counted in the compilation"), default=True)
    # A rejected reply (spam, another body's, sent twice) stays in the register, marked, and
    # leaves the compilation; who rejected it, when and why.
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    rejection_reason = models.CharField(
        _("reason for rejection"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    rejection_note = models.CharField(_("note on the rejection"), max_length=500, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        ordering = ["referral", "received_at", "id"]

    def __str__(self) -> str:
        return f"{self.organisation or self.record.counterpart} ({self.received_at:%Y-%m-%d})"

    @property
    def unsolicited(self) -> bool:
        return self.confirmed_at is not None and self.recipient_id is None


class ReplyStance(models.Model):
    """A reply's stance on one proposal: from Remiss (structured), or confirmed by the official
    beside what the reader suggested."""

    reply = models.ForeignKey(Reply, on_delete=models.CASCADE, related_name="stances")
    proposal = models.ForeignKey(OutgoingProposal, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(_("stance"), max_length=20, choices=Stance.choices)
    evidence = models.TextField(_("quote"), blank=True)
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    suggested = models.CharField(_("the reader's suggestion"), max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reply", "proposal"], name="one_stance_per_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.reply}: {self.proposal.number} {self.stance}"


class LinkPost(models.Model):
    """A post to a reply-link page, by the address it came from — kept as a keyed hash, not the
    address, and for an hour only: the limit on posts per address across every link
    (REMISS_LINK_POSTS_PER_ADDRESS, remiss.consultations.replies.link_address_check)."""

    address = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.address[:8]}… {self.at:%H:%M:%S}"


class ExportStatus(models.TextChoices):
    PENDING = "pending", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Could not be made")


class CompilationExport(models.Model):
    """A compilation written as a Word or PDF file in the background (a big referral's takes
    seconds): made as the person who asked sees the replies, and only they may fetch it."""

    referral = models.ForeignKey(OutgoingReferral, on_delete=models.CASCADE, related_name="+")
    fmt = models.CharField(max_length=8)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(
        max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING
    )
    finished_at = models.DateTimeField(null=True, blank=True)
    stored = models.ForeignKey(
        "cases.StoredFile", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    file_name = models.CharField(max_length=255)

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"


class MailStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a person")
    MATCHED = "matched", _("Registered as a reply")
    DISCARDED = "discarded", _("Not a reply")
    BOUNCE = "bounce", _("Delivery failure")
    REFERRAL = "referral", _("Registered as a referral")


class IncomingMail(models.Model):
    """A message that came to the organisation's mailbox (remiss mail fetch, or an .eml/.msg
    uploaded): registered as a reply when the referral it answers is known, otherwise waiting
    in the queue for a person (remiss.consultations.mail)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="+"
    )
    stored = models.ForeignKey("cases.StoredFile", on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    message_id = models.CharField(_("Message-ID"), max_length=300, blank=True)
    sender = models.CharField(_("from"), max_length=300, blank=True)
    sender_address = models.CharField(_("sender's address"), max_length=300, blank=True)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    received_at = models.DateTimeField(_("received"), db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MailStatus.choices, default=MailStatus.WAITING
    )
    # Why it waits: what the intake could not decide (shown to the person).
    problem = models.CharField(_("why it waits"), max_length=300, blank=True)
    # What the person sees of it, as read at intake (the message itself is parsed in a sandbox
    # once, not on every view): the beginning of its text and its attachments' names.
    text_preview = models.TextField(_("text"), blank=True)
    attachment_names = models.JSONField(_("attachments"), default=list, blank=True)
    reply = models.OneToOneField(
        Reply, null=True, blank=True, on_delete=models.PROTECT, related_name="mail"
    )
    # A referral e-mailed by another Remiss installation, registered from its notice.
    incoming_referral = models.OneToOneField(
        "referrals.IncomingReferral",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="mail",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("incoming e-mail")
        verbose_name_plural = _("incoming e-mails")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "stored"], name="one_mail_per_content"),
        ]
        indexes = [models.Index(fields=["organisation", "status"])]

    def __str__(self) -> str:
        return f"{self.sender} – {self.subject}"


class ReplyFeedback(models.Model):
    """How a reply was read, shown to the body that sent it once the compilation is published
    (issue 15 §6): a personal link (only its hash kept), open for a period in which the body can
    say that it was read wrongly; the flag reaches the official (remiss.consultations.feedback)."""

    reply = models.OneToOneField(Reply, on_delete=models.CASCADE, related_name="feedback")
    token_sha256 = models.CharField(max_length=64, unique=True)
    sent_to = models.CharField(_("sent to"), max_length=300)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    send_error = models.CharField(_("could not be sent"), max_length=300, blank=True)
    open_until = models.DateField(_("open until"))
    flagged_at = models.DateTimeField(_("misreading reported"), null=True, blank=True)
    flag = models.TextField(_("what was read wrongly"), blank=True)

    class Meta:
        verbose_name = _("feedback to the respondent")
        verbose_name_plural = _("feedback to the respondents")

    def __str__(self) -> str:
        return f"{self.reply} ({self.sent_to})"
