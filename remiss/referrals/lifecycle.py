"""The case's lifecycle in one table (docs/architecture.md): for each step, the statuses it may
be taken from, the status it moves the case to, who may take it, and what a person is told when
the case is elsewhere. The services check and move by it, the case page offers the steps it
allows, and tests/test_lifecycle.py checks every status × step against a table of its own.

A step may be allowed from a status it does not move on from: a case being drafted can still
be referred to an office, and stays "drafting".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from remiss.cases.models import Case, CaseStatus
from remiss.core import permissions
from remiss.core.audit import audited_update
from remiss.core.errors import ServiceError

S = CaseStatus
ORDER = (S.REGISTERED, S.REFERRED, S.DRAFTING, S.PREPARED, S.DECIDED, S.REPLIED, S.CLOSED)
BEFORE_PREPARATION = frozenset({S.REGISTERED, S.REFERRED, S.DRAFTING})


class Step(StrEnum):
    REFER = "refer"  # refer to an office for a statement
    WRITE_MEMO = "write_memo"  # save a version of the memo (tjänsteutlåtande)
    MARK_MEMO_READY = "mark_memo_ready"  # the memo goes to the preparatory body
    PREPARE = "prepare"  # the preparatory body's decision
    DECIDE = "decide"  # the deciding body's decision
    SEND_REPLY = "send_reply"  # the decided reply is registered as sent
    CLOSE = "close"  # the case is closed after its reply
    CLOSE_WITHOUT_REPLY = "close_without_reply"  # closed before it went to its bodies


@dataclass(frozen=True)
class Transition:
    step: Step
    allowed_from: frozenset[str]
    to: str | None  # the status after the step; None: the status stays
    moves_from: frozenset[str]  # the allowed statuses it moves on from (the others stay)
    who: Callable[[Any, Case], bool]  # for the meetings' steps the body decides (see may)
    not_yet: Promise  # the case has not reached the step
    too_late: Promise  # the case is past it


def _memo_writers(user: Any, case: Case) -> bool:
    return permissions.can_write_memo(user, case)


def _case_changers(user: Any, case: Case) -> bool:
    return permissions.can_change_case(user, case)


def _registrars(user: Any, case: Case) -> bool:
    return permissions.can_register(user, case.registry.organisation)


_PREPARED = _("The case has already been prepared.")
_MEMO_FINAL = _("The case has already been prepared; the memo is final.")
_DECIDED = _("The case has already been decided.")
_NOT_DECIDED = _("Only a decided case can be replied to.")
_NOT_REPLIED = _("Only a case whose reply has been sent can be closed.")

LIFECYCLE: dict[Step, Transition] = {
    t.step: t
    for t in (
        Transition(Step.REFER, BEFORE_PREPARATION, S.REFERRED, frozenset({S.REGISTERED}),
                   _case_changers, _PREPARED, _PREPARED),
        Transition(Step.WRITE_MEMO, BEFORE_PREPARATION, S.DRAFTING,
                   frozenset({S.REGISTERED, S.REFERRED}), _memo_writers, _MEMO_FINAL, _MEMO_FINAL),
        Transition(Step.MARK_MEMO_READY, BEFORE_PREPARATION, None, frozenset(), _memo_writers,
                   _MEMO_FINAL, _MEMO_FINAL),
        Transition(Step.PREPARE, BEFORE_PREPARATION, S.PREPARED, BEFORE_PREPARATION,
                   _case_changers, _PREPARED, _PREPARED),
        Transition(Step.DECIDE, frozenset({S.PREPARED}), S.DECIDED, frozenset({S.PREPARED}),
                   _case_changers,
                   _("The case is not ready for %(body)s: the preparatory body has not dealt "
                     "with it."), _DECIDED),
        Transition(Step.SEND_REPLY, frozenset({S.DECIDED}), S.REPLIED, frozenset({S.DECIDED}),
                   _case_changers, _NOT_DECIDED, _NOT_DECIDED),
        Transition(Step.CLOSE, frozenset({S.REPLIED}), S.CLOSED, frozenset({S.REPLIED}),
                   _case_changers, _NOT_REPLIED, _NOT_REPLIED),
        Transition(Step.CLOSE_WITHOUT_REPLY, BEFORE_PREPARATION, S.CLOSED, BEFORE_PREPARATION,
                   _registrars,
                   _("Only a case that has not gone to its bodies can be closed without a reply."),
                   _("Only a case that has not gone to its bodies can be closed without a reply.")),
    )
}  # fmt: skip


def allowed(step: Step, status: str) -> bool:
    return status in LIFECYCLE[step].allowed_from


def status_after(step: Step, status: str, **details: object) -> str:
    """The status the case has after the step, or a ServiceError saying why it cannot be taken
    now (`details` fill the message: the body's name)."""
    transition = LIFECYCLE[step]
    if status not in transition.allowed_from:
        past = ORDER.index(status) > max(ORDER.index(s) for s in transition.allowed_from)
        message = transition.too_late if past else transition.not_yet
        raise ServiceError(str(message) % details if details else message)
    return transition.to if status in transition.moves_from and transition.to else status


def may(user: Any, case: Case, step: Step) -> bool:
    """May the user take the step in this case now (its status and the step's rule)? The
    meetings' steps are further kept to those who keep the body's minutes (the service asks
    permissions.can_run_meetings with the body)."""
    return allowed(step, case.status) and LIFECYCLE[step].who(user, case)


def steps_for(user: Any, case: Case) -> set[str]:
    """The steps the user may take in the case now: what the case page offers."""
    return {step.value for step in Step if may(user, case, step)}


def take(
    actor: Any, case: Case, step: Step, *, at: dt.datetime | None = None, **details: object
) -> None:
    """Take the step: refused as status_after says, else the case moves (audited) when the step
    moves it. The one place a case's status is written after its registration. The status is
    read again under a lock: of two requests taking the same step at once (a reply sent twice),
    the second finds the case already moved and is refused, whatever its copy of the case says."""
    with transaction.atomic():
        current = type(case).objects.select_for_update().values_list("status", flat=True)
        case.status = current.get(pk=case.pk)
        new = status_after(step, case.status, **details)
        if new == case.status:
            return
        changes: dict[str, object] = {"status": new}
        if new == S.CLOSED:
            changes["closed_at"] = at or timezone.now()
        audited_update(actor=actor, obj=case, changes=changes, editable=tuple(changes), case=case)
        case.status = new
