"""`remiss compile FOLDER --proposals PROPOSALS.json [--reports REPORTS.json]
-o OUT.(json|csv|xlsx|docx|pdf)`: compile a folder of replies with no database and no Django,
for an official with a mailbox of PDFs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from remiss.consultations.compilation import WRITERS, compile_readings
from remiss.reading.cli import add_input_options, load_inputs
from remiss.reading.extract import READABLE_KINDS
from remiss.reading.read import read_files

READABLE = {ending for _type, endings in READABLE_KINDS.values() for ending in endings}


def compile_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="remiss compile",
        description="Sammanställ remissvar i en mapp / compile the replies in a folder.",
    )
    parser.add_argument("folder", type=Path)
    add_input_options(parser, proposals_required=True)
    parser.add_argument(
        "-o", "--output", type=Path, required=True, help="OUT.json|csv|xlsx|docx|pdf"
    )
    parser.add_argument("--title", default="Remissammanställning")
    parser.add_argument("--timeout", type=float, default=60, help="seconds per file (60)")
    parser.add_argument("--workers", type=int, default=0, help="processes (default: every core)")
    args = parser.parse_args(argv)
    kind = args.output.suffix.lower().lstrip(".")
    if kind not in WRITERS:
        parser.error(f"okänt format / unknown format: .{kind} (json, csv, xlsx, docx eller/or pdf)")
    if not args.folder.is_dir():
        parser.error(f"mappen finns inte / no such folder: {args.folder}")
    proposals, reports = load_inputs(parser, args)
    paths = sorted(p for p in args.folder.iterdir() if p.is_file() and p.suffix.lower() in READABLE)
    skipped = sorted(p.name for p in args.folder.iterdir() if p.is_file() and p not in paths)
    workers = args.workers or os.cpu_count() or 1
    readings = list(
        read_files(
            paths, proposals=proposals, reports=reports, timeout=args.timeout, workers=workers
        )
    )
    compilation = compile_readings(
        [{"id": p.id, "title": p.title} for p in proposals], readings, title=args.title
    )
    compilation.warnings += [f"Hoppade över {name}: inte PDF, Word eller text." for name in skipped]
    partial = args.output.with_name(args.output.name + ".part")
    partial.write_bytes(WRITERS[kind](compilation))
    partial.replace(args.output)  # never a half-written file under the asked name
    sys.stderr.write(
        f"remiss compile: {len(readings)} svar, {len(proposals)} förslag → {args.output}\n"
    )
    for warning in compilation.warnings:
        sys.stderr.write(f"  {warning}\n")
    return 0
