"""Benchmark of the reply document (issue 3).

Renders the seed case KS 2020/132 and a 40-page case (ten long statements and a long memo) to
PDF and DOCX through the application (database to file), and the same HTML through WeasyPrint
alone as the baseline.

    .venv/bin/python bench/render.py [--quick]

Last line: {"bench": "render", "results": [{document, format, ms, pages, pages_per_s,
baseline_ms, ratio}, ...]}. Goal: the seed as PDF <= 1500 ms and as DOCX <= 300 ms; the
application within 1.3x of the bare renderer.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SENTENCES = [
    "Förvaltningen delar utredningens bedömning att det behövs ett tydligare ansvar för "
    "samordningen mellan staten och kommunerna.",
    "Det är samtidigt viktigt att kommunernas självstyrelse respekteras och att nya uppgifter "
    "finansieras fullt ut enligt den kommunala finansieringsprincipen.",
    "Förslaget i avsnitt 7.3 bedöms kunna leda till ökad administration för kommunerna, "
    "vilket utredningen inte har beräknat.",
    "Staden ser positivt på att kunskapsstödet samlas hos en myndighet och att det utformas i "
    "nära dialog med kommunsektorn.",
    "Förvaltningen vill särskilt understryka behovet av en realistisk tidplan för "
    "genomförandet så att verksamheterna hinner anpassa sina rutiner.",
]


def long_text(paragraphs: int, seed: int) -> str:
    out = []
    for p in range(paragraphs):
        sentences = [SENTENCES[(seed + p + k) % len(SENTENCES)] for k in range(6)]
        out.append(" ".join(sentences))
    return "\n\n".join(out)


def setup_cases():
    import datetime as dt

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from remiss.accounts.models import User
    from remiss.cases.models import Case
    from remiss.organisations.models import Body, Organisation, Person, Registry, Unit
    from remiss.referrals.services import ProposalInput, referral_register
    from remiss.referrals.workflow import (
        MemoText,
        internal_referral_send,
        memo_save,
        statement_submit,
    )

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())
    seed = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
    city = Organisation.objects.get(name="Stockholms stad")
    registrar = User.objects.get(username="registrator")
    officer = User.objects.get(username="handlaggare")
    today = timezone.localdate()
    referral = referral_register(
        actor=registrar,
        registry=Registry.objects.get(organisation=city, prefix="KS"),
        issuer=Organisation.objects.get(name="Socialdepartementet"),
        issuer_dnr="S2026/09999",
        report_ref="SOU 2026:40",
        report_title="En sammanhållen välfärd för alla",
        received_date=today,
        deadline=today + dt.timedelta(days=90),
        proposals=[ProposalInput(str(i), f"Förslag {i}") for i in range(1, 11)],
        case_officer=officer,
        presenter=Person.objects.get(organisation=city, name="Anna König Jerlmyr"),
    )
    big = referral.case
    for index, unit in enumerate(
        Unit.objects.filter(organisation=city, kind__in=["forvaltning", "namnd", "kontor"])[:10]
    ):
        internal, _warnings = internal_referral_send(
            actor=officer, case=big, unit=unit, due_date=today + dt.timedelta(days=30)
        )
        responder = User(
            username=f"svar{index}", role="office_respondent", organisation=city, unit=unit
        )
        responder.save()
        statement_submit(
            actor=responder,
            referral=internal,
            date=today,
            summary=f"{unit.name} tillstyrker i huvudsak förslagen.",
            text=long_text(10, index),
        )
    memo_save(
        actor=officer,
        case=big,
        text=MemoText(
            matter=long_text(14, 1),
            preparation=long_text(6, 2),
            views=long_text(14, 3),
            decision_text="Remissen besvaras med hänvisning till vad som sägs i promemorian.",
            place="Stockholm",
            date=today,
            signatory=Person.objects.get(organisation=city, name="Anna König Jerlmyr"),
            attachments="Remissen",
        ),
        unit=Unit.objects.get(organisation=city, name="Rotel I"),
        preparatory_body=Body.objects.get(organisation=city, name="Borgarrådsberedningen"),
        deciding_body=Body.objects.get(organisation=city, name="Kommunstyrelsen"),
    )
    return {"seed": seed, "40-page": big}


def timed(function, runs: int) -> tuple[float, object]:
    function()  # warm up (fonts, caches)
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    args = parser.parse_args()
    runs = 3 if args.quick else 10
    with tempfile.TemporaryDirectory(prefix="remiss-bench-render-") as data_dir:
        os.environ["REMISS_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.base"
        cases = setup_cases()
        import pikepdf
        import weasyprint

        from remiss.documents.build import reply_data
        from remiss.documents.services import render_reply
        from remiss.writing import formats
        from remiss.writing.reply import reply_blocks

        results = []
        for name, case in cases.items():
            blocks = reply_blocks(reply_data(case))
            html = formats.to_html(blocks, title=name)
            pdf_ms, rendered = timed(lambda c=case: render_reply(c, "pdf"), runs)
            with pikepdf.open(io.BytesIO(rendered.content)) as pdf:
                pages = len(pdf.pages)
            baseline_ms, _ = timed(
                lambda h=html: weasyprint.HTML(string=h).write_pdf(
                    pdf_variant="pdf/a-3b", pdf_tags=True
                ),
                runs,
            )
            docx_ms, _ = timed(lambda c=case: render_reply(c, "docx"), runs)
            for fmt, ms, baseline in (("pdf", pdf_ms, baseline_ms), ("docx", docx_ms, None)):
                row = {
                    "document": name,
                    "format": fmt,
                    "ms": round(ms, 1),
                    "pages": pages,
                    "pages_per_s": round(pages / (ms / 1000), 1),
                    "baseline_ms": round(baseline, 1) if baseline else None,
                    "ratio": round(ms / baseline, 2) if baseline else None,
                }
                results.append(row)
                print(
                    f"{name:<8} {fmt:<4} {row['ms']:8.1f} ms  {pages:3d} pages  "
                    f"{row['pages_per_s']:6.1f} pages/s  baseline {row['baseline_ms']} ms  "
                    f"ratio {row['ratio']}"
                )
    print(json.dumps({"bench": "render", "results": results}))


if __name__ == "__main__":
    main()
