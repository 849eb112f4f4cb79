"""State changes of the register. Each is one transaction and writes its audit entries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import (
    Case,
    CaseNumberSequence,
    CaseStatus,
    Direction,
    Record,
    RecordFile,
    StoredFile,
)
from remiss.core import permissions
from remiss.core.audit import audit_log, audited_create, audited_update, snapshot
from remiss.core.errors import NotAllowed, ServiceError, normalised_or_refused
from remiss.core.models import AuditAction
from remiss.core.text import register_text
from remiss.organisations.models import Person, Registry, Unit
from remiss.reading.references import CaseNumber, normalise_secrecy_provision


def _locked_sequence(registry: Registry, year: int) -> CaseNumberSequence:
    """The registry's sequence row for the year, created if missing (without failing when
    another transaction creates it first) and locked until the caller's transaction ends."""
    CaseNumberSequence.objects.bulk_create(
        [CaseNumberSequence(registry=registry, year=year, last_number=0)], ignore_conflicts=True
    )
    return CaseNumberSequence.objects.select_for_update().get(registry=registry, year=year)


def _next_serial(registry: Registry, year: int) -> int:
    """Take the next number of a registry and year. The sequence row stays locked until the
    caller's transaction ends, so a failed registration gives its number back (never skipped)
    and concurrent registrations wait for each other (never reused)."""
    sequence = _locked_sequence(registry, year)
    CaseNumberSequence.objects.filter(pk=sequence.pk).update(last_number=F("last_number") + 1)
    return sequence.last_number + 1


def _import_serial(registry: Registry, year: int, serial: int) -> int:
    """Use a given number (a case carried over from an earlier register)."""
    sequence = _locked_sequence(registry, year)
    if Case.objects.filter(registry=registry, year=year, serial=serial).exists():
        raise ServiceError(
            _("Case number %(number)s is already in use.")
            % {"number": f"{registry.prefix} {year}/{serial}"},
            field="earlier_number",
        )
    if serial > sequence.last_number:
        sequence.last_number = serial
        sequence.save(update_fields=["last_number"])
    return serial


def _check_earlier_number(registry: Registry, number: CaseNumber, this_year: int) -> None:
    if number.prefix != registry.prefix.upper():
        raise ServiceError(
            _("%(number)s does not belong to the registry %(prefix)s.")
            % {"number": str(number), "prefix": registry.prefix},
            field="earlier_number",
        )
    if number.year > this_year:
        raise ServiceError(
            _("%(number)s is from a year that has not begun.") % {"number": str(number)},
            field="earlier_number",
        )


def case_register(
    *,
    actor: User | None,
    registry: Registry,
    title: str,
    registered_at: dt.datetime | None = None,
    responsible_unit: Unit | None = None,
    case_officer: User | None = None,
    presenter: Person | None = None,
    deadline: dt.date | None = None,
    earlier_number: CaseNumber | None = None,
    check_permission: bool = True,
) -> Case:
    """Open a new case with the registry's next number for the year of registration.

    `earlier_number` keeps the number of a case carried over from an earlier register. A
    referral delivered by another organisation through Remiss is registered by the system
    (actor None, check_permission=False): the sending service has checked its own right."""
    if check_permission and not permissions.can_register(actor, registry.organisation):
        raise NotAllowed(_("You may not register cases in this registry."))
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("The case needs a title."), field="title")
    registered_at = registered_at or timezone.now()
    year = timezone.localtime(registered_at).year
    if earlier_number is not None:
        _check_earlier_number(registry, earlier_number, year)
        year = earlier_number.year
    with transaction.atomic():
        serial = (
            _import_serial(registry, year, earlier_number.serial)
            if earlier_number is not None
            else _next_serial(registry, year)
        )
        try:
            with transaction.atomic():
                case = Case.objects.create(
                    registry=registry,
                    year=year,
                    serial=serial,
                    title=title[:500],
                    registered_at=registered_at,
                    registered_by=actor,
                    responsible_unit=responsible_unit,
                    case_officer=case_officer,
                    presenter=presenter,
                    deadline=deadline,
                    status=CaseStatus.REGISTERED,
                )
        except IntegrityError as exc:
            raise ServiceError(
                _("Case number %(number)s is already in use.")
                % {"number": f"{registry.prefix} {year}/{serial}"}
            ) from exc
        audit_log(actor=actor, action=AuditAction.CREATE, obj=case, after=snapshot(case), case=case)
    return case


ASSIGNMENT_FIELDS = ("responsible_unit", "case_officer", "presenter")
CASE_EDITABLE_FIELDS = ("title", *ASSIGNMENT_FIELDS, "officer_took_case")


def case_update(*, actor: User, case: Case, **changes: object) -> Case:
    """Change a case's title or assignment. Only those who assign (permissions.can_assign)
    change the assignment; the officer they choose is assigned, not self-taken."""
    if not permissions.can_change_case(actor, case) and not permissions.can_assign(actor, case):
        raise NotAllowed(_("You may not change this case."))
    if "officer_took_case" in changes:
        raise ValueError("officer_took_case is set by case_take only")
    if any(name in changes for name in ASSIGNMENT_FIELDS):
        if not permissions.can_assign(actor, case):
            raise NotAllowed(_("You may not assign this case."))
        changes = {**changes, "officer_took_case": False}
    elif not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not change this case."))

    def clean(changed: Case) -> None:
        if not changed.title.strip():
            raise ServiceError(_("The case needs a title."), field="title")

    return audited_update(
        actor=actor,
        obj=case,
        changes=changes,
        editable=CASE_EDITABLE_FIELDS,
        case=case,
        clean=clean,
    )


def case_take(*, actor: User, case: Case) -> Case:
    """A case officer takes an unassigned case of their unit (where the organisation allows
    it). Audited; the case's secret records stay closed to them."""
    with transaction.atomic():
        # Decided on the case as it is now: two officers taking it at once, one gets it.
        case = (
            Case.objects.select_for_update()
            .select_related("registry__organisation")
            .get(pk=case.pk)
        )
        if not permissions.can_take_case(actor, case):
            raise NotAllowed(_("You may not take this case."))
        return audited_update(
            actor=actor,
            obj=case,
            changes={"case_officer": actor, "officer_took_case": True},
            editable=CASE_EDITABLE_FIELDS,
            case=case,
        )


def record_add(
    *,
    actor: User | None,
    case: Case,
    direction: Direction,
    document_date: dt.date,
    counterpart: str,
    subject: str,
    staged_files: Sequence[files.StagedFile] = (),
    secrecy_provision: str = "",
    public_subject: str = "",
    check_permission: bool = True,
    stored_files: Sequence[tuple[StoredFile, str]] = (),
) -> Record:
    """Register a document in a case with its files. Call inside the caller's transaction or
    alone; the staged files are published when the transaction commits. A service that has
    checked its own permission (a unit answering its referral) passes check_permission=False."""
    if check_permission and not permissions.can_change_case(actor, case):
        raise NotAllowed(_("You may not add records to this case."))
    counterpart, subject = counterpart.strip(), subject.strip()
    if not counterpart:
        raise ServiceError(_("A record needs a sender or recipient."), field="counterpart")
    if not subject:
        raise ServiceError(_("A record needs a subject."), field="subject")
    now = timezone.now()
    secrecy_provision = clean_secrecy_provision(secrecy_provision)
    if secrecy_provision and not permissions.can_mark_secrecy(actor, case):
        raise NotAllowed(_("Only a registrar may mark a record as secret."))
    with transaction.atomic():
        Case.objects.select_for_update().filter(pk=case.pk).exists()  # serialise record numbers
        last = case.records.aggregate(m=Max("serial"))["m"] or 0
        record = audited_create(
            Record,
            actor=actor,
            audit_case=case,
            case=case,
            serial=last + 1,
            direction=direction,
            registered_at=now,
            registered_by=actor,
            document_date=document_date,
            counterpart=counterpart[:300],
            subject=subject[:500],
            secrecy_provision=secrecy_provision,
            secrecy_marked_at=now if secrecy_provision else None,
            secrecy_marked_by=actor if secrecy_provision else None,
            public_subject=(public_subject.strip() or register_text(_("Secret document")))
            if secrecy_provision
            else "",
        )
        _attach(actor, record, staged_files, stored_files)
    return record


def _attach(
    actor: User | None,
    record: Record,
    staged_files: Sequence[files.StagedFile],
    stored_files: Sequence[tuple[StoredFile, str]] = (),
) -> None:
    # Published first when the transaction commits: what the new files set going on commit
    # (their text for the search index) finds them in place.
    files.publish_on_commit(staged_files)
    newly_stored = []
    for item in staged_files:
        stored, _created = StoredFile.objects.get_or_create(
            sha256=item.sha256,
            defaults={"size": item.size, "content_type": item.content_type, "pages": item.pages},
        )
        newly_stored.append((stored, item.original_name))
    # Files already stored (a delivered referral's, a rendered reply) share their content.
    for stored, original_name in [*newly_stored, *stored_files]:
        audited_create(
            RecordFile,
            actor=actor,
            audit_case=record.case,
            record=record,
            stored=stored,
            original_name=original_name,
            uploaded_by=actor,
        )


def record_files_add(
    *, actor: User | None, record: Record, staged_files: Sequence[files.StagedFile]
) -> None:
    """Add files the system made to a record already registered (the e-mail a reply was sent
    in). The caller has checked its permission; staged files are discarded if this fails."""
    try:
        with transaction.atomic():
            _attach(actor, record, staged_files)
    except BaseException:
        files.discard(staged_files)
        raise


def clean_secrecy_provision(value: str) -> str:
    """The provision in its usual form ("OSL 21 kap. 7 §"), "" for none, or a clear error."""
    return normalised_or_refused(
        value,
        normalise_secrecy_provision,
        _(
            "“%(value)s” is not a provision of the Public Access to Information and Secrecy "
            "Act. Write it as for example OSL 21 kap. 7 §."
        ),
        field="secrecy_provision",
    )


def record_set_secrecy(
    *, actor: User, record: Record, provision: str, public_subject: str = ""
) -> Record:
    """Mark a record as secret under a provision, or lift the marking with provision ""."""
    case = record.case
    if not permissions.can_mark_secrecy(actor, case):
        raise NotAllowed(_("Only a registrar may mark a record as secret."))
    provision = clean_secrecy_provision(provision)
    if provision:
        changes = {
            "secrecy_provision": provision,
            "secrecy_marked_at": timezone.now(),
            "secrecy_marked_by": actor,
            "public_subject": public_subject.strip() or register_text(_("Secret document")),
        }
    else:
        changes = {
            "secrecy_provision": "",
            "secrecy_marked_at": None,
            "secrecy_marked_by": None,
            "public_subject": "",
        }
    return audited_update(
        actor=actor, obj=record, changes=changes, editable=tuple(changes), case=case
    )


def recover_files(older_than_seconds: float = 3600) -> int:
    """After a crash or a restore: move into place every pending upload whose row was committed;
    remove the stale others. Returns how many pending files were handled."""
    return files.recover_pending(
        lambda sha256: StoredFile.objects.filter(sha256=sha256).exists(),
        older_than_seconds=older_than_seconds,
    )
