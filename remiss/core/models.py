"""The append-only audit trail shared by every app."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


class AuditEntry(models.Model):
    """One change to a case, record, referral or proposal. Never updated or deleted:
    the database refuses UPDATE and DELETE on this table (triggers in the migration)."""

    at = models.DateTimeField(_("time"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_label = models.CharField(_("by (name)"), max_length=200)
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    object_label = models.CharField(_("object"), max_length=300)
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="audit_entries",
    )
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    # The chain the entry is in (remiss.core.chain): its organisation's id, so that
    # organisations append without waiting for each other; 0 is the installation's own chain
    # (entries outside every organisation, and all entries written before chains were split).
    chain = models.IntegerField(default=0, editable=False)
    # Each entry carries the SHA-256 of the previous one in its chain.
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def changed_fields(self) -> list[str]:
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


class AuditChainHead(models.Model):
    """A chain's newest entry and its hash, locked while an entry is appended to that chain:
    each chain stays linear, and one organisation's writes do not wait for another's."""

    chain = models.IntegerField(default=0, unique=True)
    last_id = models.BigIntegerField(default=0)
    last_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.chain}: {self.last_id} {self.last_hash}"


class TaskLease(models.Model):
    """A running background task's lease: its worker renews it while the task runs. A lease
    that runs out means the worker died; the task is then put back in the queue (see
    remiss.core.worker)."""

    task_id = models.CharField(max_length=64, unique=True)
    worker_id = models.CharField(max_length=64)
    expires_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.task_id} ({self.worker_id}) until {self.expires_at:%H:%M:%S}"


class WorkerHeartbeat(models.Model):
    """A task worker's last sign of life, written while it runs, idle or busy: `/ready` says the
    service is not ready when no worker has been seen lately (remiss.core.health)."""

    worker_id = models.CharField(max_length=64, unique=True)
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} at {self.seen_at:%H:%M:%S}"


class TaskOrigin(models.Model):
    """The request that enqueued a background task: the worker writes its id on the task's log
    lines, so that a request can be followed into its tasks (remiss.core.logging). Removed when
    the task has run."""

    task_id = models.CharField(max_length=64, unique=True)
    request_id = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"{self.task_id} from {self.request_id}"
