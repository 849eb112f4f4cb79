"""Accuracy of the reader on the labelled corpus of real replies (issue 4).

Runs `remiss read` on every NNN.txt of the corpus (default: tests/data/corpus/remissvar, a copy
of shared/corpus/remissvar; tests/data/written-replies is a second set) and compares each field
with the hand-made label in NNN.json (remiss.reading.evaluate):
respondent as the same organisation after normalising; identifiers equal after normalising
spacing and case; stances equal; a null label counts too (reading a value the text does not
state is wrong). Proposal stances are read with the labels' own proposals as PROPOSALS.json.
With --reports the reader is told which reports the replies may answer (as the application
tells it the referral's report), so that a reply naming its report only by title is recognised.

    .venv/bin/python bench/reader_accuracy.py [CORPUS_DIR] [--reports R.json] [--verbose]

Last line: {"bench": "reader_accuracy", "results": [{field, accuracy, documents}, ...]}.
Goal: overall_stance >= 0.85, report_ref and ministry_dnr >= 0.95, respondent >= 0.9.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remiss.reading.evaluate import FIELDS, same  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "corpus", nargs="?", type=Path, default=ROOT / "tests/data/corpus/remissvar"
    )
    parser.add_argument("--quick", action="store_true", help="the same run (it is fast)")
    parser.add_argument("--verbose", action="store_true", help="print every disagreement")
    parser.add_argument(
        "--reports",
        type=Path,
        help="REPORTS.json passed to remiss read: the reports the replies may answer, as the "
        "application knows its referral's report (tests/data/corpus/reports.json)",
    )
    args = parser.parse_args()
    remiss = [sys.executable, "-m", "remiss", "read"]
    scores: dict[str, list[bool]] = {field: [] for field in [*FIELDS, "proposal_stance"]}
    for text_file in sorted(args.corpus.glob("*.txt")):
        label = json.loads(text_file.with_suffix(".json").read_text(encoding="utf-8"))
        proposals = [
            {"id": str(i + 1), "title": p["proposal"], "text": ""}
            for i, p in enumerate(label.get("proposal_stances", []))
        ]
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump(proposals, handle, ensure_ascii=False)
        command = [*remiss, str(text_file), "--proposals", handle.name]
        if args.reports:
            command += ["--reports", str(args.reports)]
        output = subprocess.run(command, capture_output=True, text=True, check=True, cwd=ROOT)
        Path(handle.name).unlink()
        reading = json.loads(output.stdout.strip().splitlines()[-1])
        for field in FIELDS:
            ok = same(field, reading.get(field), label.get(field))
            scores[field].append(ok)
            if args.verbose and not ok:
                print(
                    f"  {text_file.name} {field}: read {reading.get(field)!r}, "
                    f"label {label.get(field)!r}"
                )
        for wanted, got in zip(
            label.get("proposal_stances", []), reading["proposal_stances"], strict=False
        ):
            ok = wanted["stance"] == got["stance"]
            scores["proposal_stance"].append(ok)
            if args.verbose and not ok:
                print(
                    f"  {text_file.name} proposal {got['proposal']}: read {got['stance']} "
                    f"({got['evidence']!r}), label {wanted['stance']} ({wanted.get('evidence')!r})"
                )
    results = []
    for field, oks in scores.items():
        accuracy = round(sum(oks) / len(oks), 3) if oks else None
        results.append({"field": field, "accuracy": accuracy, "documents": len(oks)})
        print(f"{field:<16} {accuracy}  ({sum(oks)}/{len(oks)})")
    print(json.dumps({"bench": "reader_accuracy", "results": results}))


if __name__ == "__main__":
    main()
