"""Read one reply document into the reading (remiss.reading.schema, docs/reading.md). Pure
Python, no Django."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from remiss.reading import bodies, embedded, stance, structure
from remiss.reading.campaigns import fingerprint
from remiss.reading.clean import clean_pages, sentences
from remiss.reading.extract import Extracted, extract, extract_isolated
from remiss.reading.references import KnownReport
from remiss.reading.sandbox import ProbeServer
from remiss.reading.schema import Reading
from remiss.reading.stance import ProposalRef


def load_proposals(path: Path) -> list[ProposalRef]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError("PROPOSALS.json must be a list of {id, title, text}")
    return [
        ProposalRef(str(item["id"]), str(item.get("title", "")), str(item.get("text", "")))
        for item in data
    ]


def load_reports(path: Path) -> list[KnownReport]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, list):
        raise ValueError("REPORTS.json must be a list of {ref, title}")
    return [KnownReport(str(item["ref"]), str(item["title"])) for item in data]


def reading_from_pages(
    extracted: Extracted,
    *,
    name: str,
    proposals: Sequence[ProposalRef] = (),
    reports: Sequence[KnownReport] = (),
    known_bodies: Sequence[str] = (),
) -> dict[str, Any]:
    """The reading of extracted pages; `known_bodies`: the application's register of bodies,
    known besides the gazetteer's."""
    with bodies.also_known(known_bodies):
        return _reading(extracted, name=name, proposals=proposals, reports=reports)


def _reading(
    extracted: Extracted,
    *,
    name: str,
    proposals: Sequence[ProposalRef],
    reports: Sequence[KnownReport],
) -> dict[str, Any]:
    pages = clean_pages(extracted.pages, keep_first_header=True)
    text = "\n\n".join(pages)
    split = sentences(extracted.pages)
    found = stance.findings(split)
    overall, _evidence = stance.overall(found)
    sender = structure.respondent(text)
    issuer_dnr = structure.ministry_dnr(text, sender or "")
    ref = structure.report_ref(text, reports)
    reading = Reading(
        file=name,
        respondent=sender,
        respondent_dnr=structure.respondent_dnr(text, issuer_dnr),
        remiss_title=structure.remiss_title(text, ref),
        report_ref=ref,
        ministry=structure.ministry(text),
        ministry_dnr=issuer_dnr,
        deadline=structure.deadline(text),
        decision_body=structure.decision_body(text, sender),
        decision_date=structure.decision_date(text),
        overall_stance=overall,
        proposal_stances=stance.per_proposal(found, proposals, split) if proposals else [],
        statements=structure.member_statements(text),
        signatory=structure.signatory(text, sender),
        pages=len(extracted.pages),
        ocr=extracted.ocr,
        warnings=list(extracted.warnings),
    )
    if extracted.embedded:
        reading = embedded.adopt(reading, extracted.embedded, text, proposals)
    if not text.strip():
        reading.warnings.append("no-text: the document holds no readable text")
    return reading.to_json()


def read_file(
    path: Path,
    *,
    proposals: Sequence[ProposalRef] = (),
    reports: Sequence[KnownReport] = (),
    isolated: bool = True,
    timeout: float = 60,
    server: ProbeServer | None = None,
    known_bodies: Sequence[str] = (),
    with_fingerprint: bool = False,
) -> dict[str, Any]:
    """Read one file. `isolated` parses it in a child process with time and memory limits.
    `with_fingerprint`: the text's near-copy fingerprint (remiss.reading.campaigns) under
    "fingerprint", for the caller to keep beside the reading."""
    if isolated:
        extracted = extract_isolated(path, timeout=timeout, server=server)
    else:
        extracted = extract(path)
    result = reading_from_pages(
        extracted, name=path.name, proposals=proposals, reports=reports, known_bodies=known_bodies
    )
    if with_fingerprint:
        found = fingerprint("\n".join(extracted.pages))
        result["fingerprint"] = list(found) if found else None
    return result


def read_files(
    paths: Iterable[Path],
    *,
    proposals: Sequence[ProposalRef] = (),
    reports: Sequence[KnownReport] = (),
    timeout: float = 60,
    workers: int = 1,
) -> Iterator[dict[str, Any]]:
    """Read many files, in the order given, through one sandboxed child per worker (restarted
    after any file that kills it). With `workers` > 1 the files are shared among that many
    processes, so that a folder of replies uses every core."""
    paths = list(paths)
    if workers <= 1 or len(paths) < 2:
        with ProbeServer("remiss.reading.extract") as server:
            for path in paths:
                yield read_file(
                    path, proposals=proposals, reports=reports, timeout=timeout, server=server
                )
        return
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(
        max_workers=min(workers, len(paths)), initializer=_start_worker
    ) as pool:
        jobs = [(path, tuple(proposals), tuple(reports), timeout) for path in paths]
        yield from pool.map(_read_in_worker, jobs)


_worker_server: ProbeServer | None = None


def _start_worker() -> None:
    """Each worker process keeps one sandboxed child for all its files."""
    import atexit

    global _worker_server
    _worker_server = ProbeServer("remiss.reading.extract").__enter__()
    atexit.register(_worker_server.__exit__, None, None, None)


def _read_in_worker(
    job: tuple[Path, tuple[ProposalRef, ...], tuple[KnownReport, ...], float],
) -> dict[str, Any]:
    path, proposals, reports, timeout = job
    return read_file(
        path, proposals=proposals, reports=reports, timeout=timeout, server=_worker_server
    )
