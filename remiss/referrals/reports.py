"""The catalogue of reports: loaded from a CSV or JSON file (ref, title, year, ministry) and
given to the reader, which matches a reply that names its report only by title. Callable from
the command line (`remiss reports import FILE`), a task and a test alike.

`remiss/referrals/data/reports.json` ships the reports the project can document from public
sources: those named by the real replies and referral lists under tests/data, with their titles
as the Government Offices publish them; the demo loads it."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from remiss.core.audit import audit_log, snapshot
from remiss.core.errors import ServiceError
from remiss.core.models import AuditAction
from remiss.core.text import lazy_text
from remiss.reading.references import KnownReport, normalise_report_ref
from remiss.referrals.models import Report

SHIPPED_CATALOGUE = Path(__file__).resolve().parent / "data" / "reports.json"
MAX_ROWS = 50_000
FIELDS = ("ref", "title", "year", "ministry")


@dataclass(frozen=True)
class ReportRow:
    ref: str
    title: str
    year: int | None
    ministry: str


def _rows_of(data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if text.lstrip().startswith("["):
        try:
            loaded = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ServiceError(
                lazy_text(_("The file is not valid JSON (line %(line)s)."), line=exc.lineno)
            ) from exc
        if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
            raise ServiceError(_("The JSON file must be a list of objects with ref and title."))
        return loaded
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    headers = [h.strip().lower() for h in reader.fieldnames or []]
    if "ref" not in headers or "title" not in headers:
        raise ServiceError(
            _("The CSV file needs a heading row with the columns ref and title (and may have "
              "year and ministry).")
        )  # fmt: skip
    reader.fieldnames = headers
    return [dict(row) for row in reader]


def parse_catalogue(data: bytes) -> list[ReportRow]:
    """Every row checked before anything is saved; the first bad row is named."""
    raw = _rows_of(data)
    if len(raw) > MAX_ROWS:
        raise ServiceError(lazy_text(_("The file has more than %(max)s rows."), max=MAX_ROWS))
    rows: list[ReportRow] = []
    seen: set[str] = set()
    for number, item in enumerate(raw, start=1):
        given = str(item.get("ref") or "").strip()
        ref = normalise_report_ref(given)
        if ref is None or len(ref) < len(given.replace(" ", "")) - 2:
            message = _(
                "Row %(row)s: “%(ref)s” is not a report reference (such as SOU 2019:43 or "
                "Ds 2023:23)."
            )
            raise ServiceError(lazy_text(message, row=number, ref=given[:60]))
        title = " ".join(str(item.get("title") or "").split())
        if not title or len(title) > 500:
            message = _(
                "Row %(row)s: the title of %(ref)s is missing or longer than 500 characters."
            )
            raise ServiceError(lazy_text(message, row=number, ref=ref))
        year_text = str(item.get("year") or "").strip()
        year = int(year_text) if year_text.isdigit() and 1900 <= int(year_text) <= 2100 else None
        if year_text and year is None:
            raise ServiceError(
                lazy_text(
                    _("Row %(row)s: the year “%(year)s” is not a year."),
                    row=number,
                    year=year_text[:20],
                )
            )
        if ref in seen:
            raise ServiceError(
                lazy_text(_("Row %(row)s: %(ref)s is in the file twice."), row=number, ref=ref)
            )
        seen.add(ref)
        ministry = " ".join(str(item.get("ministry") or "").split())[:200]
        rows.append(ReportRow(ref, title, year, ministry))
    return rows


def reports_import(rows: list[ReportRow], *, actor: Any = None) -> tuple[int, int]:
    """Add new reports and update changed ones, all or nothing, each change audited. Returns
    (added, changed)."""
    added = changed = 0
    with transaction.atomic():
        # The whole catalogue, not an IN-list of thousands of references.
        existing = {r.ref: r for r in Report.objects.all()}
        for row in rows:
            values = {"title": row.title, "year": row.year, "ministry": row.ministry}
            report = existing.get(row.ref)
            if report is None:
                report = Report.objects.create(ref=row.ref, **values)
                audit_log(actor=actor, action=AuditAction.CREATE, obj=report,
                          after=snapshot(report))  # fmt: skip
                added += 1
            elif any(getattr(report, k) != v for k, v in values.items()):
                before = snapshot(report)
                for key, value in values.items():
                    setattr(report, key, value)
                report.save()
                audit_log(actor=actor, action=AuditAction.UPDATE, obj=report, before=before,
                          after=snapshot(report))  # fmt: skip
                changed += 1
    return added, changed


def known_reports() -> list[KnownReport]:
    """The catalogue as the reader takes it."""
    return [KnownReport(ref, title) for ref, title in Report.objects.values_list("ref", "title")]
