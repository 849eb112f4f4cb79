"""Compilation benchmark (issue 6).

1. The compilation alone: 300 already-read replies × 20 proposals through compile_readings and
   each export (CSV, XLSX, Word, PDF). Goal: <= 2 s for the compilation.
2. End to end: 300 ten-page text PDFs through `remiss compile` (reading on every core, then the
   compilation and a CSV), against the reader alone on the same files in one process — the
   end-to-end speed is bounded by the reader's, and the ratio is printed.

    .venv/bin/python bench/compile.py [--quick]      # --quick: 60 replies

Last line: {"bench": "compile", "results": [{case, replies, proposals, seconds,
reader_pages_per_s}, ...]}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.reader_speed import long_reply_pdf  # noqa: E402
from remiss.consultations import compilation  # noqa: E402
from remiss.reading.read import load_proposals, read_files  # noqa: E402

STANCES = ["supports", "opposes", "no_objection", "abstains", "unclear", "mixed"]


def synthetic_readings(replies: int, proposals: int) -> list[dict]:
    rng = random.Random(14)
    readings = []
    for n in range(replies):
        stances = [
            {
                "proposal": str(p + 1),
                "stance": rng.choice(STANCES[:3]),
                "evidence": f"Remissinstans {n} tar ställning till förslag {p + 1} i avsnitt {p}.",
                "page": rng.randint(1, 10),
            }
            for p in range(proposals)
            if rng.random() < 0.7
        ]
        readings.append(
            {
                "file": f"Fi2026-00014 Remissinstans {n}.pdf",
                "respondent": f"Remissinstans {n}",
                "overall_stance": rng.choice(STANCES),
                "proposal_stances": stances,
                "warnings": [],
            }
        )
    return readings


def compile_alone(replies: int, proposals: int) -> list[dict]:
    items = [{"id": str(p + 1), "title": f"Förslag om del {p + 1}"} for p in range(proposals)]
    readings = synthetic_readings(replies, proposals)
    results = []
    start = time.perf_counter()
    compiled = compilation.compile_readings(items, readings, not_replied=["Regelrådet"])
    alone = time.perf_counter() - start
    results.append({"case": "compile (table and quotes)", "replies": replies,
                    "proposals": proposals, "seconds": round(alone, 3),
                    "reader_pages_per_s": None})  # fmt: skip
    for kind in ("csv", "xlsx", "docx", "pdf"):
        start = time.perf_counter()
        compilation.WRITERS[kind](compiled)
        results.append({"case": f"compile + {kind}", "replies": replies, "proposals": proposals,
                        "seconds": round(alone + time.perf_counter() - start, 3),
                        "reader_pages_per_s": None})  # fmt: skip
    return results


def end_to_end(replies: int, proposals: int, work: Path) -> list[dict]:
    folder = work / "svar"
    folder.mkdir()
    template = work / "mall.pdf"
    long_reply_pdf(template, 10)
    data = template.read_bytes()
    for n in range(replies):
        # The same ten pages under 300 names: each file is still read in full.
        (folder / f"Fi2026-00014 Remissinstans {n}.pdf").write_bytes(data)
    proposals_file = work / "forslag.json"
    proposals_file.write_text(json.dumps(
        [{"id": str(p + 1), "title": f"Förslag om del {p + 1}"} for p in range(proposals)]
    ))  # fmt: skip
    pages = replies * 10
    paths = sorted(folder.iterdir())
    start = time.perf_counter()
    for _reading in read_files(paths, proposals=load_proposals(proposals_file)):
        pass
    reader_alone = time.perf_counter() - start
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "remiss", "compile", str(folder), "--proposals",
         str(proposals_file), "-o", str(work / "sammanstallning.csv")],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    whole = time.perf_counter() - start
    print(f"reader alone, one process: {pages / reader_alone:.1f} pages/s; "
          f"remiss compile on {os.cpu_count()} cores: {pages / whole:.1f} pages/s "
          f"(ratio {reader_alone / whole:.2f})")  # fmt: skip
    return [
        {"case": "reader alone (one process)", "replies": replies, "proposals": proposals,
         "seconds": round(reader_alone, 2), "reader_pages_per_s": round(pages / reader_alone, 1)},
        {"case": "remiss compile, end to end", "replies": replies, "proposals": proposals,
         "seconds": round(whole, 2), "reader_pages_per_s": round(pages / whole, 1),
         "ratio_to_reader": round(reader_alone / whole, 2)},
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="60 replies instead of 300")
    args = parser.parse_args()
    replies = 60 if args.quick else 300
    results = compile_alone(replies, 20)
    with tempfile.TemporaryDirectory(prefix="remiss-compile-") as work:
        results += end_to_end(replies, 20, Path(work))
    for result in results:
        print(result)
    print(json.dumps({"bench": "compile", "results": results}))


if __name__ == "__main__":
    main()
