"""The index follows every save and delete of what it holds, in the same transaction (a file's
text by a task once the file is committed). Bulk updates that bypass signals must call
remiss.search.index themselves (docs/search.md)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks.base import TASK_MIN_PRIORITY

from remiss.cases.models import RecordFile
from remiss.consultations.models import OutgoingProposal, OutgoingReferral, Reply, ReplyStance
from remiss.meetings.models import MemberStatement
from remiss.referrals.models import (
    IncomingReferral,
    Proposal,
    ProposalStance,
)
from remiss.search import index
from remiss.search.models import EntryKind, SearchEntry

# A file's text for search waits behind the readings people wait for (theirs go down to the
# lowest only for a source with a hundred files waiting).
TEXT_PRIORITY = TASK_MIN_PRIORITY

# A change to one of these is a change to the entry of the thing it belongs to.
_OWNER: dict[type[Model], Callable[[Any], Model]] = {
    IncomingReferral: lambda o: o.case,
    OutgoingReferral: lambda o: o.case,
    Proposal: lambda o: o.referral.case,
    OutgoingProposal: lambda o: o.referral.case,
    ProposalStance: lambda o: o.version,
    ReplyStance: lambda o: o.reply,
}


def _saved(sender: type[Model], instance: Model, raw: bool = False, **_: Any) -> None:
    if raw:  # loading a fixture or a restore: `remiss search rebuild` indexes afterwards
        return
    index.index_object(instance)


def _deleted(sender: type[Model], instance: Model, **_: Any) -> None:
    index.forget_object(sender, instance.pk)


def _owner_changed(sender: type[Model], instance: Model, raw: bool = False, **_: Any) -> None:
    if raw:
        return
    try:
        owner = _OWNER[sender](instance)
    except ObjectDoesNotExist:  # deleted with what it belonged to
        return
    # As it is now in the database: a delete that cascades may have removed it already.
    current = type(owner)._default_manager.filter(pk=owner.pk).first()
    if current is not None:
        index.index_object(current)


def _members_changed(instance: MemberStatement, action: str, **_: Any) -> None:
    if action.startswith("post_"):
        index.index_object(instance)


def _file_saved(instance: RecordFile, created: bool, raw: bool = False, **_: Any) -> None:
    if created and not raw and settings.REMISS_SEARCH_FILE_TEXT:
        from remiss.search.tasks import index_file_text_task

        pk = instance.pk
        task = index_file_text_task
        if task.get_backend().supports_priority:  # after the readings a person waits for
            task = task.using(priority=TEXT_PRIORITY)
        transaction.on_commit(lambda: task.enqueue(pk))


def _reply_saved(instance: Reply, raw: bool = False, **_: Any) -> None:
    """The text of a reply's files is found by the body the reply is from, which a person may
    set or correct after the files were indexed."""
    if raw:
        return
    body = index.reply_body(instance)
    SearchEntry.objects.filter(record_id=instance.record_id, kind=EntryKind.FILE).exclude(
        body_id=body.pk if body else None
    ).update(body_id=body.pk if body else None)


def _file_deleted(instance: RecordFile, **_: Any) -> None:
    SearchEntry.objects.filter(key__startswith=f"file:{instance.pk}:").delete()


def connect() -> None:
    for model in index.BUILDERS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"search-save-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search-del-{model.__name__}")
    for model in _OWNER:
        for signal in (post_save, post_delete):
            signal.connect(
                _owner_changed, sender=model, dispatch_uid=f"search-own-{model.__name__}"
            )
    m2m_changed.connect(
        _members_changed, sender=MemberStatement.members.through, dispatch_uid="search-members"
    )
    post_save.connect(_file_saved, sender=RecordFile, dispatch_uid="search-file-save")
    post_delete.connect(_file_deleted, sender=RecordFile, dispatch_uid="search-file-del")
    post_save.connect(_reply_saved, sender=Reply, dispatch_uid="search-reply-body")
