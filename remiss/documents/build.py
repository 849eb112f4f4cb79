"""Gather a case's reply from the database as plain ReplyData for the pure renderer."""

from __future__ import annotations

from collections.abc import Sequence

from remiss.cases.models import Case
from remiss.core.errors import ServiceError
from remiss.meetings.models import Decision, MemberStatement
from remiss.organisations.models import BodyKind
from remiss.reading.schema import MemberStatement as SchemaStatement
from remiss.reading.schema import ProposalReading, Reading, Stance, StatementKind
from remiss.referrals.models import InternalReferralStatus, Memo
from remiss.writing.reply import (
    DecisionData,
    MemberStatementData,
    OfficeStatementData,
    ProposalStanceData,
    ReplyData,
)
from remiss.writing.swedish import Member


def latest_decision(case: Case, kind: BodyKind) -> Decision | None:
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
    preparatory = latest_decision(case, BodyKind.PREPARATORY)
    deciding = latest_decision(case, BodyKind.DECIDING)
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
        proposal_stances=[
            ProposalStanceData(s.proposal.number, s.proposal.title, s.stance, s.comment)
            for s in version.stances.select_related("proposal").order_by("proposal__position")
        ],
        compilation_matter=version.compilation_matter,
        referred_units=[r.unit.in_text for r in internal],
        office_statements=office_statements,
        organisation=case.registry.organisation.name,
        issuer_dnr=referral.issuer_dnr,
        decision=DecisionData(
            deciding.item.meeting.body.name, deciding.item.meeting.date, deciding.outcome
        )
        if deciding
        else None,
    )


def _overall(stances: Sequence[str]) -> Stance:
    """The reply's stance as a whole, from its stances on the proposals."""
    kinds = set(stances)
    if not kinds:
        return Stance.UNCLEAR
    if {Stance.SUPPORTS, Stance.OPPOSES} <= kinds or Stance.MIXED in kinds:
        return Stance.MIXED
    if len(kinds) == 1:
        return Stance(kinds.pop())
    if Stance.SUPPORTS in kinds:
        return Stance.SUPPORTS
    return Stance.OPPOSES if Stance.OPPOSES in kinds else Stance.UNCLEAR


def reply_reading(case: Case, data: ReplyData, file_name: str) -> Reading:
    """The decided reply in the reading schema (docs/reading.md): embedded in the reply's PDF, so
    that a ministry's reader gets exactly what was decided instead of reading it from the text."""
    referral = case.referral
    deciding = data.decision
    statements = [*data.preparatory_statements, *data.member_statements]
    return Reading(
        file=file_name,
        respondent=data.organisation,
        respondent_dnr=case.number,
        remiss_title=referral.report_title,
        report_ref=referral.report_ref or None,
        ministry=referral.issuer.name,
        ministry_dnr=referral.issuer_dnr or None,
        deadline=referral.deadline.isoformat(),
        decision_body=deciding.body if deciding else None,
        decision_date=deciding.date.isoformat() if deciding else None,
        overall_stance=_overall([p.stance for p in data.proposal_stances]),
        proposal_stances=[
            ProposalReading(p.number, Stance(p.stance), p.comment or None)
            for p in data.proposal_stances
        ],
        statements=[
            SchemaStatement(
                StatementKind(s.kind),
                tuple(m.name for m in s.members),
                tuple(dict.fromkeys(m.party for m in s.members if m.party)),
            )
            for s in statements
        ],
        signatory=data.signatory,
    )
