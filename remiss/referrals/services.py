"""Registering incoming referrals and editing their proposals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import Case, CaseStatus, Direction, StoredFile
from remiss.cases.services import case_register, case_update, record_add
from remiss.core import permissions
from remiss.core.audit import audit_log, audited_create, audited_update, snapshot
from remiss.core.errors import NotAllowed, ServiceError, normalised_or_refused
from remiss.core.models import AuditAction
from remiss.core.text import register_text
from remiss.organisations.models import Organisation, Person, Registry, Unit
from remiss.reading.references import CaseNumber, dnr_key, normalise_dnr, normalise_report_ref
from remiss.referrals.models import IncomingReferral, Proposal


@dataclass(frozen=True)
class ProposalInput:
    number: str
    title: str
    text: str = ""


def clean_report_ref(value: str) -> str:
    """The normalised reference, "" when none was given; a clear error when it is not one."""
    return normalised_or_refused(
        value,
        normalise_report_ref,
        _(
            "“%(value)s” is not a report reference. Write it as for example "
            "SOU 2019:43, Ds 2022:9 or prop. 2017/18:186."
        ),
        field="report_ref",
    )


def _check_dates(received: dt.date, deadline: dt.date) -> None:
    if deadline < received:
        raise ServiceError(
            _("The deadline (%(deadline)s) is before the date received (%(received)s).")
            % {"deadline": deadline.isoformat(), "received": received.isoformat()},
            field="deadline",
        )


def _check_not_registered(
    organisation: Organisation, issuer: Organisation, dnr: str, *, other_than: int | None = None
) -> None:
    if not dnr:
        return
    found = IncomingReferral.objects.filter(
        issuer=issuer, issuer_dnr_key=dnr_key(dnr), case__registry__organisation=organisation
    )
    if other_than is not None:
        found = found.exclude(pk=other_than)
    existing = found.select_related("case__registry").first()
    if existing:
        raise ServiceError(
            _("This referral (%(dnr)s) is already registered in case %(number)s.")
            % {"dnr": dnr, "number": existing.case.number},
            field="issuer_dnr",
        )


def _set_case_deadline(actor: User, case: Case, deadline: dt.date) -> None:
    audited_update(
        actor=actor, obj=case, changes={"deadline": deadline}, editable=("deadline",), case=case
    )


def _add_proposals(
    actor: User | None,
    referral: IncomingReferral,
    proposals: Sequence[ProposalInput],
    start: int = 1,
) -> None:
    for position, item in enumerate(proposals, start=start):
        if not item.title.strip():
            raise ServiceError(_("Every proposal needs a title."), field="proposals")
        audited_create(
            Proposal,
            actor=actor,
            audit_case=referral.case,
            referral=referral,
            position=position,
            number=(item.number.strip() or str(position))[:20],
            title=item.title.strip()[:300],
            text=item.text.strip(),
        )


def receiving_registry(organisation: Organisation) -> Registry | None:
    """Where a body that uses Remiss registers the referrals delivered to it — by another
    organisation here, or by another installation through its mailbox: its first registry."""
    if not organisation.uses_remiss:
        return None
    return Registry.objects.filter(organisation=organisation).order_by("pk").first()


def referral_register(
    *,
    actor: User | None,
    registry: Registry,
    issuer: Organisation,
    issuer_dnr: str,
    report_ref: str,
    report_title: str,
    received_date: dt.date,
    deadline: dt.date,
    proposals: Sequence[ProposalInput] = (),
    reply_addresses: Sequence[str] = (),
    staged_files: Sequence[files.StagedFile] = (),
    responsible_unit: Unit | None = None,
    case_officer: User | None = None,
    presenter: Person | None = None,
    registered_at: dt.datetime | None = None,
    earlier_number: CaseNumber | None = None,
    check_permission: bool = True,
    stored_files: Sequence[tuple[StoredFile, str]] = (),
) -> IncomingReferral:
    """Register a received referral: the case, the incoming record with its files, the referral
    and its proposals — all or nothing. Staged files are discarded if anything fails. A
    referral delivered through Remiss comes with its files already stored and is registered
    by the system (see remiss.consultations.sending)."""
    try:
        if check_permission and not permissions.can_register(actor, registry.organisation):
            raise NotAllowed(_("You may not register cases in this registry."))
        report_title = (report_title or "").strip()
        if not report_title:
            raise ServiceError(_("The referral needs the report's title."), field="report_title")
        report_ref = clean_report_ref(report_ref)
        issuer_dnr = normalise_dnr(issuer_dnr)
        _check_dates(received_date, deadline)
        with transaction.atomic():
            _check_not_registered(registry.organisation, issuer, issuer_dnr)
            title = _case_title(report_title, report_ref)
            case = case_register(
                actor=actor,
                registry=registry,
                title=title,
                registered_at=registered_at,
                responsible_unit=responsible_unit,
                case_officer=case_officer,
                presenter=presenter,
                deadline=deadline,
                earlier_number=earlier_number,
                check_permission=check_permission,
            )
            record = record_add(
                actor=actor,
                case=case,
                direction=Direction.INCOMING,
                document_date=received_date,
                counterpart=issuer.name,
                subject=register_text(_("Referral: %(title)s"), title=title),
                staged_files=staged_files,
                stored_files=stored_files,
                check_permission=check_permission,
            )
            referral = audited_create(
                IncomingReferral,
                actor=actor,
                audit_case=case,
                case=case,
                record=record,
                issuer=issuer,
                issuer_dnr=issuer_dnr,
                issuer_dnr_key=dnr_key(issuer_dnr),
                report_ref=report_ref,
                report_title=report_title[:500],
                received_date=received_date,
                deadline=deadline,
                reply_addresses="\n".join(a.strip() for a in reply_addresses if a.strip()),
            )
            _add_proposals(actor, referral, proposals)
    except BaseException:
        files.discard(staged_files)
        raise
    return referral


REFERRAL_EDITABLE_FIELDS = (
    "issuer_dnr", "report_ref", "report_title", "received_date", "deadline", "reply_addresses",
)  # fmt: skip


def referral_update(
    *,
    actor: User,
    referral: IncomingReferral,
    title: str | None = None,
    issuer: Organisation | None = None,
    **changes: object,
) -> IncomingReferral:
    """Change the referral's facts, the case's title and the issuer (the case's party), audited.
    A closed case is history and stays as it was. The case's title follows the report's while
    it is the one derived from it, unless a title of its own is given."""
    case: Case = referral.case
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))
    if case.status == CaseStatus.CLOSED:
        raise ServiceError(_("The case is closed: its referral is no longer changed."))
    old_issuer = referral.issuer
    if issuer is not None and issuer.pk != old_issuer.pk:
        if issuer.pk == case.organisation_id:
            raise ServiceError(_("The issuer is another body than your own."), field="issuer")
        if IncomingReferral.objects.filter(pk=referral.pk, sent_from__isnull=False).exists():
            raise ServiceError(
                _("The referral came through Remiss from %(issuer)s: its issuer stays.")
                % {"issuer": old_issuer.name},
                field="issuer",
            )
        changes["issuer"] = issuer
    title = (title or "").strip()
    if title == case.title:
        title = ""
    derived_title = _case_title(referral.report_title, referral.report_ref)

    def clean(changed: IncomingReferral) -> None:
        changed.report_ref = clean_report_ref(changed.report_ref)
        changed.issuer_dnr = normalise_dnr(changed.issuer_dnr)
        changed.issuer_dnr_key = dnr_key(changed.issuer_dnr)
        _check_dates(changed.received_date, changed.deadline)
        _check_not_registered(
            case.registry.organisation, changed.issuer, changed.issuer_dnr, other_than=changed.pk
        )

    with transaction.atomic():
        referral = audited_update(
            actor=actor,
            obj=referral,
            changes=changes,
            editable=(*REFERRAL_EDITABLE_FIELDS, "issuer"),
            case=case,
            clean=clean,
        )
        _set_case_deadline(actor, case, referral.deadline)
        if not title and case.title == derived_title:
            title = _case_title(referral.report_title, referral.report_ref)
        if title and title != case.title:
            case_update(actor=actor, case=case, title=title[:500])
        if referral.issuer_id != old_issuer.pk and referral.record.counterpart == old_issuer.name:
            # The referral's letter is registered as coming from its issuer.
            audited_update(actor=actor, obj=referral.record,
                           changes={"counterpart": referral.issuer.name[:300]},
                           editable=("counterpart",), case=case)  # fmt: skip
    return referral


def _case_title(report_title: str, report_ref: str) -> str:
    return f"{report_title} ({report_ref})" if report_ref else report_title


def proposal_add(*, actor: User, referral: IncomingReferral, proposal: ProposalInput) -> None:
    if not permissions.can_change_case(actor, referral.case):
        raise NotAllowed(_("You may not change this case."))
    with transaction.atomic():
        last = referral.proposals.order_by("-position").values_list("position", flat=True).first()
        _add_proposals(actor, referral, [proposal], start=(last or 0) + 1)


def proposal_update(
    *, actor: User, proposal: Proposal, number: str, title: str, text: str
) -> Proposal:
    case: Case = proposal.referral.case
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))
    if not title.strip():
        raise ServiceError(_("Every proposal needs a title."), field="title")
    return audited_update(
        actor=actor,
        obj=proposal,
        changes={"number": number.strip(), "title": title.strip(), "text": text.strip()},
        editable=("number", "title", "text"),
        case=case,
    )


def proposal_delete(*, actor: User, proposal: Proposal) -> None:
    case: Case = proposal.referral.case
    if not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))
    with transaction.atomic():
        proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
        audit_log(
            actor=actor,
            action=AuditAction.DELETE,
            obj=proposal,
            before=snapshot(proposal),
            case=case,
        )
        proposal.delete()
