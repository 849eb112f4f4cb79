"""A closed case exported for the archive: an E-ARK SIP (FGS Paket 2.0) with the case in CITS
ERMS and PREMIS, every file with its checksum, the secrecy markings and the audit trail; checked
against the shipped schemas and by eark-validator; a package that does not validate is not kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation
from lxml import etree

from remiss.accounts.models import Role
from remiss.cases import archive as case_archive
from remiss.cases import files
from remiss.cases.models import ArchivePackage, StoredFile
from remiss.cases.services import case_register, record_add
from remiss.core.errors import NotAllowed
from remiss.core.models import AuditEntry
from remiss.referrals.workflow import case_close_without_reply
from remiss.writing.archive import (
    ERMS,
    METS,
    PREMIS,
    PackageCase,
    PackageEvent,
    PackageFile,
    PackageRecord,
    Producer,
    validate_package,
    write_package,
)
from tests.demo_data import load_demo
from tests.documents import make_pdf
from tests.factories import UserFactory
from tests.instance import ROOT

NS = {"m": METS, "e": ERMS, "p": PREMIS, "x": "http://www.w3.org/1999/xlink"}
# Rules of eark-validator 1.1.3 that no package can pass, and what they were meant to check:
# CSIP63's test is false for every file group unless its type is OTHER (meant: a group typed
# OTHER names its type in OTHERCONTENTINFORMATIONTYPE); SIP14 asks every CREATOR agent's note for
# an IDENTIFICATIONCODE type, while CSIP16 requires the software creator's note to be SOFTWARE
# VERSION (meant: the creator organisation's note). docs/archive.md says the same.
VALIDATOR_FAULTS = {"CSIP63", "SIP14"}
NOW = dt.datetime(2026, 12, 3, 12, 0, tzinfo=dt.UTC)


def _package_case(tmp_path: Path) -> PackageCase:
    pdf = tmp_path / "kalla.pdf"
    pdf.write_bytes(make_pdf(["Remiss av betänkandet Med tillit följer bättre resultat"]))
    reply = PackageFile(
        "Remiss SOU 2019:43 – tillitsbaserad styrning.pdf",
        pdf,
        hashlib.sha256(pdf.read_bytes()).hexdigest(),
        pdf.stat().st_size,
        "application/pdf",
        NOW - dt.timedelta(days=90),
    )
    return PackageCase(
        number="KS 2026/13",
        title="Remiss av SOU 2019:43 Med tillit följer bättre resultat",
        registered=NOW - dt.timedelta(days=90),
        closed=NOW - dt.timedelta(days=1),
        organisation="Stockholms stad",
        organisation_number="212000-0142",
        registry="KS",
        case_officer="Hanna Handläggare",
        unit="Stadsledningskontoret",
        records=(
            PackageRecord(
                "KS 2026/13-1", "incoming", NOW - dt.timedelta(days=90), dt.date(2026, 9, 4),
                "Finansdepartementet", "Remiss av SOU 2019:43", files=(reply,),
            ),
            PackageRecord(
                "KS 2026/13-2", "incoming", NOW - dt.timedelta(days=30), dt.date(2026, 11, 2),
                "Säkerhetspolisen", "Hotbild mot kommunens anläggningar", "OSL 18 kap. 8 §",
            ),
        ),
        events=(
            PackageEvent(NOW - dt.timedelta(days=90), "Rebecka Registrator", "create",
                         "registrerade ärendet"),
        ),
    )  # fmt: skip


@pytest.fixture
def package(tmp_path) -> Path:
    producer = Producer("Remiss", "0.1.0", "Rebecka Registrator", NOW)
    return write_package(_package_case(tmp_path), tmp_path / "ut", producer)


def _xml(path: Path) -> etree._ElementTree:
    return etree.parse(str(path))


def test_the_package_holds_the_case_its_files_and_markings_and_validates(package):
    assert validate_package(package) == []
    assert package.name.startswith("KS_2026_13_")
    mets = _xml(package / "METS.xml")
    assert mets.getroot().get("OBJID") == package.name
    listed = {
        f.find("m:FLocat", NS).get(f"{{{NS['x']}}}href"): f.get("CHECKSUM")
        for f in mets.iterfind(".//m:file", NS)
    }
    data = [href for href in listed if href.startswith("representations/rep1/data/")]
    pdf = next(h for h in data if h.endswith(".pdf"))
    assert pdf == "representations/rep1/data/1-1-Remiss_SOU_2019_43_tillitsbaserad_styrning.pdf"
    assert listed[pdf] == hashlib.sha256((package / pdf).read_bytes()).hexdigest()
    assert "representations/rep1/data/diarieblad.txt" in data
    assert "documentation/om-paketet.txt" in listed

    erms = _xml(package / "metadata/descriptive/erms.xml")
    records = erms.findall(".//e:record", NS)
    assert [r.findtext("e:objectId", namespaces=NS) for r in records] == [
        "KS 2026/13-1", "KS 2026/13-2"]  # fmt: skip
    secret = records[1].find("e:restriction", NS)
    assert secret.get("restrictionType") == "confidential"
    assert secret.findtext("e:regulation", namespaces=NS) == "OSL 18 kap. 8 §"
    assert records[0].find("e:restriction", NS) is None
    case_restriction = erms.find(".//e:aggregation/e:restriction", NS)
    assert case_restriction is not None  # the case says it holds secret records
    sheet = (package / "representations/rep1/data/diarieblad.txt").read_text(encoding="utf-8")
    assert "Sekretess: OSL 18 kap. 8 §" in sheet

    premis = _xml(package / "metadata/preservation/premis.xml")
    digests = [d.text for d in premis.iterfind(".//p:messageDigest", NS)]
    assert listed[pdf] in digests
    details = [d.text for d in premis.iterfind(".//p:eventDetail", NS)]
    assert "registrerade ärendet" in details


def test_a_changed_added_or_broken_file_fails_the_check(package):
    pdf = next((package / "representations/rep1/data").glob("*.pdf"))
    pdf.write_bytes(pdf.read_bytes() + b"%")
    (package / "representations/rep1/data/inlagd.txt").write_text("inte förtecknad")
    erms = package / "metadata/descriptive/erms.xml"
    erms.write_text(erms.read_text(encoding="utf-8").replace("<objectId>KS 2026/13-1</objectId>",
                                                              ""), encoding="utf-8")  # fmt: skip
    problems = "\n".join(validate_package(package))
    assert f"{pdf.relative_to(package).as_posix()}: size or checksum differs" in problems
    assert "representations/rep1/data/inlagd.txt: not listed in METS.xml" in problems
    assert "erms.xml" in problems
    assert "objectId" in problems
    assert "metadata/descriptive/erms.xml: size or checksum differs" in problems


def _eark(folder: Path) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "tests.eark", str(folder)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def _errors(report: dict) -> set[str]:
    messages = report["metadata"]["schematron_results"]["messages"]
    return {m["rule_id"] for m in messages if m["severity"] == "Error"}


def test_the_e_ark_validator_finds_nothing_but_its_own_faults(package):
    report = _eark(package)
    assert report["structure"]["status"] == "WellFormed"
    assert report["metadata"]["schema_results"]["status"] == "VALID"
    assert _errors(report) <= VALIDATOR_FAULTS, _errors(report)
    # What the two faulty rules were meant to check, checked here instead.
    mets = _xml(package / "METS.xml")
    csip = "{https://DILCIS.eu/XML/METS/CSIPExtensionMETS}"
    for group in mets.iterfind(".//m:fileGrp", NS):
        if group.get(f"{csip}CONTENTINFORMATIONTYPE") == "OTHER":
            assert group.get(f"{csip}OTHERCONTENTINFORMATIONTYPE")
    for agent in mets.iterfind(".//m:metsHdr/m:agent[@ROLE='CREATOR'][@TYPE='ORGANIZATION']", NS):
        assert agent.find("m:note", NS).get(f"{csip}NOTETYPE") == "IDENTIFICATIONCODE"


def test_the_e_ark_validator_is_not_blind(package):
    """The validator does fail a package that breaks CSIP: a package type outside the CSIP
    vocabulary (read from the shipped copies) and a header without its creating software.
    (It does not notice a listed file that is missing; validate_package does.)"""
    mets = package / "METS.xml"
    text = mets.read_text(encoding="utf-8").replace(
        'OAISPACKAGETYPE="SIP"', 'OAISPACKAGETYPE="PAKET"'
    )
    text = text.replace('ROLE="CREATOR"', 'ROLE="EDITOR"')
    mets.write_text(text, encoding="utf-8")
    assert {"CSIP9", "CSIP11"} <= _errors(_eark(package))


# The service, the command and the page, on a real case in the database.


@pytest.fixture
def closed_case(registrar, registry, files_dir, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = case_register(actor=registrar, registry=registry, title="Remiss om tillit")
        record_add(
            actor=registrar, case=case, direction="incoming", document_date=dt.date(2026, 9, 4),
            counterpart="Finansdepartementet", subject="Remiss av SOU 2019:43",
            staged_files=[files.stage_upload(io.BytesIO(make_pdf(["Remissen"])), "remiss.pdf")],
        )  # fmt: skip
        record_add(
            actor=registrar, case=case, direction="incoming", document_date=dt.date(2026, 9, 5),
            counterpart="Säkerhetspolisen", subject="Hotbild mot kommunens anläggningar",
            secrecy_provision="OSL 18 kap. 8 §", public_subject="Uppgifter om säkerhetsskydd",
            staged_files=[files.stage_upload(io.BytesIO(make_pdf(["Hemligt"])), "hot.pdf")],
        )  # fmt: skip
    case_close_without_reply(actor=registrar, case=case)
    case.refresh_from_db()
    return case


def _members(package: ArchivePackage) -> dict[str, bytes]:
    with tarfile.open(fileobj=io.BytesIO(files.read_stored(package.stored.sha256))) as tar:
        return {m.name: tar.extractfile(m).read() for m in tar.getmembers() if m.isfile()}


@pytest.mark.django_db(transaction=True)
def test_a_registrar_exports_a_closed_case(
    registrar, closed_case, tmp_path, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        package = case_archive.archive_export(actor=registrar, case=closed_case)
    members = _members(package)
    root = package.package_id
    assert f"{root}/METS.xml" in members
    pdfs = [name for name in members if name.endswith(".pdf")]
    assert len(pdfs) == 2  # the secret record's file too: the archive keeps everything
    erms = etree.fromstring(members[f"{root}/metadata/descriptive/erms.xml"])
    assert erms.findtext(".//e:aggregation/e:objectId", namespaces=NS) == closed_case.number
    assert erms.find(".//e:aggregation/e:dates/e:date[@dateType='closed']", NS) is not None
    assert erms.findtext(".//e:record/e:restriction/e:regulation", namespaces=NS) == (
        "OSL 18 kap. 8 §"
    )
    premis = etree.fromstring(members[f"{root}/metadata/preservation/premis.xml"])
    details = [d.text for d in premis.iterfind(".//p:eventDetail", NS)]
    assert "registrerade ärendet" in details  # the audit trail, in words
    entry = AuditEntry.objects.filter(case=closed_case).order_by("-at", "-pk").first()
    assert entry.object_type == "cases.archivepackage"
    assert entry.after["sha256"] == package.stored.sha256
    # Unpacked, the package still validates.
    with tarfile.open(fileobj=io.BytesIO(files.read_stored(package.stored.sha256))) as tar:
        tar.extractall(tmp_path, filter="data")
    assert validate_package(tmp_path / root) == []


@pytest.mark.django_db(transaction=True)
def test_only_a_closed_case_and_only_registrars_export(
    registrar, registry, city, closed_case, files_dir
):
    officer = UserFactory(username="hanna", role=Role.CASE_OFFICER, organisation=city)
    with pytest.raises(NotAllowed):
        case_archive.archive_export(actor=officer, case=closed_case)
    open_case = case_register(actor=registrar, registry=registry, title="Pågående remiss")
    with pytest.raises(NotAllowed):
        case_archive.archive_export(actor=registrar, case=open_case)
    assert not ArchivePackage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_package_that_does_not_validate_is_not_kept(
    registrar, closed_case, monkeypatch, files_dir
):
    # The schemas are what the check reads: a schema that demands what no package has.
    broken = files_dir.parent / "scheman"
    broken.mkdir()
    from remiss.writing import archive as writer

    for name in writer.SCHEMA_FILES:
        text = (writer.SCHEMAS / name).read_text(encoding="utf-8")
        if name == "ERMS.xsd":
            text = text.replace('<xs:element ref="objectId"', '<xs:element ref="keywords"', 1)
        (broken / name).write_text(text, encoding="utf-8")
    monkeypatch.setattr(writer, "SCHEMAS", broken)
    stored_before = StoredFile.objects.count()
    with (
        translation.override("sv"),
        pytest.raises(case_archive.ServiceError, match="klarade inte kontrollen"),
    ):
        case_archive.archive_export(actor=registrar, case=closed_case)
    assert not ArchivePackage.objects.exists()
    assert StoredFile.objects.count() == stored_before
    assert not list((files_dir / ".pending").glob("*.part"))


@pytest.mark.django_db(transaction=True)
def test_the_command_exports_closed_cases(registrar, closed_case, tmp_path):
    out = tmp_path / "arkiv"
    stdout = io.StringIO()
    call_command("archive", "export", "--all-closed", "--user", registrar.username,
                 "--out", str(out), stdout=stdout)  # fmt: skip
    written = list(out.glob("*.tar"))
    assert len(written) == 1
    assert closed_case.number in stdout.getvalue()
    assert ArchivePackage.objects.get().file_name == written[0].name
    again = io.StringIO()
    call_command("archive", "export", "--all-closed", "--user", registrar.username,
                 "--out", str(out), stdout=again)  # fmt: skip
    assert "no cases to export" in again.getvalue()  # each closed case once
    with pytest.raises(CommandError, match="not a case number"):
        call_command("archive", "export", "KS tjugo", "--user", registrar.username,
                     "--out", str(out))  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_the_case_page_makes_and_serves_the_package(
    client, registrar, city, closed_case, django_capture_on_commit_callbacks
):
    url = closed_case.get_absolute_url()
    export = reverse("cases:archive_export", kwargs={
        "prefix": closed_case.registry.prefix, "year": closed_case.year,
        "serial": closed_case.serial})  # fmt: skip
    officer = UserFactory(username="hanna", role=Role.CASE_OFFICER, organisation=city)
    client.force_login(officer)
    assert "Gör ett arkivpaket" not in client.get(url).content.decode()
    assert client.post(export).status_code == 404
    client.force_login(registrar)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(export, follow=True)
    page = response.content.decode()
    assert "Arkivpaketet är gjort och kontrollerat" in page
    package = ArchivePackage.objects.get()
    assert package.file_name in page
    download = client.get(reverse("cases:archive_download", args=[package.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == files.read_stored(package.stored.sha256)
    client.force_login(officer)
    assert client.get(reverse("cases:archive_download", args=[package.pk])).status_code == 404
    assert "gjorde arkivpaketet" in client.get(url).content.decode()  # the timeline says so


@pytest.mark.django_db(transaction=True)
def test_the_demo_case_exports_to_a_package_that_validates(
    files_dir, tmp_path, django_capture_on_commit_callbacks
):
    """The seed case (KS 2020/132, Stockholm's reply to SOU 2019:43) as the demo has it."""
    from remiss.accounts.models import User
    from remiss.cases.models import Case

    load_demo()
    case = Case.objects.get(registry__prefix="KS", year=2020, serial=132)
    with django_capture_on_commit_callbacks(execute=True):
        package = case_archive.archive_export(
            actor=User.objects.get(username="registrator"), case=case
        )
    with tarfile.open(fileobj=io.BytesIO(files.read_stored(package.stored.sha256))) as tar:
        tar.extractall(tmp_path, filter="data")
    root = tmp_path / package.package_id
    assert validate_package(root) == []
    report = _eark(root)
    assert report["structure"]["status"] == "WellFormed"
    assert report["metadata"]["schema_results"]["status"] == "VALID"
    assert _errors(report) <= VALIDATOR_FAULTS, _errors(report)
    sheet = (root / "representations/rep1/data/diarieblad.txt").read_text(encoding="utf-8")
    assert "Diarieblad KS 2020/132" in sheet


@pytest.mark.django_db(transaction=True)
def test_files_get_a_pdfa_rendition_linked_to_their_original(
    registrar, registry, files_dir, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Issue 18.3, files in archival formats: a PDF with text that is not PDF/A and a Word file
    get a PDF/A text version (a scan gets OCRmyPDF's PDF/A-2b: tests/test_pdfa.py); each
    rendition names its original in PREMIS with a normalisation event, and the package still
    validates (ours and E-ARK's)."""
    import pikepdf

    from remiss.writing.pdfa import is_pdfa
    from tests.documents import make_docx

    settings.REMISS_ARCHIVE_PDFA = True
    with django_capture_on_commit_callbacks(execute=True):
        case = case_register(actor=registrar, registry=registry, title="Remiss om tillit")
        record_add(
            actor=registrar, case=case, direction="incoming", document_date=dt.date(2026, 9, 4),
            counterpart="Sala kommun", subject="Remissvar",
            staged_files=[
                files.stage_upload(io.BytesIO(make_pdf(["Sala kommun tillstyrker"])), "svar.pdf"),
                files.stage_upload(
                    io.BytesIO(make_docx(["Sala kommun", "Kommunen tillstyrker förslaget."])),
                    "svar.docx",
                ),
            ],
        )  # fmt: skip
    case_close_without_reply(actor=registrar, case=case)
    with django_capture_on_commit_callbacks(execute=True):
        package = case_archive.archive_export(actor=registrar, case=case)
    members = _members(package)
    root = package.package_id
    data = {name.rsplit("/", 1)[-1]: content for name, content in members.items()}
    renditions = sorted(name for name in data if name.endswith("-PDFA.pdf"))
    assert renditions == ["1-3-svar-PDFA.pdf", "1-4-svar-PDFA.pdf"]
    for name in renditions:
        path = tmp_path / name
        path.write_bytes(data[name])
        assert is_pdfa(path)
        with pikepdf.open(path) as pdf:
            assert len(pdf.pages) >= 1
    premis = etree.fromstring(members[f"{root}/metadata/preservation/premis.xml"])
    sources = premis.findall(".//p:relationship/p:relatedObjectIdentifier/"
                             "p:relatedObjectIdentifierValue", NS)  # fmt: skip
    assert sorted(s.text.rsplit("/", 1)[-1] for s in sources) == ["1-1-svar.pdf", "1-2-svar.docx"]
    events = [e.findtext("p:eventDetailInformation/p:eventDetail", namespaces=NS)
              for e in premis.iterfind(".//p:event", NS)
              if e.findtext("p:eventType", namespaces=NS) == "normalization"]  # fmt: skip
    assert len([e for e in events if "Textversion" in e]) == 2
    folder = tmp_path / "paket"
    with tarfile.open(fileobj=io.BytesIO(files.read_stored(package.stored.sha256))) as tar:
        tar.extractall(folder, filter="data")
    assert validate_package(folder / root) == []
    assert _errors(_eark(folder / root)) <= VALIDATOR_FAULTS
    # The text version of the Word file says what it is and holds the text.
    text = subprocess.run(["pdftotext", str(tmp_path / "1-4-svar-PDFA.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout  # fmt: skip
    assert "Kommunen tillstyrker förslaget." in text
    assert "originalfilen finns i samma paket" in " ".join(text.split())
