"""A closed case exported for the archive (docs/archive.md): its records, files, secrecy
markings and audit trail gathered here, the package written and checked by
`remiss.writing.archive`, and kept as a tar file in the file store. A package that does not
validate is not kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from remiss.accounts.models import User
from remiss.cases import files
from remiss.cases.models import ArchivePackage, Case, CaseStatus, Record, StoredFile
from remiss.cases.timeline import timeline
from remiss.core import permissions
from remiss.core.audit import audit_log
from remiss.core.errors import NotAllowed, ServiceError
from remiss.core.models import AuditAction, AuditEntry
from remiss.reading.extract import extract_isolated
from remiss.writing.archive import (
    PackageCase,
    PackageEvent,
    PackageFile,
    PackageRecord,
    Producer,
    validate_package,
    write_package,
)
from remiss.writing.pdfa import rendition

SOFTWARE = "Remiss"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("remiss")
    except PackageNotFoundError:
        return "0"


def _closed_at(case: Case) -> dt.datetime | None:
    entry = (
        AuditEntry.objects.filter(
            case=case, object_type="cases.case", after__status=CaseStatus.CLOSED
        )
        .order_by("-at")
        .first()
    )
    return entry.at if entry else None


def _pages_of(path: Path) -> list[str]:
    return extract_isolated(path, timeout=getattr(settings, "REMISS_READ_TIMEOUT", 60)).pages


def _renditions(originals: list[PackageFile], folder: Path) -> list[PackageFile]:
    """A PDF/A rendition of each file that needs one, beside it in the package (issue 18.3)."""
    made = []
    for original in originals:
        found = rendition(original.source, original.content_type, original.name, folder, _pages_of)
        if found is None:
            continue
        data = found.path.read_bytes()
        stem = original.name.rsplit(".", 1)[0] if "." in original.name else original.name
        made.append(
            PackageFile(
                f"{stem}-PDFA.pdf", found.path, hashlib.sha256(data).hexdigest(), len(data),
                "application/pdf", timezone.now(), derived_from=original.sha256,
                derivation=found.method,
            )
        )  # fmt: skip
    return made


def _package_case(case: Case, folder: Path) -> PackageCase:
    """The case as plain data, its files copied into `folder` (from the folder or the bucket)."""
    records = []
    for record in Record.objects.filter(case=case).prefetch_related("files__stored"):
        copies = []
        for attached in record.files.all():
            stored = attached.stored
            source = files.copy_stored_to(stored.sha256, folder / stored.sha256)
            copies.append(
                PackageFile(
                    attached.original_name,
                    source,
                    stored.sha256,
                    stored.size,
                    stored.content_type,
                    attached.uploaded_at,
                )
            )
        if getattr(settings, "REMISS_ARCHIVE_PDFA", True):
            copies.extend(_renditions(copies, folder))
        records.append(
            PackageRecord(
                number=f"{case.number}-{record.serial}",
                direction=record.direction,
                registered=record.registered_at,
                document_date=record.document_date,
                counterpart=record.counterpart,
                subject=record.subject,
                secrecy_provision=record.secrecy_provision,
                files=tuple(copies),
            )
        )
    entries = list(AuditEntry.objects.filter(case=case).order_by("at", "pk"))
    with translation.override("sv"):  # the archive's language
        events = tuple(
            PackageEvent(line.at, line.actor, entry.action, line.text)
            for entry, line in zip(entries, timeline(entries), strict=True)
        )
    organisation = case.registry.organisation
    return PackageCase(
        number=case.number,
        title=case.title,
        registered=case.registered_at,
        closed=_closed_at(case),
        organisation=organisation.name,
        organisation_number=organisation.org_number,
        registry=case.registry.prefix,
        case_officer=case.case_officer.get_full_name() if case.case_officer else "",
        unit=case.responsible_unit.name if case.responsible_unit else "",
        records=tuple(records),
        events=events,
    )


def _tar(folder: Path, target: Path) -> None:
    """The package folder as an uncompressed tar (as FGS Paket recommends), entries in order
    and without this machine's owners."""

    def clean(info: tarfile.TarInfo) -> tarfile.TarInfo:
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        return info

    with tarfile.open(target, "w", format=tarfile.PAX_FORMAT) as tar:
        for path in [folder, *sorted(folder.rglob("*"))]:
            tar.add(path, arcname=path.relative_to(folder.parent).as_posix(), recursive=False,
                    filter=clean)  # fmt: skip


def archive_export(*, actor: User, case: Case) -> ArchivePackage:
    """Write, check and keep the case's package. Raises NotAllowed unless the actor may export
    the case (a registrar or administrator, the case closed), ServiceError if the package does
    not validate — then nothing is kept."""
    if not permissions.can_export_archive(actor, case):
        raise NotAllowed(_("Only a closed case can be exported, by a registrar or administrator."))
    with tempfile.TemporaryDirectory(prefix="remiss-archive-") as work:
        work_dir = Path(work)
        (work_dir / "files").mkdir()
        (work_dir / "package").mkdir()
        producer = Producer(
            software=SOFTWARE,
            version=_version(),
            submitter=actor.get_full_name() or actor.get_username(),
            created=timezone.now(),
        )
        root = write_package(
            _package_case(case, work_dir / "files"), work_dir / "package", producer
        )
        problems = validate_package(root)
        if problems:
            raise ServiceError(
                _("The archive package did not validate and was not kept: %(problems)s")
                % {"problems": "; ".join(problems[:3])}
            )
        tar_path = work_dir / f"{root.name}.tar"
        _tar(root, tar_path)
        staged = files.stage_local(tar_path, tar_path.name, "application/x-tar")
    try:
        with transaction.atomic():
            stored, _created = StoredFile.objects.get_or_create(
                sha256=staged.sha256,
                defaults={"size": staged.size, "content_type": staged.content_type},
            )
            package = ArchivePackage.objects.create(
                case=case, package_id=root.name, stored=stored, created_at=producer.created,
                created_by=actor,
            )  # fmt: skip
            audit_log(
                actor=actor,
                action=AuditAction.CREATE,
                obj=package,
                after={"package_id": root.name, "sha256": staged.sha256, "size": staged.size},
                case=case,
            )
            files.publish_on_commit([staged])
    except BaseException:
        files.discard([staged])
        raise
    return package


def copy_package_to(package: ArchivePackage, folder: Path) -> Path:
    """The package's tar written into `folder` (the command line's --out), atomically."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / package.file_name
    partial = target.with_name(target.name + ".part")
    files.copy_stored_to(package.stored.sha256, partial)
    os.replace(partial, target)
    return target
