"""Accuracy of the reader on labelled real replies, per split and field (issue 12).

Reads every NNN.txt of a labelled set with the reader (in this process, no sandbox: the texts
are ours) and compares each field with the hand-made label in NNN.json
(remiss.reading.evaluate): the respondent as the same organisation after normalising,
identifiers equal after normalising spacing and case, stances equal, and a null label counts
too — reading a value the text does not state is wrong, and is also counted as `invented`.

The default set is tests/data/real-replies, scored separately on dev/ (the replies the rules
may be developed on) and test/ (replies labelled before the reader was run on them, never
tuned to). Any other folder of NNN.txt/NNN.json is scored as one split named after it, e.g.
tests/data/corpus/remissvar (the first real excerpts) or tests/data/written-replies (written
for the project: unit examples, not evidence of accuracy).

    .venv/bin/python bench/reader_accuracy.py [SET_DIR] [--reports R.json] [--verbose]

With no --reports, SET_DIR/reports.json is used when it exists: the catalogue of reports the
replies may answer, as the application knows its referral's report, so that a reply naming its
report only by title is recognised. Proposal stances are read with the labels' own proposals.

Two robustness checks read the same labelled replies in a harder form (not accuracy):
--without-line-breaks takes every line break out, as hosting sites print a PDF's text, and
--unknown-sender takes each reply's own sender out of the gazetteer, as a reply from a body no
list holds is read.

Last line: {"bench": "reader_accuracy", "results": [{split, field, accuracy, documents,
invented?}, ...]}. Goals on test: overall_stance >= 0.85, respondent >= 0.90, report_ref and
ministry_dnr >= 0.95, respondent_dnr, decision_body, decision_date and signatory >= 0.90 with at
most one invented value in a hundred documents, proposal_stance >= 0.80.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from remiss.reading import bodies  # noqa: E402
from remiss.reading.evaluate import FIELDS, same  # noqa: E402
from remiss.reading.extract import Extracted  # noqa: E402
from remiss.reading.read import load_reports, read_file, reading_from_pages  # noqa: E402
from remiss.reading.stance import ProposalRef  # noqa: E402

# Fields where a value read against a null label is counted separately: an identifier or a
# name the reader made up is worse than one it missed.
INVENTABLE = (
    "respondent_dnr", "report_ref", "ministry_dnr", "deadline", "decision_body",
    "decision_date", "signatory",
)  # fmt: skip


def _without_line_breaks(text: str) -> str:
    """The text as a hosting site's transcript often has it: every line break gone."""
    return re.sub(r"\s*\n\s*", " ", text)


def _clear_gazetteer_caches() -> None:
    for value in vars(bodies).values():
        if callable(getattr(value, "cache_clear", None)):
            value.cache_clear()


@contextmanager
def _unknown(sender: str | None) -> Iterator[None]:
    """The gazetteer without the sender's own entry (every line naming it): the reply read as
    one from a body no list holds, as many unseen replies are."""
    full = bodies.known(sender) if sender else None
    if full is None:
        yield
        return
    lines = bodies.DATA.read_text(encoding="utf-8").splitlines()
    kept = [line for line in lines if bodies.known(line.split("|")[0]) != full]
    original = bodies.DATA
    with tempfile.TemporaryDirectory() as folder:
        reduced = Path(folder) / "bodies.txt"
        reduced.write_text("\n".join(kept) + "\n", encoding="utf-8")
        bodies.DATA = reduced
        _clear_gazetteer_caches()
        try:
            yield
        finally:
            bodies.DATA = original
            _clear_gazetteer_caches()


def _read(text_file: Path, proposals: list, reports: list, flatten: bool) -> dict:
    if not flatten:
        return read_file(text_file, proposals=proposals, reports=reports, isolated=False)
    text = _without_line_breaks(text_file.read_text(encoding="utf-8"))
    return reading_from_pages(
        Extracted([text], "text"), name=text_file.name, proposals=proposals, reports=reports
    )


def score_split(
    folder: Path, reports: list, verbose: bool, flatten: bool = False, unknown: bool = False
) -> list[dict]:
    scores: dict[str, list[bool]] = {field: [] for field in [*FIELDS, "proposal_stance"]}
    invented: dict[str, int] = dict.fromkeys(INVENTABLE, 0)
    for text_file in sorted(folder.glob("*.txt")):
        label = json.loads(text_file.with_suffix(".json").read_text(encoding="utf-8"))
        proposals = [
            ProposalRef(str(i + 1), p["proposal"], "")
            for i, p in enumerate(label.get("proposal_stances", []))
        ]
        with _unknown(label.get("respondent")) if unknown else nullcontext():
            reading = _read(text_file, proposals, reports, flatten)
        for field in FIELDS:
            ok = same(field, reading.get(field), label.get(field))
            scores[field].append(ok)
            if field in invented and label.get(field) is None and reading.get(field):
                invented[field] += 1
            if verbose and not ok:
                print(
                    f"  {folder.name}/{text_file.name} {field}: read {reading.get(field)!r}, "
                    f"label {label.get(field)!r}"
                )
        for wanted, got in zip(
            label.get("proposal_stances", []), reading["proposal_stances"], strict=False
        ):
            ok = wanted["stance"] == got["stance"]
            scores["proposal_stance"].append(ok)
            if verbose and not ok:
                print(
                    f"  {folder.name}/{text_file.name} proposal {wanted['proposal']!r}: read "
                    f"{got['stance']} ({got['evidence']!r}), label {wanted['stance']}"
                )
    results = []
    for field, oks in scores.items():
        result: dict = {
            "split": folder.name,
            "field": field,
            "accuracy": round(sum(oks) / len(oks), 3) if oks else None,
            "documents": len(oks),
        }
        if field in invented:
            result["invented"] = invented[field]
        results.append(result)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path, default=ROOT / "tests/data/real-replies")
    parser.add_argument("--verbose", action="store_true", help="print every disagreement")
    parser.add_argument("--reports", type=Path, help="REPORTS.json: [{ref, title}]")
    parser.add_argument(
        "--split", choices=("dev", "test"), help="score one split only (develop on dev alone)"
    )
    parser.add_argument(
        "--without-line-breaks",
        action="store_true",
        help="read each text with its line breaks taken out (a robustness check, not accuracy)",
    )
    parser.add_argument(
        "--unknown-sender",
        action="store_true",
        help="read each reply with its own sender taken out of the gazetteer (a robustness "
        "check: a body no list holds)",
    )
    args = parser.parse_args()
    catalogue = args.reports or args.corpus / "reports.json"
    reports = load_reports(catalogue) if catalogue.is_file() else []
    names = [args.split] if args.split else ["dev", "test"]
    splits = [args.corpus / name for name in names if (args.corpus / name).is_dir()]
    results = []
    for folder in splits or [args.corpus]:
        results += score_split(
            folder, reports, args.verbose, args.without_line_breaks, args.unknown_sender
        )
    print(f"{'split':<14} {'field':<16} {'accuracy':>8} {'documents':>9} {'invented':>8}")
    for r in results:
        accuracy = "-" if r["accuracy"] is None else f"{r['accuracy']:.3f}"
        print(
            f"{r['split']:<14} {r['field']:<16} {accuracy:>8} {r['documents']:>9} "
            f"{r.get('invented', ''):>8}"
        )
    print(json.dumps({"bench": "reader_accuracy", "results": results}))


if __name__ == "__main__":
    main()
