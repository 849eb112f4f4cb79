"""The case's timeline in words ("Hanna Handläggare referred the case to Miljöförvaltningen"),
from the audit trail: never a model's or a field's technical name. A record's subject is not
shown (it may be secret); what the line names, the page's reader may see on the case page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from remiss.core.models import AuditAction, AuditEntry


@dataclass(frozen=True)
class TimelineLine:
    at: dt.datetime
    actor: str
    text: str


# Objects a line names, looked up once for the page: type → the related names to fetch.
_LOOKUPS = {
    "referrals.internalreferral": ("unit",),
    "referrals.statement": ("internal_referral__unit",),
    "meetings.agendaitem": ("meeting__body",),
    "meetings.decision": ("item__meeting__body",),
    "meetings.meeting": ("body",),
}


def _objects(entries: Sequence[AuditEntry]) -> dict[str, dict[str, Any]]:
    wanted: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        if entry.object_type in _LOOKUPS:
            wanted[entry.object_type].add(entry.object_id)
    found: dict[str, dict[str, Any]] = {}
    for label, ids in wanted.items():
        model = apps.get_model(label)
        rows = model._default_manager.select_related(*_LOOKUPS[label]).filter(pk__in=ids)
        found[label] = {str(obj.pk): obj for obj in rows}
    return found


def _field_names(label: str, names: Sequence[str]) -> str:
    """The changed fields as their names in the user's language."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return ""
    words = []
    for name in names:
        try:
            field = model._meta.get_field(name.removesuffix("_id"))
        except FieldDoesNotExist:
            continue
        words.append(str(getattr(field, "verbose_name", "")))
    return ", ".join(dict.fromkeys(w for w in words if w))


def _date(value: object) -> str:
    if not isinstance(value, str):
        return ""
    parsed = parse_date(value[:10])
    return parsed.isoformat() if parsed else value


def _what(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except LookupError:
        return _("an item")


def describe(entry: AuditEntry, objects: dict[str, dict[str, Any]]) -> str:
    """What the entry's actor did, as a phrase after their name."""
    label, before, after = entry.object_type, entry.before or {}, entry.after or {}
    changed = entry.changed_fields()
    created = entry.action == AuditAction.CREATE
    obj = objects.get(label, {}).get(entry.object_id)
    if label == "cases.case":
        if created:
            return _("registered the case")
        if "status" in changed:
            from remiss.cases.models import CaseStatus

            status = after.get("status", "")
            name = CaseStatus(status).label if status in CaseStatus.values else status
            return _("moved the case to “%(status)s”") % {"status": name}
        if "deadline" in changed:
            return _("set the deadline to %(date)s") % {"date": _date(after.get("deadline"))}
        if {"case_officer_id", "responsible_unit_id"} & set(changed):
            return _("assigned the case")
    if label == "cases.record":
        serial = after.get("serial") or before.get("serial")
        if created:
            return _("registered record %(serial)s") % {"serial": serial}
        if "secrecy_provision" in changed and after.get("secrecy_provision"):
            return _("marked record %(serial)s as secret") % {"serial": serial}
    if label == "cases.recordfile" and created:
        return _("added a file")
    if label == "cases.archivepackage" and created:
        return _("made the archive package %(package)s") % {"package": after.get("package_id")}
    if label == "referrals.incomingreferral" and created:
        return _("registered the referral")
    if label == "referrals.proposal":
        number = after.get("number") or before.get("number")
        if created:
            return _("added proposal %(number)s") % {"number": number}
    if label == "referrals.internalreferral" and obj is not None:
        unit = obj.unit.name
        if created:
            return _("referred the case to %(unit)s, to answer by %(date)s") % {
                "unit": unit, "date": _date(after.get("due_date"))}  # fmt: skip
        if after.get("status") == "answered" and "status" in changed:
            return _("registered the answer of %(unit)s") % {"unit": unit}
        if after.get("status") == "declined" and "status" in changed:
            return _("recorded that %(unit)s declines") % {"unit": unit}
    if label == "referrals.statement" and created and obj is not None:
        return _("sent the statement of %(unit)s") % {"unit": obj.internal_referral.unit.name}
    if label == "referrals.memo":
        if created:
            return _("started the memo")
        if after.get("ready_at") and "ready_at" in changed:
            return _("marked the memo ready")
    if label == "referrals.memoversion" and created:
        return _("saved version %(number)s of the memo") % {"number": after.get("number")}
    if label == "referrals.proposalstance" and created:
        return _("recorded the memo's stance on a proposal")
    if label == "meetings.agendaitem" and created and obj is not None:
        meeting = obj.meeting
        return _("put the case on the agenda of %(body)s, %(date)s") % {
            "body": meeting.body.name, "date": meeting.date.isoformat()}  # fmt: skip
    if label == "meetings.decision" and created and obj is not None:
        body = obj.item.meeting.body.name
        if after.get("corrects_id"):
            return _("corrected the decision of %(body)s") % {"body": body}
        return _("recorded the decision of %(body)s") % {"body": body}
    if label == "meetings.memberstatement" and created:
        return _("recorded a member's statement")
    if label == "meetings.meeting" and obj is not None and "minutes_approved_at" in changed:
        return _("approved the minutes of %(body)s, %(date)s") % {
            "body": obj.body.name, "date": obj.date.isoformat()}  # fmt: skip
    if label == "documents.replydelivery":
        if created:
            return _("registered the reply as sent")
        status = after.get("status")
        if "status" in changed and status == "sent":
            return _("sent the reply by e-mail to %(addresses)s") % {
                "addresses": ", ".join((after.get("addresses") or "").split())}  # fmt: skip
        if "status" in changed and status == "failed":
            return _("could not send the reply: %(reason)s") % {
                "reason": after.get("last_error", "")}  # fmt: skip
        if "status" in changed and status == "queued":
            return _("queued the reply to be sent again")
        if "attempts" in changed:
            return _("tried to send the reply: %(reason)s") % {
                "reason": after.get("last_error", "")}  # fmt: skip
    what = _what(label)
    if created:
        return _("added %(what)s") % {"what": what}
    fields = _field_names(label, changed)
    if fields:
        return _("changed %(what)s (%(fields)s)") % {"what": what, "fields": fields}
    return _("changed %(what)s") % {"what": what}


def timeline(entries: Sequence[AuditEntry]) -> list[TimelineLine]:
    objects = _objects(entries)
    return [
        TimelineLine(entry.at, entry.actor_label or _("Remiss"), describe(entry, objects))
        for entry in entries
    ]
