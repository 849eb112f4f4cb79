"""Who may see and change what. The one place that decides it: every view, query, download
and export asks here. See docs/permissions.md.

- A user sees only cases of their own organisation; an office respondent only cases
  assigned or referred to their unit. The anonymous visitor sees no case here; the public
  register shows only register entries, through `remiss.cases.public`.
- Registrars and administrators register cases; they and the assigned case officer (or any
  case officer of the responsible unit, or of an unassigned case) may change a case. An
  issuer's official is the case officer of the issuer side: they send referrals out (a case
  in their own registry) and work with the replies.
- Registrars, administrators and the manager of the case's unit assign a case. A case officer
  may take an unassigned case of their unit only where the organisation allows it; that is
  audited and does not clear them for the case's secret records.
- The content (subject, files) of a secret record is shown only to registrars, administrators
  and the case officer the case was assigned to; others see that it exists, its date and
  counterpart.
- Registrars and administrators export a closed case for the archive (the package holds its
  secret records, with their markings).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404

from remiss.accounts.models import Role

if TYPE_CHECKING:
    from remiss.cases.models import Case, Record
    from remiss.organisations.models import Organisation

REGISTERING_ROLES = {Role.REGISTRAR, Role.ADMINISTRATOR}
SECRECY_CLEARED_ROLES = {Role.REGISTRAR, Role.ADMINISTRATOR}


def _active(user: Any) -> bool:
    return bool(
        getattr(user, "is_authenticated", False)
        and user.is_active
        and getattr(user, "organisation_id", None)
    )


def cases_visible_to(user: Any) -> QuerySet[Case]:
    """The cases a user may see: the base of every list, count, search and export."""
    from remiss.cases.models import Case
    from remiss.organisations.models import Registry

    if not _active(user):
        return Case.objects.none()
    # "registry IN (registries of the organisation)" rather than a join: the register's
    # indexes on the case table stay usable for sorting and counting.
    cases = Case.objects.filter(
        registry__in=Registry.objects.filter(organisation_id=user.organisation_id)
    )
    if user.role == Role.OFFICE_RESPONDENT:
        if not user.unit_id:
            return Case.objects.none()
        from remiss.referrals.models import InternalReferral

        referred = InternalReferral.objects.filter(unit_id=user.unit_id).values("case_id")
        cases = cases.filter(Q(responsible_unit_id=user.unit_id) | Q(pk__in=referred))
    return cases


def can_view_case(user: Any, case: Case) -> bool:
    return cases_visible_to(user).filter(pk=case.pk).exists()


def get_visible_case(user: Any, *, prefix: str, year: int, serial: int) -> Case:
    """The case, or Http404 alike for a case that does not exist and one the user may not see."""
    case = (
        cases_visible_to(user)
        .select_related("registry__organisation", "responsible_unit", "case_officer", "presenter")
        .filter(registry__prefix=prefix, year=year, serial=serial)
        .first()
    )
    if case is None:
        raise Http404
    return case


def can_register(user: Any, organisation: Organisation) -> bool:
    return (
        _active(user) and user.role in REGISTERING_ROLES and user.organisation_id == organisation.pk
    )


def can_change_case(user: Any, case: Case) -> bool:
    if not _active(user) or user.organisation_id != case.registry.organisation_id:
        return False
    if user.role in REGISTERING_ROLES:
        return True
    if user.role in (Role.CASE_OFFICER, Role.ISSUER_OFFICIAL):
        return case.case_officer_id in (None, user.pk) or (
            user.unit_id is not None and case.responsible_unit_id == user.unit_id
        )
    return False


def can_assign(user: Any, case: Case) -> bool:
    """May the user choose the case's unit, case officer and presenter? Registrars and
    administrators of the organisation, and the manager of the case's responsible unit."""
    if not _active(user) or user.organisation_id != case.registry.organisation_id:
        return False
    if user.role in REGISTERING_ROLES:
        return True
    return bool(
        getattr(user, "manages_unit", False)
        and user.unit_id is not None
        and case.responsible_unit_id == user.unit_id
    )


def can_take_case(user: Any, case: Case) -> bool:
    """May a case officer make themselves the case officer of an unassigned case of their own
    unit? Only where the organisation allows it."""
    return bool(
        _active(user)
        and user.role == Role.CASE_OFFICER
        and case.case_officer_id is None
        and user.unit_id is not None
        and case.responsible_unit_id == user.unit_id
        and user.organisation_id == case.registry.organisation_id
        and case.registry.organisation.case_officers_may_take_cases
    )


SENDING_ROLES = {Role.ISSUER_OFFICIAL, Role.REGISTRAR, Role.ADMINISTRATOR}


def can_send_referrals(user: Any, organisation: Organisation) -> bool:
    """Officials of the issuing body (and its registrars) send referrals out for comment."""
    return _active(user) and user.role in SENDING_ROLES and user.organisation_id == organisation.pk


def can_edit_register(user: Any) -> bool:
    """The shared register of bodies is edited by administrators; others propose entries."""
    return _active(user) and user.role == Role.ADMINISTRATOR


def can_view_body(user: Any) -> bool:
    """A body's page in the shared register of bodies (its name, kind and functional mailbox
    are public facts): every active person. The referrals sent to it that the page lists are
    those of the cases the person sees (cases_visible_to)."""
    return _active(user)


def can_mark_secrecy(user: Any, case: Case) -> bool:
    """Registrars and administrators mark and lift secrecy on a case's records."""
    return can_change_case(user, case) and user.role in SECRECY_CLEARED_ROLES


def can_export_archive(user: Any, case: Case) -> bool:
    """Registrars and administrators of the case's organisation export a closed case for the
    archive, and fetch its packages (which hold every record, secret ones included)."""
    from remiss.cases.models import CaseStatus

    return (
        can_view_case(user, case)
        and user.role in SECRECY_CLEARED_ROLES
        and case.status == CaseStatus.CLOSED
    )


def can_publish(user: Any, case: Case) -> bool:
    """Registrars and administrators of the case's organisation publish its reply, the replies
    it received and its compilation on the public pages, and withdraw what was published; at a
    ministry also the official who may change the referral (issue 17, docs/permissions.md)."""
    if not can_view_case(user, case):
        return False
    if user.role in SECRECY_CLEARED_ROLES:
        return True
    return user.role == Role.ISSUER_OFFICIAL and can_change_case(user, case)


def can_handle_mail(user: Any, organisation: Any) -> bool:
    """The organisation's incoming mail (replies by e-mail, the queue of those not matched):
    its registrars, administrators and referral officials. A mailbox holds anything anyone
    sent, so no one else sees it."""
    return (
        _active(user)
        and user.organisation_id == getattr(organisation, "pk", organisation)
        and user.role in {Role.REGISTRAR, Role.ADMINISTRATOR, Role.ISSUER_OFFICIAL}
    )


def can_read_mail(user: Any, mail: Any) -> bool:
    """May the user read a kept message's subject, text and file? Those who handle the mailbox
    may, unless it was registered as a reply whose record is marked secret: then only those
    cleared for that record (the message is the same document)."""
    if not can_handle_mail(user, mail.organisation_id):
        return False
    return mail.reply is None or can_view_record_content(user, mail.reply.record)


def _secret_content_cleared(user: Any, case: Case) -> bool:
    """Registrars and administrators; and the case officer the case was assigned to — not one
    who took it themselves (can_take_case)."""
    if user.role in SECRECY_CLEARED_ROLES:
        return True
    return case.case_officer_id == user.pk and not case.officer_took_case


def can_view_record_content(user: Any, record: Record) -> bool:
    """May the user read the record's subject and files (not only that it exists)?"""
    if not can_view_case(user, record.case):
        return False
    return not record.is_secret or _secret_content_cleared(user, record.case)


def visible_records(user: Any, case: Case) -> QuerySet[Record]:
    """The records of a case the user may see listed — a secret one too, for that it exists is
    public (its subject and files are not: readable_records, with_content_flag)."""
    if not can_view_case(user, case):
        return case.records.none()
    return case.records.all()


def readable_records(user: Any, case: Case) -> QuerySet[Record]:
    """The records of a case whose content (subject, files, reading) the user may read, as a
    query: others filter by it as a subquery instead of collecting ids."""
    records = visible_records(user, case)
    return records if _secret_content_cleared(user, case) else records.filter(secrecy_provision="")


def search_scope(user: Any) -> Q:
    """What a search may find for the user, as a filter on the index's entries
    (remiss.search.models.SearchEntry): entries of cases the user may see; of a secret record
    only when the user may read its content (as can_view_record_content decides, here as a
    query). Read from the cases and records as they are, not from a copy in the index."""
    visible = Q(case__in=cases_visible_to(user))
    if not _active(user):
        return visible
    if user.role in SECRECY_CLEARED_ROLES:
        return visible
    cleared = Q(case__case_officer_id=user.pk, case__officer_took_case=False)
    return visible & (Q(record__isnull=True) | Q(record__secrecy_provision="") | cleared)


def with_content_flag(user: Any, case: Case, records: Iterable[Record]) -> list[Record]:
    """Records of the case (a page of visible_records), each with `.content_visible` for this
    user."""
    cleared = _secret_content_cleared(user, case)
    flagged = list(records)
    for record in flagged:
        record.case = case
        record.content_visible = not record.is_secret or cleared
    return flagged


def case_filter_for_deadlines(user: Any) -> Q:
    """For the start page: cases that concern this user in particular."""
    if user.role == Role.CASE_OFFICER:
        mine = Q(case_officer=user)
        if user.unit_id:
            mine |= Q(responsible_unit_id=user.unit_id, case_officer=None)
        return mine
    if user.role == Role.POLITICIAN and getattr(user, "person_id", None):
        return Q(presenter_id=user.person_id)
    if user.role == Role.REGISTRAR:
        return Q(registered_by=user)
    return Q()


def statements_due_for(user: Any) -> QuerySet[Any]:
    """The internal referrals the user's unit is to answer, on cases the user sees, earliest
    due first: the start page's list and the calendar's dates (of InternalReferral)."""
    from remiss.referrals.models import InternalReferral, InternalReferralStatus

    if not getattr(user, "unit_id", None):
        return InternalReferral.objects.none()
    return (
        InternalReferral.objects.filter(
            Exists(cases_visible_to(user).filter(pk=OuterRef("case_id"))),
            unit_id=user.unit_id,
            status=InternalReferralStatus.SENT,
        )
        .select_related("case__registry", "unit")
        .order_by("due_date")
    )


def can_answer(user: Any, referral: Any) -> bool:
    """An internal referral (remiss to an office) is answered by the unit's own respondents; a
    registrar or an administrator may register an answer for them."""
    if not can_view_case(user, referral.case):
        return False
    if user.role == Role.OFFICE_RESPONDENT:
        return bool(user.unit_id == referral.unit_id)
    return user.role in (Role.REGISTRAR, Role.ADMINISTRATOR)


def can_decline(user: Any, referral: Any) -> bool:
    """Declining a statement (avstår): the unit itself, or the case's officer on its behalf."""
    return can_answer(user, referral) or can_change_case(user, referral.case)


def can_write_memo(user: Any, case: Case) -> bool:
    """The memo is written by those who may change the case and by the case's presenter."""
    if can_change_case(user, case):
        return True
    return bool(
        user.role == Role.POLITICIAN
        and can_view_case(user, case)
        and case.presenter_id is not None
        and case.presenter_id == getattr(user, "person_id", None)
    )


def can_run_meetings(user: Any, body: Any) -> bool:
    """Meetings, decisions and minutes of a body are kept by the organisation's registrars,
    administrators and case officers."""
    return bool(
        _active(user)
        and user.organisation_id == body.organisation_id
        and user.role in (Role.REGISTRAR, Role.ADMINISTRATOR, Role.CASE_OFFICER)
    )


def can_subscribe_calendar(user: Any) -> bool:
    """A calendar address (remiss.accounts.services): every active person of an organisation.
    Its feed shows what the start page shows them — the deadlines of the cases they see that
    concern them, their unit's statements due, their organisation's meetings — and is read
    for the person as they are at each fetch."""
    return _active(user)


def can_use_api(user: Any) -> bool:
    """An API key (remiss.api.tokens) acts as its person: every active person of an
    organisation may make one, and through it reaches exactly what they reach on the pages,
    by the same checks — a key adds no right. Writes also need a key made for writing."""
    return _active(user)


def can_manage_api_token(user: Any, token: Any) -> bool:
    """A key is revoked by its person, or by an administrator of the person's organisation
    (someone leaves, a key leaks)."""
    if not _active(user):
        return False
    return bool(
        token.user_id == user.pk
        or (user.role == Role.ADMINISTRATOR and token.user.organisation_id == user.organisation_id)
    )


def can_read_metrics(authorization: str) -> bool:
    """The operators' metrics (/metrics) are read with the bearer token of REMISS_METRICS_TOKEN
    alone: no session, whatever its role, opens them, and without the setting nobody does."""
    token = settings.REMISS_METRICS_TOKEN
    given = authorization.removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())
