"""`remiss read FILE… [--proposals PROPOSALS.json] [--reports REPORTS.json]`: one JSON reading
per file per line, with no database and no Django."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from remiss.reading.read import load_proposals, load_reports, read_files
from remiss.reading.references import KnownReport
from remiss.reading.stance import ProposalRef


def add_input_options(parser: argparse.ArgumentParser, *, proposals_required: bool = False) -> None:
    """The two files a reading may be given: the proposals, and the reports replied to."""
    parser.add_argument(
        "--proposals",
        type=Path,
        required=proposals_required,
        help="PROPOSALS.json: [{id, title, text}]",
    )
    parser.add_argument(
        "--reports",
        type=Path,
        help="REPORTS.json: [{ref, title}] — kända betänkanden, för svar som bara nämner titeln "
        "/ known reports, for replies that name only the title",
    )


def load_inputs(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> tuple[list[ProposalRef], list[KnownReport]]:
    """The proposals and reports named on the command line; a file that cannot be read ends
    the command with its reason, in Swedish and English."""
    loaded: dict[str, list[Any]] = {"proposals": [], "reports": []}
    for option, load, swedish, english in (
        ("proposals", load_proposals, "förslagen", "the proposals"),
        ("reports", load_reports, "betänkandena", "the reports"),
    ):
        path = getattr(args, option)
        if path:
            try:
                loaded[option] = load(path)
            except (OSError, ValueError, KeyError, TypeError) as exc:
                parser.error(f"kan inte läsa {swedish} / cannot read {english}: {exc}")
    return loaded["proposals"], loaded["reports"]


def read_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="remiss read",
        description="Läs remissvar (PDF, Word, text) / read reply documents.",
    )
    parser.add_argument("files", nargs="+", type=Path)
    add_input_options(parser)
    parser.add_argument("--timeout", type=float, default=60, help="seconds per file (60)")
    args = parser.parse_args(argv)
    proposals, reports = load_inputs(parser, args)
    missing = [path for path in args.files if not path.is_file()]
    for path in missing:
        sys.stderr.write(f"remiss read: filen finns inte / no such file: {path}\n")
    present = [path for path in args.files if path.is_file()]
    for reading in read_files(present, proposals=proposals, reports=reports, timeout=args.timeout):
        sys.stdout.write(json.dumps(reading, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 1 if missing else 0
