"""`remiss read FILE… [--proposals PROPOSALS.json] [--reports REPORTS.json]`: one JSON reading
per file per line, with no database and no Django."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from remiss.reading.read import load_proposals, load_reports, read_files


def read_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="remiss read",
        description="Läs remissvar (PDF, Word, text) / read reply documents.",
    )
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--proposals", type=Path, help="PROPOSALS.json: [{id, title, text}]")
    parser.add_argument(
        "--reports",
        type=Path,
        help="REPORTS.json: [{ref, title}] — kända betänkanden, för svar som bara nämner titeln "
        "/ known reports, for replies that name only the title",
    )
    parser.add_argument("--timeout", type=float, default=60, help="seconds per file (60)")
    args = parser.parse_args(argv)
    proposals = []
    if args.proposals:
        try:
            proposals = load_proposals(args.proposals)
        except (OSError, ValueError, KeyError) as exc:
            parser.error(f"kan inte läsa förslagen / cannot read the proposals: {exc}")
    reports = []
    if args.reports:
        try:
            reports = load_reports(args.reports)
        except (OSError, ValueError, KeyError) as exc:
            parser.error(f"kan inte läsa betänkandena / cannot read the reports: {exc}")
    missing = [path for path in args.files if not path.is_file()]
    for path in missing:
        sys.stderr.write(f"remiss read: filen finns inte / no such file: {path}\n")
    present = [path for path in args.files if path.is_file()]
    for reading in read_files(present, proposals=proposals, reports=reports, timeout=args.timeout):
        sys.stdout.write(json.dumps(reading, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if missing else 0
