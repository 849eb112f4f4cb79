"""The register (diarium): cases, their numbers, records (handlingar) and stored files."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class CaseNumberSequence(models.Model):
    """The last number used in one registry and year; locked while a case is registered."""

    registry = models.ForeignKey("organisations.Registry", on_delete=models.CASCADE)
    year = models.PositiveIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["registry", "year"], name="sequence_unique_year")
        ]

    def __str__(self) -> str:
        return f"{self.registry.prefix} {self.year}: {self.last_number}"


class CaseStatus(models.TextChoices):
    REGISTERED = "registered", _("Registered")
    REFERRED = "referred", _("Referred for statements")
    DRAFTING = "drafting", _("Drafting")
    PREPARED = "prepared", _("Prepared")
    DECIDED = "decided", _("Decided")
    REPLIED = "replied", _("Replied")
    CLOSED = "closed", _("Closed")


OPEN_STATUSES = [s for s in CaseStatus.values if s != CaseStatus.CLOSED]
# The same as a filter written as the partial index case_open_by_registry's condition.
OPEN_CASES = ~Q(status=CaseStatus.CLOSED)
# Until the reply is sent, the deadline matters (days left, overdue).
AWAITING_REPLY_STATUSES = [s for s in OPEN_STATUSES if s != CaseStatus.REPLIED]


class Case(models.Model):
    registry = models.ForeignKey(
        "organisations.Registry",
        verbose_name=_("registry"),
        on_delete=models.PROTECT,
        related_name="cases",
    )
    year = models.PositiveIntegerField(_("year"))
    serial = models.PositiveIntegerField(_("serial number"))
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(
        _("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.REGISTERED
    )
    registered_at = models.DateTimeField(_("registered"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_unit = models.ForeignKey(
        "organisations.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("case officer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
    )
    # True when the case officer took the case themselves (permissions.can_take_case) rather
    # than being assigned it: such an officer is not cleared for the case's secret records.
    officer_took_case = models.BooleanField(_("the case officer took the case"), default=False)
    presenter = models.ForeignKey(
        "organisations.Person",
        verbose_name=_("presenter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="presented_cases",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The day the case must be answered by: for a referral its deadline (remisstid), kept in
    # step by the referral services so the register can sort and filter on it with an index.
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-serial"]
        constraints = [
            models.UniqueConstraint(
                fields=["registry", "year", "serial"], name="case_unique_number"
            )
        ]
        indexes = [
            models.Index(fields=["-year", "-serial"]),
            models.Index(fields=["status", "deadline"]),
            models.Index(fields=["deadline"]),
            models.Index(fields=["title"]),
            models.Index(fields=["registered_at"]),
            # The open cases of a registry by deadline: the start page's lists and counts. A
            # case ends closed, so with 100,000 cases the open ones are a few thousand; the
            # queries say "status is not closed" (OPEN_CASES) so that the planner uses it.
            models.Index(
                fields=["registry", "deadline"],
                condition=~models.Q(status="closed"),
                name="case_open_by_registry",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(
            "cases:detail",
            kwargs={"prefix": self.registry.prefix, "year": self.year, "serial": self.serial},
        )

    @property
    def number(self) -> str:
        return f"{self.registry.prefix} {self.year}/{self.serial}"

    @property
    def awaits_reply(self) -> bool:
        return self.status in AWAITING_REPLY_STATUSES

    @property
    def organisation_id(self) -> int:
        return self.registry.organisation_id


class Direction(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    INTERNAL = "internal", _("Internal")


class Record(models.Model):
    """A registered document (handling). The OSL 5 kap. minimum fields are never blank:
    registration date, case number, sender or recipient, and a short subject."""

    # Set per user by permissions.with_content_flag: may this user read the content?
    content_visible: bool

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="records"
    )
    serial = models.PositiveIntegerField(_("record number"))
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    registered_at = models.DateTimeField(_("registered"))
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document_date = models.DateField(_("received or sent"))
    counterpart = models.CharField(_("sender or recipient"), max_length=300)
    subject = models.CharField(_("subject"), max_length=500)
    # Secrecy marking (sekretessmarkering): provision, when and by whom.
    secrecy_provision = models.CharField(_("secrecy provision"), max_length=100, blank=True)
    secrecy_marked_at = models.DateTimeField(_("secrecy marked"), null=True, blank=True)
    secrecy_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("secrecy marked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # What the public register shows instead of the subject while the record is secret.
    public_subject = models.CharField(_("public subject"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("record")
        verbose_name_plural = _("records")
        ordering = ["case", "serial"]
        constraints = [
            models.UniqueConstraint(fields=["case", "serial"], name="record_unique_serial"),
            models.CheckConstraint(
                condition=~models.Q(subject="") & ~models.Q(counterpart=""),
                name="record_minimum_fields",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number}-{self.serial} {self.subject}"

    @property
    def is_secret(self) -> bool:
        return bool(self.secrecy_provision)


class StoredFile(models.Model):
    """File content, stored once by its SHA-256 (see remiss.cases.files)."""

    sha256 = models.CharField(max_length=64, unique=True)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=120)
    pages = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.sha256


class RecordFile(models.Model):
    record = models.ForeignKey(
        Record, verbose_name=_("record"), on_delete=models.PROTECT, related_name="files"
    )
    stored = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="uses")
    original_name = models.CharField(_("file name"), max_length=255)
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("file")
        verbose_name_plural = _("files")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class ArchivePackage(models.Model):
    """A closed case exported for the archive as a submission information package (E-ARK SIP,
    FGS Paket 2.0; remiss.cases.archive): the tar file is kept in the file store."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="archive_packages"
    )
    package_id = models.CharField(_("package"), max_length=160, unique=True)
    stored = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("archive package")
        verbose_name_plural = _("archive packages")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.package_id

    @property
    def file_name(self) -> str:
        return f"{self.package_id}.tar"


class PublicationKind(models.TextChoices):
    REPLY = "reply", _("Our reply")
    RECEIVED = "received", _("Reply received")
    COMPILATION = "compilation", _("Compilation of the replies")


class Publication(models.Model):
    """A document published on the public register's pages (issue 17: published replies): the
    organisation's own decided reply, a reply it received, or its compilation of the replies.
    What is published is a copy made at publication, with identity numbers and private e-mail
    addresses masked (remiss.writing.masking); withdrawing takes it off the pages and the feed
    but keeps the row, for the audit trail."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.PROTECT, related_name="publications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PublicationKind.choices)
    # For a reply received: which one (its record is the registered reply).
    reply = models.ForeignKey(
        "consultations.Reply", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("title"), max_length=500)
    masked = models.PositiveIntegerField(_("masked"), default=0)
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawal_reason = models.CharField(_("reason for withdrawal"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["case", "kind"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class PublishedFile(models.Model):
    publication = models.ForeignKey(Publication, on_delete=models.PROTECT, related_name="files")
    stored = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(_("file name"), max_length=255)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["publication", "position"]

    def __str__(self) -> str:
        return self.file_name
