"""Gather a case's reply from the database as plain ReplyData for the pure renderer."""

from __future__ import annotations

from remiss.cases.models import Case
from remiss.core.errors import ServiceError
from remiss.meetings.models import Decision, MemberStatement
from remiss.organisations.models import BodyKind
from remiss.referrals.models import InternalReferralStatus, Memo
from remiss.writing.reply import MemberStatementData, OfficeStatementData, ReplyData
from remiss.writing.swedish import Member


def _latest_decision(case: Case, kind: BodyKind) -> Decision | None:
    """The body's decision as it stands: a correction replaces what it corrects."""
    decisions = list(
        Decision.objects.filter(item__case=case, item__meeting__body__kind=kind)
        .select_related("item__meeting__body")
        .order_by("id")
    )
    corrected = {d.corrects_id for d in decisions if d.corrects_id}
    current = [d for d in decisions if d.pk not in corrected]
    return current[-1] if current else None


def _statement_data(statement: MemberStatement) -> MemberStatementData:
    members = [
        Member(link.person.name, link.person.party.abbreviation if link.person.party else "")
        for link in statement.statementmember_set.select_related("person__party").order_by(
            "position"
        )
    ]
    referred = statement.refers_to
    parties: list[str] = []
    if referred is not None:
        for link in referred.statementmember_set.select_related("person__party").order_by(
            "position"
        ):
            party = link.person.party
            if party and party.name not in parties:
                parties.append(party.name)
    return MemberStatementData(
        kind=statement.kind,
        members=members,
        text=statement.text,
        refers_to_kind=referred.kind if referred else None,
        refers_to_parties=parties,
    )


def _statements(case: Case, kind: str) -> list[MemberStatementData]:
    """The members' statements made in the case's bodies of one kind, in the order made."""
    return [
        _statement_data(s)
        for s in MemberStatement.objects.filter(
            decision__item__case=case, decision__item__meeting__body__kind=kind
        )
        .select_related("refers_to")
        .order_by("decision_id", "position")
    ]


def reply_data(case: Case) -> ReplyData:
    """Everything the reply shows. Raises ServiceError when the case has no memo yet."""
    memo = (
        Memo.objects.filter(case=case)
        .select_related("unit", "preparatory_body", "deciding_body")
        .first()
    )
    version = memo.current if memo else None
    referral = getattr(case, "referral", None)
    if memo is None or version is None or referral is None:
        from django.utils.translation import gettext as _

        raise ServiceError(_("The case has no memo yet: there is no reply to render."))
    preparatory = _latest_decision(case, BodyKind.PREPARATORY)
    # Members' statements stay with the decision they were made on, also when its wording
    # was corrected later by a new decision.
    statements = _statements(case, BodyKind.DECIDING)
    internal = list(case.internal_referrals.select_related("unit").order_by("id"))
    office_statements = [
        OfficeStatementData(r.unit.name, r.statement.date, r.statement.text)
        for r in internal
        if r.status == InternalReferralStatus.ANSWERED and hasattr(r, "statement")
    ]
    return ReplyData(
        memo_unit=memo.unit.name,
        case_number=case.number,
        report_title=referral.report_title,
        report_ref=referral.report_ref,
        issuer=referral.issuer.name,
        deadline=referral.deadline,
        preparatory_body=memo.preparatory_body.name,
        deciding_body=memo.deciding_body.name,
        presenter_title=version.presenter_title,
        presenter=case.presenter.name if case.presenter else version.signatory.name,
        decision_text=version.decision_text,
        matter=version.matter,
        preparation=version.preparation,
        views=version.views,
        place=version.place,
        date=version.date,
        signatory=version.signatory.name,
        attachments=[line.strip() for line in version.attachments.splitlines() if line.strip()],
        preparatory_decision=preparatory.outcome if preparatory else "",
        member_statements=statements,
        preparatory_statements=_statements(case, BodyKind.PREPARATORY),
        compilation_matter=version.compilation_matter,
        referred_units=[r.unit.in_text for r in internal],
        office_statements=office_statements,
    )
