"""A closed case as a submission information package for the archive (docs/archive.md).

The package follows E-ARK CSIP and SIP 2 (the base of the Swedish National Archives' FGS for
packages, FGS Paket 2.0): a folder named by the package's identifier with `METS.xml`, the case's
metadata in CITS ERMS 2.1 (FGS Ärendehantering) under `metadata/descriptive/erms.xml`, PREMIS 3
under `metadata/preservation/premis.xml` (every file with its SHA-256, and the case's audit trail
as events), the files under `representations/rep1/data/`, and the schemas under `schemas/`.
Secrecy markings travel as ERMS restrictions. Plain data in, files out: no Django here.
`validate_package` checks a written package against the schemas and its own checksums.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import shutil
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

SCHEMAS = Path(__file__).with_name("archive_schemas")
# The shipped schemas and where each comes from (docs/archive.md names the sources).
SCHEMA_FILES = (
    "mets.xsd",
    "xlink.xsd",
    "DILCISExtensionMETS.xsd",
    "DILCISExtensionSIPMETS.xsd",
    "premis-v3-0.xsd",
    "ERMS.xsd",
)

METS = "http://www.loc.gov/METS/"
XLINK = "http://www.w3.org/1999/xlink"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
CSIP = "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"
SIP = "https://DILCIS.eu/XML/METS/SIPExtensionMETS"
ERMS = "https://DILCIS.eu/XML/ERMS"
PREMIS = "http://www.loc.gov/premis/v3"
SIP_PROFILE = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml"
CONTENT_INFORMATION_TYPE = "citserms_v2_1"
OSL = "Offentlighets- och sekretesslagen (2009:400)"
README = "documentation/om-paketet.txt"
SHEET = "representations/rep1/data/diarieblad.txt"
DIRECTION_WORDS = {"incoming": "Inkommande", "outgoing": "Utgående", "internal": "Upprättad"}

# Remiss's record directions as ERMS names them.
ERMS_DIRECTION = {"incoming": "incoming", "outgoing": "outgoing", "internal": "other"}


@dataclass(frozen=True)
class PackageFile:
    name: str  # as the person gave it
    source: Path  # a copy on this machine
    sha256: str
    size: int
    content_type: str
    created: dt.datetime
    # An archival rendition (remiss.writing.pdfa): the SHA-256 of the file of the same record it
    # was made from, and how.
    derived_from: str = ""
    derivation: str = ""


@dataclass(frozen=True)
class PackageRecord:
    number: str  # "KS 2026/13-2"
    direction: str  # incoming, outgoing or internal
    registered: dt.datetime
    document_date: dt.date
    counterpart: str
    subject: str
    secrecy_provision: str = ""  # empty: public
    files: tuple[PackageFile, ...] = ()


@dataclass(frozen=True)
class PackageEvent:
    """One entry of the case's audit trail."""

    at: dt.datetime
    actor: str
    action: str
    detail: str


@dataclass(frozen=True)
class PackageCase:
    number: str  # "KS 2026/13"
    title: str
    registered: dt.datetime
    closed: dt.datetime | None
    organisation: str
    organisation_number: str
    registry: str
    case_officer: str = ""
    unit: str = ""
    records: tuple[PackageRecord, ...] = ()
    events: tuple[PackageEvent, ...] = ()


@dataclass(frozen=True)
class Producer:
    """Who makes the package: the software and the person who asked for it."""

    software: str
    version: str
    submitter: str
    created: dt.datetime
    identifier: str = field(default_factory=lambda: uuid.uuid4().hex)


class InvalidPackage(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems[:5]))
        self.problems = problems


def package_id(case: PackageCase, producer: Producer) -> str:
    """The package's identifier, which is also its folder's name: the case number made safe
    for a file name, and a unique part."""
    return f"{safe_name(case.number)}_{producer.identifier[:12]}"


def safe_name(name: str) -> str:
    """A file name archives accept: letters a–z without diacritics, digits, dot, dash and
    underscore (å, ä and ö become a, a and o)."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9._-]+", "_", plain).strip("._")
    return plain[:120] or "fil"


def _iso(moment: dt.datetime | dt.date) -> str:
    """xs:dateTime: a time in UTC, or a day (the record's date) as its first moment."""
    if isinstance(moment, dt.datetime):
        return moment.astimezone(dt.UTC).replace(microsecond=0).isoformat()
    return f"{moment.isoformat()}T00:00:00"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _sub(
    parent: etree._Element, tag: str, text: str | None = None, **attributes: str
) -> etree._Element:
    element = etree.SubElement(parent, tag, {k: v for k, v in attributes.items() if v != ""})
    if text is not None:
        element.text = text
    return element


def _write(tree: etree._Element, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(
        etree.tostring(tree, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    )


@dataclass(frozen=True)
class _Placed:
    """A file as it lies in the package."""

    href: str
    file: PackageFile
    record: PackageRecord | None  # None: the case's register sheet


def _place_files(case: PackageCase) -> list[_Placed]:
    placed: list[_Placed] = []
    used = {SHEET.rsplit("/", 1)[-1]}
    for record in case.records:
        for index, item in enumerate(record.files, start=1):
            name = safe_name(f"{record.number.rsplit('-', 1)[-1]}-{index}-{item.name}")
            while name in used:
                name = f"x{name}"
            used.add(name)
            placed.append(_Placed(f"representations/rep1/data/{name}", item, record))
    return placed


def _erms(case: PackageCase, placed: list[_Placed], producer: Producer) -> etree._Element:
    e = f"{{{ERMS}}}"
    root = etree.Element(
        f"{e}erms",
        nsmap={None: ERMS, "xsi": XSI},
        attrib={f"{{{XSI}}}schemaLocation": f"{ERMS} ../../schemas/ERMS.xsd"},
    )
    control = _sub(root, f"{e}control")
    _sub(control, f"{e}identification", producer.identifier, identificationType="package")
    maintenance = _sub(control, f"{e}maintenanceInformation")
    _sub(maintenance, f"{e}maintenanceStatus", value="new")
    agency = _sub(maintenance, f"{e}maintenanceAgency")
    if case.organisation_number:
        _sub(agency, f"{e}agencyCode", case.organisation_number, type="organisationsnummer")
    _sub(agency, f"{e}agencyName", case.organisation)
    history = _sub(maintenance, f"{e}maintenanceHistory")
    event = _sub(history, f"{e}maintenanceEvent")
    _sub(event, f"{e}eventType", value="created")
    _sub(event, f"{e}eventDateTime", _iso(producer.created))
    agent = _sub(event, f"{e}agent", agentType="creator")
    _sub(agent, f"{e}name", producer.submitter)

    aggregations = _sub(root, f"{e}aggregations")
    aggregation = _sub(
        aggregations, f"{e}aggregation", systemIdentifier=case.number, aggregationType="caseFile"
    )
    _sub(aggregation, f"{e}objectId", case.number)
    _sub(aggregation, f"{e}title", case.title)
    _sub(aggregation, f"{e}status", value="closed" if case.closed else "open")
    information = _sub(aggregation, f"{e}additionalInformation")
    for item in placed:
        if item.record is None:
            _sub(information, f"{e}appendix", name=item.file.name, path=f"../../{item.href}",
                 fileFormat=item.file.content_type, description="Diarieblad")  # fmt: skip
    if any(record.secrecy_provision for record in case.records):
        _restriction(aggregation, "Ärendet innehåller sekretessmarkerade handlingar", OSL)
    agents = _sub(aggregation, f"{e}agents")
    owner = _sub(agents, f"{e}agent", agentType="owner")
    _sub(owner, f"{e}name", case.organisation)
    _sub(owner, f"{e}organisation", case.organisation)
    if case.case_officer:
        officer = _sub(agents, f"{e}agent", agentType="responsible_person")
        _sub(officer, f"{e}name", case.case_officer)
        if case.unit:
            _sub(officer, f"{e}unitName", case.unit)
    dates = _sub(aggregation, f"{e}dates")
    _sub(dates, f"{e}date", _iso(case.registered), dateType="created")
    if case.closed:
        _sub(dates, f"{e}date", _iso(case.closed), dateType="closed")
    for record in case.records:
        _erms_record(aggregation, record, [p for p in placed if p.record is record])
    return root


def _restriction(parent: etree._Element, explanation: str, provision: str) -> None:
    e = f"{{{ERMS}}}"
    restriction = _sub(parent, f"{e}restriction", restrictionType="confidential")
    _sub(restriction, f"{e}explanatoryText", explanation)
    _sub(restriction, f"{e}regulation", provision)


def _erms_record(parent: etree._Element, record: PackageRecord, placed: list[_Placed]) -> None:
    e = f"{{{ERMS}}}"
    element = _sub(
        parent, f"{e}record", systemIdentifier=record.number, recordType="ärendehandling"
    )
    _sub(element, f"{e}objectId", record.number)
    _sub(element, f"{e}title", record.subject)
    if record.secrecy_provision:
        _restriction(element, "Sekretessmarkerad handling", record.secrecy_provision)
    _sub(element, f"{e}direction", directionDefinition=ERMS_DIRECTION[record.direction])
    agents = _sub(element, f"{e}agents")
    counterpart = _sub(
        agents, f"{e}agent", agentType="sender" if record.direction == "incoming" else "receiver"
    )
    _sub(counterpart, f"{e}name", record.counterpart)
    dates = _sub(element, f"{e}dates")
    _sub(dates, f"{e}date", _iso(record.registered), dateType="created")
    _sub(
        dates,
        f"{e}date",
        _iso(record.document_date),
        dateType="received" if record.direction == "incoming" else "dispatch",
    )
    if placed:
        information = _sub(element, f"{e}additionalInformation")
        for item in placed:
            _sub(
                information,
                f"{e}appendix",
                name=item.file.name,
                path=f"../../{item.href}",
                fileFormat=item.file.content_type,
            )


def _premis(
    case: PackageCase, placed: list[_Placed], producer: Producer, package: str
) -> etree._Element:
    p = f"{{{PREMIS}}}"
    root = etree.Element(
        f"{p}premis",
        nsmap={None: PREMIS, "xsi": XSI, "xlink": XLINK},
        attrib={
            f"{{{XSI}}}schemaLocation": f"{PREMIS} ../../schemas/premis-v3-0.xsd",
            "version": "3.0",
        },
    )
    # The originals by record and checksum: each rendition names the file it was made from.
    sources = {
        (id(item.record), item.file.sha256): item for item in placed if not item.file.derived_from
    }
    normalised: list[PackageEvent] = []
    # The case itself, to which the events belong; then each file.
    entity = _sub(root, f"{p}object", **{f"{{{XSI}}}type": "intellectualEntity"})
    identifier = _sub(entity, f"{p}objectIdentifier")
    _sub(identifier, f"{p}objectIdentifierType", "diarienummer")
    _sub(identifier, f"{p}objectIdentifierValue", case.number)
    for item in placed:
        obj = _sub(root, f"{p}object", **{f"{{{XSI}}}type": "file"})
        identifier = _sub(obj, f"{p}objectIdentifier")
        _sub(identifier, f"{p}objectIdentifierType", "local")
        _sub(identifier, f"{p}objectIdentifierValue", item.href)
        characteristics = _sub(obj, f"{p}objectCharacteristics")
        fixity = _sub(characteristics, f"{p}fixity")
        _sub(fixity, f"{p}messageDigestAlgorithm", "SHA-256")
        _sub(fixity, f"{p}messageDigest", item.file.sha256)
        _sub(characteristics, f"{p}size", str(item.file.size))
        file_format = _sub(characteristics, f"{p}format")
        designation = _sub(file_format, f"{p}formatDesignation")
        _sub(designation, f"{p}formatName", item.file.content_type)
        _sub(obj, f"{p}originalName", item.file.name)
        source = sources.get((id(item.record), item.file.derived_from))
        if item.file.derived_from and source is not None:
            relationship = _sub(obj, f"{p}relationship")
            _sub(relationship, f"{p}relationshipType", "derivation")
            _sub(relationship, f"{p}relationshipSubType", "has source")
            related = _sub(relationship, f"{p}relatedObjectIdentifier")
            _sub(related, f"{p}relatedObjectIdentifierType", "local")
            _sub(related, f"{p}relatedObjectIdentifierValue", source.href)
            normalised.append(
                PackageEvent(producer.created, "", "normalization",
                             f"{item.file.derivation}: {source.file.name} → {item.file.name}")
            )  # fmt: skip
    events = [
        *normalised,
        PackageEvent(producer.created, producer.submitter, "ingest", f"Paketet {package} skapat"),
    ]
    for entry in (*case.events, *events):
        event = _sub(root, f"{p}event")
        identifier = _sub(event, f"{p}eventIdentifier")
        _sub(identifier, f"{p}eventIdentifierType", "UUID")
        _sub(identifier, f"{p}eventIdentifierValue", str(uuid.uuid4()))
        _sub(event, f"{p}eventType", entry.action)
        _sub(event, f"{p}eventDateTime", _iso(entry.at))
        detail = _sub(event, f"{p}eventDetailInformation")
        _sub(detail, f"{p}eventDetail", entry.detail)
        linking = _sub(event, f"{p}linkingAgentIdentifier")
        _sub(linking, f"{p}linkingAgentIdentifierType", "local")
        _sub(linking, f"{p}linkingAgentIdentifierValue", entry.actor or producer.software)
    agent = _sub(root, f"{p}agent")
    identifier = _sub(agent, f"{p}agentIdentifier")
    _sub(identifier, f"{p}agentIdentifierType", "local")
    _sub(identifier, f"{p}agentIdentifierValue", producer.software)
    _sub(agent, f"{p}agentName", producer.software)
    _sub(agent, f"{p}agentType", "software")
    _sub(agent, f"{p}agentVersion", producer.version)
    return root


def _file_attributes(
    path: Path, created: dt.datetime, content_type: str, ident: str
) -> dict[str, str]:
    return {
        "ID": ident,
        "MIMETYPE": content_type,
        "SIZE": str(path.stat().st_size),
        "CREATED": _iso(created),
        "CHECKSUM": _sha256(path),
        "CHECKSUMTYPE": "SHA-256",
    }


def _mets(
    case: PackageCase, placed: list[_Placed], producer: Producer, package: str, root_dir: Path
) -> etree._Element:
    m = f"{{{METS}}}"
    href = f"{{{XLINK}}}href"
    locations = " ".join(
        (
            f"{METS} schemas/mets.xsd",
            f"{XLINK} schemas/xlink.xsd",
            f"{CSIP} schemas/DILCISExtensionMETS.xsd",
            f"{SIP} schemas/DILCISExtensionSIPMETS.xsd",
        )
    )
    mets = etree.Element(
        f"{m}mets",
        nsmap={None: METS, "csip": CSIP, "sip": SIP, "xlink": XLINK, "xsi": XSI},
        attrib={
            f"{{{XSI}}}schemaLocation": locations,
            "OBJID": package,
            "LABEL": f"{case.number} {case.title}"[:200],
            "TYPE": "Mixed",
            f"{{{CSIP}}}CONTENTINFORMATIONTYPE": CONTENT_INFORMATION_TYPE,
            "PROFILE": SIP_PROFILE,
        },
    )
    header = _sub(
        mets,
        f"{m}metsHdr",
        CREATEDATE=_iso(producer.created),
        LASTMODDATE=_iso(producer.created),
        RECORDSTATUS="NEW",
        **{f"{{{CSIP}}}OAISPACKAGETYPE": "SIP"},
    )
    software = _sub(header, f"{m}agent", ROLE="CREATOR", TYPE="OTHER", OTHERTYPE="SOFTWARE")
    _sub(software, f"{m}name", producer.software)
    _sub(software, f"{m}note", producer.version, **{f"{{{CSIP}}}NOTETYPE": "SOFTWARE VERSION"})
    # The organisation whose archive the case belongs to (arkivbildare).
    archivist = _sub(header, f"{m}agent", ROLE="ARCHIVIST", TYPE="ORGANIZATION")
    _sub(archivist, f"{m}name", case.organisation)
    if case.organisation_number:
        _sub(
            archivist,
            f"{m}note",
            case.organisation_number,
            **{f"{{{CSIP}}}NOTETYPE": "IDENTIFICATIONCODE"},
        )
    submitter = _sub(header, f"{m}agent", ROLE="OTHER", OTHERROLE="SUBMITTER", TYPE="INDIVIDUAL")
    _sub(submitter, f"{m}name", producer.submitter)

    def metadata_reference(
        parent: etree._Element, path: str, mdtype: str, other: str = ""
    ) -> etree._Element:
        local = root_dir / path
        reference = _sub(
            parent,
            f"{m}mdRef",
            LOCTYPE="URL",
            MDTYPE=mdtype,
            OTHERMDTYPE=other,
            MIMETYPE="text/xml",
            SIZE=str(local.stat().st_size),
            CREATED=_iso(producer.created),
            CHECKSUM=_sha256(local),
            CHECKSUMTYPE="SHA-256",
            **{f"{{{XLINK}}}type": "simple", href: path},
        )
        return reference

    descriptive = _sub(
        mets, f"{m}dmdSec", ID="dmd-erms", CREATED=_iso(producer.created), STATUS="CURRENT"
    )
    metadata_reference(descriptive, "metadata/descriptive/erms.xml", "OTHER", "ERMS")
    administrative = _sub(mets, f"{m}amdSec")
    provenance = _sub(administrative, f"{m}digiprovMD", ID="digiprov-premis", STATUS="CURRENT")
    metadata_reference(provenance, "metadata/preservation/premis.xml", "PREMIS")

    files = _sub(mets, f"{m}fileSec", ID="filesec")
    documentation = _sub(files, f"{m}fileGrp", ID="grp-documentation", USE="Documentation")
    item = _sub(
        documentation,
        f"{m}file",
        **_file_attributes(root_dir / README, producer.created, "text/plain", "documentation-1"),
    )
    _sub(item, f"{m}FLocat", LOCTYPE="URL", **{f"{{{XLINK}}}type": "simple", href: README})
    schemas = _sub(files, f"{m}fileGrp", ID="grp-schemas", USE="Schemas")
    for index, name in enumerate(SCHEMA_FILES, start=1):
        path = root_dir / "schemas" / name
        item = _sub(
            schemas,
            f"{m}file",
            **_file_attributes(path, producer.created, "application/xml", f"schema-{index}"),
        )
        _sub(
            item,
            f"{m}FLocat",
            LOCTYPE="URL",
            **{f"{{{XLINK}}}type": "simple", href: f"schemas/{name}"},
        )
    # The register sheet at least is always there: the package never lacks its content.
    content = _sub(
        files,
        f"{m}fileGrp",
        ID="grp-rep1",
        USE="Representations/rep1",
        **{f"{{{CSIP}}}CONTENTINFORMATIONTYPE": CONTENT_INFORMATION_TYPE},
    )
    for index, item in enumerate(placed, start=1):
        element = _sub(
            content,
            f"{m}file",
            ADMID="digiprov-premis",
            **_file_attributes(
                root_dir / item.href, item.file.created, item.file.content_type, f"file-{index}"
            ),
        )
        _sub(
            element,
            f"{m}FLocat",
            LOCTYPE="URL",
            **{f"{{{XLINK}}}type": "simple", href: item.href},
        )

    structure = _sub(mets, f"{m}structMap", ID="structmap-csip", TYPE="PHYSICAL", LABEL="CSIP")
    main = _sub(structure, f"{m}div", ID="div-main", LABEL=package)
    _sub(
        main,
        f"{m}div",
        ID="div-metadata",
        LABEL="Metadata",
        DMDID="dmd-erms",
        ADMID="digiprov-premis",
    )
    documentation_div = _sub(main, f"{m}div", ID="div-documentation", LABEL="Documentation")
    _sub(documentation_div, f"{m}fptr", FILEID="grp-documentation")
    schema_div = _sub(main, f"{m}div", ID="div-schemas", LABEL="Schemas")
    _sub(schema_div, f"{m}fptr", FILEID="grp-schemas")
    representation = _sub(main, f"{m}div", ID="div-representations", LABEL="Representations")
    _sub(representation, f"{m}fptr", FILEID="grp-rep1")
    return mets


def _readme(case: PackageCase, placed: list[_Placed], producer: Producer, package: str) -> str:
    """The package described in words, for the archivist who opens it (Swedish)."""
    secret = [r for r in case.records if r.secrecy_provision]
    lines = [
        f"Leveranspaket {package}",
        "",
        f"Ärende: {case.number} {case.title}",
        f"Arkivbildare: {case.organisation}"
        + (f" ({case.organisation_number})" if case.organisation_number else ""),
        f"Registrerat: {_iso(case.registered)}"
        + (f", avslutat: {_iso(case.closed)}" if case.closed else ""),
        f"Handlingar: {len(case.records)}, filer: {len(placed)}",
        f"Sekretessmarkerade handlingar: {len(secret)}"
        + "".join(f"\n  {r.number}: {r.secrecy_provision}" for r in secret),
        f"Skapat {_iso(producer.created)} av {producer.submitter} med "
        f"{producer.software} {producer.version}.",
        "",
        "Paketet följer E-ARK CSIP och SIP 2 (grunden för FGS Paket 2.0). METS.xml förtecknar",
        "varje fil med SHA-256. Ärendets uppgifter står i metadata/descriptive/erms.xml",
        "(CITS ERMS 2.1, FGS Ärendehantering), filernas kontrollsummor och ärendets",
        "händelselogg i metadata/preservation/premis.xml (PREMIS 3). Scheman finns i schemas/.",
        "",
    ]
    return "\n".join(lines)


def _register_sheet(case: PackageCase) -> str:
    """The case's register entries as plain text (UTF-8): the package's content even when no
    record has a file, readable without any program."""
    lines = [
        f"Diarieblad {case.number}",
        case.title,
        f"{case.organisation}, diarium {case.registry}",
        f"Registrerat {_iso(case.registered)}"
        + (f", avslutat {_iso(case.closed)}" if case.closed else ""),
        "",
    ]
    for record in case.records:
        lines.append(
            f"{record.number}  {record.document_date.isoformat()}  "
            f"{DIRECTION_WORDS.get(record.direction, record.direction)}  {record.counterpart}"
        )
        lines.append(f"    {record.subject}")
        if record.secrecy_provision:
            lines.append(f"    Sekretess: {record.secrecy_provision}")
        lines.extend(f"    Fil: {item.name} (SHA-256 {item.sha256})" for item in record.files)
    return "\n".join(lines) + "\n"


def write_package(case: PackageCase, folder: Path, producer: Producer) -> Path:
    """Write the package's folder under `folder` and return it. The caller validates it
    (`validate_package`) before handing it on."""
    package = package_id(case, producer)
    root_dir = folder / package
    sheet = root_dir / SHEET
    sheet.parent.mkdir(parents=True, exist_ok=True)
    sheet.write_text(_register_sheet(case), encoding="utf-8")
    sheet_file = PackageFile(
        "diarieblad.txt", sheet, _sha256(sheet), sheet.stat().st_size, "text/plain",
        producer.created,
    )  # fmt: skip
    placed = [_Placed(SHEET, sheet_file, None), *_place_files(case)]
    for item in placed:
        if item.record is None:  # the register sheet, written in place above
            continue
        target = root_dir / item.href
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(item.file.source, target)
    (root_dir / "schemas").mkdir(parents=True, exist_ok=True)
    for name in SCHEMA_FILES:
        shutil.copyfile(SCHEMAS / name, root_dir / "schemas" / name)
    (root_dir / README).parent.mkdir(parents=True, exist_ok=True)
    (root_dir / README).write_text(_readme(case, placed, producer, package), encoding="utf-8")
    _write(_erms(case, placed, producer), root_dir / "metadata/descriptive/erms.xml")
    _write(_premis(case, placed, producer, package), root_dir / "metadata/preservation/premis.xml")
    _write(_mets(case, placed, producer, package, root_dir), root_dir / "METS.xml")
    return root_dir


class _LocalSchemas(etree.Resolver):  # type: ignore[misc]
    """Schemas named by their web address are read from the shipped copies (never fetched)."""

    def resolve(self, url, public_id, context):  # type: ignore[no-untyped-def]
        name = (url or "").rsplit("/", 1)[-1]
        if name in SCHEMA_FILES or name == "xlink.xsd":
            return self.resolve_filename(str(SCHEMAS / name), context)
        return None


def _schema(name: str) -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name), parser))


def _mets_schema() -> etree.XMLSchema:
    """METS with the CSIP and SIP extension attributes known, so that they are checked too."""
    imports = "".join(
        f'<xs:import namespace="{namespace}" schemaLocation="{(SCHEMAS / name).as_uri()}"/>'
        for namespace, name in (
            (METS, "mets.xsd"),
            (CSIP, "DILCISExtensionMETS.xsd"),
            (SIP, "DILCISExtensionSIPMETS.xsd"),
        )
    )
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{imports}</xs:schema>'
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    parser.resolvers.add(_LocalSchemas())
    return etree.XMLSchema(etree.fromstring(wrapper.encode(), parser))


def _schema_errors(path: Path, schema: etree.XMLSchema) -> list[str]:
    parser = etree.XMLParser(no_network=True, resolve_entities=False)
    document = etree.parse(str(path), parser)
    if schema.validate(document):
        return []
    return [f"{path.name}:{error.line}: {error.message}" for error in schema.error_log]


def validate_package(root_dir: Path) -> list[str]:
    """Every problem found: the METS, ERMS and PREMIS documents against their schemas, and
    every file the METS lists against its size and checksum. Empty when the package holds."""
    problems = _schema_errors(root_dir / "METS.xml", _mets_schema())
    problems += _schema_errors(root_dir / "metadata/descriptive/erms.xml", _schema("ERMS.xsd"))
    problems += _schema_errors(
        root_dir / "metadata/preservation/premis.xml", _schema("premis-v3-0.xsd")
    )
    mets = etree.parse(str(root_dir / "METS.xml"), etree.XMLParser(no_network=True))
    listed = list(_listed_files(mets))
    for href, size, checksum in listed:
        path = root_dir / href
        if not path.resolve().is_relative_to(root_dir.resolve()) or not path.is_file():
            problems.append(f"{href}: missing")
        elif str(path.stat().st_size) != size or _sha256(path) != checksum:
            problems.append(f"{href}: size or checksum differs")
    present = {
        path.relative_to(root_dir).as_posix()
        for path in root_dir.rglob("*")
        if path.is_file() and path.relative_to(root_dir).as_posix() != "METS.xml"
    }
    unlisted = present - {href for href, _, _ in listed}
    problems += [f"{href}: not listed in METS.xml" for href in sorted(unlisted)]
    return problems


def _listed_files(mets: etree._ElementTree) -> Iterable[tuple[str, str, str]]:
    ns = {"m": METS, "x": XLINK}
    for element in mets.iterfind(".//m:file", ns):
        location = element.find("m:FLocat", ns)
        if location is not None:
            yield location.get(f"{{{XLINK}}}href"), element.get("SIZE"), element.get("CHECKSUM")
    for element in mets.iterfind(".//m:mdRef", ns):
        yield element.get(f"{{{XLINK}}}href"), element.get("SIZE"), element.get("CHECKSUM")
