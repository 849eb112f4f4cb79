"""Keeping the search index: what each thing is found by, written in the transaction that
changes it (remiss.search.signals), and the rebuild of the whole index (`remiss search
rebuild`). docs/search.md."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Model

from remiss.cases.models import Case, Record, RecordFile
from remiss.consultations.models import OutgoingReferral, Reply
from remiss.meetings.models import Decision, MemberStatement
from remiss.organisations.models import Organisation
from remiss.referrals.models import IncomingReferral, MemoVersion, Statement
from remiss.search.models import EntryKind, SearchEntry, SearchTerm
from remiss.search.text import MIN_COMPOUND, facet_term, index_terms

MAX_TEXT = 100_000  # characters of one entry's text (a page) that are kept and indexed


@dataclass(frozen=True)
class Entry:
    key: str
    kind: str
    case: Case
    title: str
    text: str
    record: Record | None = None
    page: int | None = None
    stance: str = ""
    body_id: int | None = None


def _lines(*parts: object) -> str:
    return "\n".join(str(p) for p in parts if p)


def case_entries(case: Case) -> list[Entry]:
    """The case: its number, title and the referral it concerns (either side)."""
    parts: list[object] = [case.number, case.title]
    incoming = IncomingReferral.objects.filter(case=case).select_related("issuer").first()
    if incoming:
        parts += [
            incoming.report_ref,
            incoming.report_title,
            incoming.issuer.name if incoming.issuer else "",
            incoming.issuer_dnr,
            *(f"{p.number} {p.title}" for p in incoming.proposals.all()),
        ]
    outgoing = OutgoingReferral.objects.filter(case=case).first()
    if outgoing:
        parts += [
            outgoing.report_ref,
            outgoing.report_title,
            *(f"{p.number} {p.title}" for p in outgoing.proposals.all()),
        ]
    return [
        Entry(
            f"case:{case.pk}", EntryKind.CASE, case, f"{case.number} {case.title}", _lines(*parts)
        )
    ]


def record_entries(record: Record) -> list[Entry]:
    """A record: its sender or recipient and subject, seen by those who may read its content;
    a secret record's public subject, seen by everyone who sees the case."""
    title = f"{record.case.number}-{record.serial}"
    entries = [
        Entry(
            f"record:{record.pk}",
            EntryKind.RECORD,
            record.case,
            f"{title} {record.subject}",
            _lines(record.counterpart, record.subject),
            record=record,
        )
    ]
    if record.is_secret and record.public_subject:
        entries.append(
            Entry(
                f"record-public:{record.pk}",
                EntryKind.RECORD,
                record.case,
                f"{title} {record.public_subject}",
                # What the register lists of a secret record: its sender and public subject.
                _lines(record.counterpart, record.public_subject),
            )
        )
    return entries


def memo_version_entries(version: MemoVersion) -> list[Entry]:
    comments = [s.comment for s in version.stances.all()]
    return [
        Entry(
            f"memo:{version.pk}",
            EntryKind.MEMO,
            version.memo.case,
            # Data only: the kind's label says what it is, in the reader's language.
            f"{version.memo.unit}, {version.date.isoformat()} (v{version.number})",
            _lines(
                version.matter,
                version.preparation,
                version.views,
                version.decision_text,
                version.compilation_matter,
                *comments,
            ),
        )
    ]


def statement_entries(statement: Statement) -> list[Entry]:
    referral = statement.internal_referral
    return [
        Entry(
            f"statement:{statement.pk}",
            EntryKind.STATEMENT,
            referral.case,
            str(statement),
            _lines(referral.unit.name, statement.summary, statement.text),
            record=statement.record,
        )
    ]


def decision_entries(decision: Decision) -> list[Entry]:
    return [
        Entry(
            f"decision:{decision.pk}",
            EntryKind.DECISION,
            decision.item.case,
            str(decision),
            decision.outcome,
        )
    ]


def member_statement_entries(statement: MemberStatement) -> list[Entry]:
    names = [str(m) for m in statement.members.all()]
    return [
        Entry(
            f"member_statement:{statement.pk}",
            EntryKind.MEMBER_STATEMENT,
            statement.decision.item.case,
            f"{', '.join(names)} ({statement.decision.item})",
            _lines(statement.get_kind_display(), *names, statement.text),
        )
    ]


def reply_body(reply: Reply) -> Organisation | None:
    """The body that replied: its own, or the recipient's it came in for."""
    return reply.organisation or (reply.recipient.organisation if reply.recipient else None)


def reply_entries(reply: Reply) -> list[Entry]:
    """A reply the issuer received: who sent it, its stance and the quotes it was read by."""
    quotes = [s.evidence for s in reply.stances.all()]
    body = reply_body(reply)
    return [
        Entry(
            f"reply:{reply.pk}",
            EntryKind.REPLY,
            reply.referral.case,
            str(reply),
            _lines(body.name if body else "", *quotes),
            record=reply.record,
            stance=reply.overall_stance or "",
            body_id=body.pk if body else None,
        )
    ]


def _reply_body_id(record: Record) -> int | None:
    """The body of the reply the record holds, if it holds one: its file is found by it."""
    reply = (
        Reply.objects.filter(record=record)
        .select_related("organisation", "recipient__organisation")
        .first()
    )
    body = reply_body(reply) if reply else None
    return body.pk if body else None


def file_entries(record_file: RecordFile, pages: Sequence[str]) -> list[Entry]:
    record = record_file.record
    body_id = _reply_body_id(record)
    return [
        Entry(
            f"file:{record_file.pk}:{number}",
            EntryKind.FILE,
            record.case,
            record_file.original_name,
            text,
            record=record,
            page=number,
            body_id=body_id,
        )
        for number, text in enumerate(pages, start=1)
        if text.strip()
    ]


# Each kind of thing the index holds, with how its entries are made and the prefix of their keys.
BUILDERS: dict[type[Model], tuple[str, Callable[[Any], list[Entry]]]] = {
    Case: ("case", case_entries),
    Record: ("record", record_entries),
    MemoVersion: ("memo", memo_version_entries),
    Statement: ("statement", statement_entries),
    Decision: ("decision", decision_entries),
    MemberStatement: ("member_statement", member_statement_entries),
    Reply: ("reply", reply_entries),
}


def _keys_of(prefix: str, pk: int) -> list[str]:
    keys = [f"{prefix}:{pk}"]
    if prefix == "record":
        keys.append(f"record-public:{pk}")
    return keys


# What an entry holds; an entry whose values are all as written is left as it is.
_STORED = ("kind", "case_id", "record_id", "organisation_id", "year", "page", "stance",
           "body_id", "title", "text", "terms")  # fmt: skip


def write(entries: Iterable[Entry], *, replacing: Sequence[str] = ()) -> int:
    """Write entries (in the caller's transaction), replacing those with the keys given and
    those with the same keys. An entry that has not changed is not written again: most saves
    (a case's status, its officer) change nothing the index holds, and rewriting an entry
    rewrites its full-text index. Returns how many were written."""
    rows = [_row(e) for e in entries]
    with transaction.atomic():
        stale = set(replacing) | {r.key for r in rows}
        held = {
            key: values
            for key, *values in SearchEntry.objects.filter(key__in=stale).values_list(
                "key", *_STORED
            )
        }
        changed = [r for r in rows if held.get(r.key) != [getattr(r, f) for f in _STORED]]
        unchanged = {r.key for r in rows} - {r.key for r in changed}
        if stale - unchanged:
            SearchEntry.objects.filter(key__in=stale - unchanged).delete()
        SearchEntry.objects.bulk_create(changed)
        _remember_terms(changed)
    return len(changed)


def _row(entry: Entry) -> SearchEntry:
    text = entry.text[:MAX_TEXT]
    return SearchEntry(
        key=entry.key,
        kind=entry.kind,
        case=entry.case,
        record=entry.record,
        organisation_id=entry.case.registry.organisation_id,
        year=entry.case.year,
        page=entry.page,
        stance=entry.stance,
        body_id=entry.body_id,
        title=entry.title[:500],
        text=text,
        terms=entry_terms(
            kind=entry.kind,
            year=entry.case.year,
            organisation_id=entry.case.registry.organisation_id,
            stance=entry.stance,
            text=f"{entry.title}\n{text}",
        ),
    )


def entry_terms(*, kind: str, year: int, organisation_id: int, stance: str, text: str) -> str:
    """The terms an entry is indexed by: its facets' terms (facet_term), then its text's."""
    facets = [
        facet_term("k", kind),
        facet_term("y", year),
        facet_term("o", organisation_id),
        *([facet_term("s", stance)] if stance else []),
    ]
    return " ".join([*facets, *index_terms(text)])


def _remember_terms(rows: Sequence[SearchEntry]) -> None:
    terms = {t for row in rows for t in row.terms.split() if len(t) >= MIN_COMPOUND and t.isalpha()}
    SearchTerm.objects.bulk_create(
        [SearchTerm(term=t, reversed=t[::-1]) for t in terms], ignore_conflicts=True
    )


def index_object(instance: Model) -> int:
    """Write the entries of one thing (after it was saved)."""
    prefix, build = BUILDERS[type(instance)]
    return write(build(instance), replacing=_keys_of(prefix, instance.pk))


def forget_object(model: type[Model], pk: int) -> None:
    prefix, _build = BUILDERS[model]
    SearchEntry.objects.filter(key__in=_keys_of(prefix, pk)).delete()


def index_file_pages(record_file: RecordFile, pages: Sequence[str]) -> int:
    """Write a file's text, one entry per page, replacing what the index held for the file."""
    with transaction.atomic():
        SearchEntry.objects.filter(key__startswith=f"file:{record_file.pk}:").delete()
        return write(file_entries(record_file, pages))


def _all_objects() -> Iterator[tuple[type[Model], Iterable[Model]]]:
    related = {
        Case: ("registry",),
        Record: ("case__registry",),
        MemoVersion: ("memo__case__registry",),
        Statement: ("internal_referral__case__registry", "internal_referral__unit", "record"),
        Decision: ("item__case__registry",),
        MemberStatement: ("decision__item__case__registry",),
        Reply: ("referral__case__registry", "organisation", "recipient__organisation", "record"),
    }
    for model, joins in related.items():
        yield model, model.objects.select_related(*joins).order_by("pk").iterator(chunk_size=500)  # type: ignore[attr-defined]


def count_objects() -> int:
    return sum(model.objects.count() for model in BUILDERS)  # type: ignore[attr-defined]


def rebuild(progress: Callable[[int], None] = lambda n: None) -> int:
    """Index everything again: the entries of every thing, and the text of every file already
    extracted is kept (file entries are made by the file's own task). Returns the entries
    written; `progress` is told how many things were done, every hundred."""
    written = done = 0
    with transaction.atomic():
        SearchEntry.objects.exclude(kind=EntryKind.FILE).delete()
        batch: list[Entry] = []
        for _model, objects in _all_objects():
            for instance in objects:
                _prefix, build = BUILDERS[type(instance)]
                batch.extend(build(instance))
                done += 1
                if len(batch) >= 500:
                    written += write(batch)
                    batch = []
                if done % 100 == 0:
                    progress(done)
        written += write(batch)
        progress(done)
    return written
