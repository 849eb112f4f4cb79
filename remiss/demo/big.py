"""A big referral for measuring and testing (issue 13.5): a thousand bodies that replied through
their reply links, each reply a record with a read file, and thousands of further records in the
same case — the size at which pages once answered 500.

Rows are written in bulk, not through the services: what is measured is reading a big case, and
the services' per-reply audit and reading would make a fill of this size take minutes. The rows
are those the services write (recipient, record, stored file, record file, reading, reply).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from typing import Any

from django.db import transaction
from django.utils import timezone

from remiss.cases.models import Direction, Record, RecordFile, StoredFile
from remiss.consultations.models import OutgoingReferral, Recipient, Reply, ReplySource
from remiss.documents.models import FileReading, ReadingStatus
from remiss.organisations.models import Organisation, OrganisationKind

STANCES = ("supports", "opposes", "no_objection", "mixed", "unclear")
KINDS = (OrganisationKind.MUNICIPALITY, OrganisationKind.AGENCY, OrganisationKind.REGION)


def _reading(name: str, proposals: list[str], rng: random.Random) -> dict[str, Any]:
    return {
        "respondent": name,
        "overall_stance": rng.choice(STANCES),
        "proposal_stances": [
            {
                "proposal": number,
                "stance": rng.choice(STANCES[:3]),
                "evidence": f"{name} tar ställning till förslag {number}.",
                "page": rng.randint(1, 8),
            }
            for number in proposals
            if rng.random() < 0.7
        ],
        "warnings": [],
    }


@transaction.atomic
def fill_big_referral(
    referral: OutgoingReferral, *, replies: int = 1000, other_records: int = 4000, seed: int = 13
) -> None:
    """Add `replies` bodies that replied by link and `other_records` further records (internal
    memos, e-mails) to the referral's case."""
    rng = random.Random(seed)
    case = referral.case
    now = timezone.now()
    proposals = list(referral.proposals.values_list("number", flat=True))
    start = (case.records.order_by("-serial").values_list("serial", flat=True).first() or 0) + 1
    tag = f"{case.pk}-{start}"
    organisations = Organisation.objects.bulk_create(
        Organisation(name=f"Remissinstans {tag}-{n:05d}", kind=KINDS[n % len(KINDS)])
        for n in range(replies)
    )
    recipients = Recipient.objects.bulk_create(
        Recipient(referral=referral, organisation=org, channel="email", sent_at=now)
        for org in organisations
    )
    records = Record.objects.bulk_create(
        [
            Record(
                case=case,
                serial=start + n,
                direction=Direction.INCOMING,
                registered_at=now - dt.timedelta(minutes=n),
                document_date=now.date(),
                counterpart=org.name,
                subject=f"Remissvar från {org.name}",
            )
            for n, org in enumerate(organisations)
        ]
        + [
            Record(
                case=case,
                serial=start + replies + n,
                direction=Direction.INTERNAL,
                registered_at=now - dt.timedelta(minutes=n),
                document_date=now.date(),
                counterpart="Budgetavdelningen",
                subject=f"Tjänsteanteckning {n + 1} om remissvaren",
            )
            for n in range(other_records)
        ],
        batch_size=2000,
    )
    stored = StoredFile.objects.bulk_create(
        StoredFile(
            sha256=hashlib.sha256(f"{tag}-{n}".encode()).hexdigest(),
            size=40_000 + n,
            content_type="application/pdf",
            pages=rng.randint(2, 12),
        )
        for n in range(replies)
    )
    files = RecordFile.objects.bulk_create(
        RecordFile(record=record, stored=content, original_name=f"{org.name}.pdf")
        for record, content, org in zip(records, stored, organisations, strict=False)
    )
    FileReading.objects.bulk_create(
        FileReading(
            record_file=file,
            status=ReadingStatus.DONE,
            finished_at=now,
            suggestion=_reading(org.name, proposals, rng),
        )
        for file, org in zip(files, organisations, strict=True)
    )
    Reply.objects.bulk_create(
        Reply(
            referral=referral,
            recipient=recipient,
            organisation=recipient.organisation,
            source=ReplySource.LINK,
            received_at=record.registered_at,
            record=record,
        )
        for recipient, record in zip(recipients, records, strict=False)
    )
