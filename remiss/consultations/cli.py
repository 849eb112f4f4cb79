"""`remiss compile FOLDER --proposals PROPOSALS.json [--reports REPORTS.json]
-o OUT.(json|csv|xlsx|docx|pdf)`: compile a folder of replies with no database and no Django,
for an official with a mailbox of PDFs."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tqdm import tqdm

from remiss.consultations.compilation import WRITERS, compile_readings
from remiss.reading.cli import add_input_options, load_inputs
from remiss.reading.extract import READABLE_KINDS
from remiss.reading.read import read_files
from remiss.reading.schema import not_read

READABLE = {ending for _type, endings in READABLE_KINDS.values() for ending in endings}
# The exit status when the compilation was written but some replies could not be read.
SOME_NOT_READ = 3


def compile_main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="remiss compile",
        description="Sammanställ remissvar i en mapp / compile the replies in a folder.",
        epilog=(
            f"Slutstatus / exit status: 0 alla svar lästa / every reply read; {SOME_NOT_READ} "
            "sammanställningen skriven men några svar gick inte att läsa (de räknas upp) / "
            "written, but some replies could not be read (listed); 2 fel i anropet / usage error."
        ),
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
    readings = []
    # A bar on a terminal; nothing in a pipe or a log.
    with tqdm(
        total=len(paths), desc="Läser svar", unit="svar", file=sys.stderr,
        disable=not sys.stderr.isatty(),
    ) as progress:  # fmt: skip
        for reading in read_files(
            paths, proposals=proposals, reports=reports, timeout=args.timeout, workers=workers
        ):
            readings.append(reading)
            progress.update()
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
    unread = [
        (reading["file"], why) for reading in readings if (why := not_read(reading["warnings"]))
    ]
    if unread:
        sys.stderr.write(
            f"remiss compile: {len(unread)} av {len(readings)} svar gick inte att läsa och står "
            f"utan ställningstagande i sammanställningen / {len(unread)} of {len(readings)} "
            "replies could not be read and stand without a stance in the compilation:\n"
        )
        for name, why in unread:
            sys.stderr.write(f"  {name}: {why}\n")
        return SOME_NOT_READ
    return 0
