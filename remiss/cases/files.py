"""Stored files: checked by content, kept once by SHA-256, moved into place only on commit.

An upload is first written to `FILES_DIR/.pending/` (always a local folder) and fsynced
(`stage_upload`). The service that registers it calls `publish_on_commit`: when its transaction
commits the file goes into the file store under `ab/cd/<sha256>`; if it rolls back, the pending
file is removed. `recover_pending` finishes or removes what a crash left between the two.

The file store is the folder `FILES_DIR` by default, or a bucket on S3-compatible object storage
when one is configured (`REMISS_S3_BUCKET`, Django's storage alias "files", django-storages); the
rest of the code reaches stored files only through the functions here (docs/deploy.md).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from django.conf import settings
from django.core.files import File
from django.core.files.storage import Storage, storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from remiss.core.errors import ServiceError
from remiss.reading.extract import READABLE_KINDS, text_kind
from remiss.reading.sandbox import ProbeFailed, run_probe

CHUNK = 1024 * 1024

# Content type → the file name endings that may carry it.
ACCEPTED_TYPES: dict[str, tuple[str, ...]] = {
    **dict(READABLE_KINDS.values()),  # what the reader reads (remiss.reading.extract)
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": (".xlsx",),
    "text/plain": (".txt", ".csv"),
    "image/png": (".png",),
    "image/jpeg": (".jpg", ".jpeg"),
    "image/tiff": (".tif", ".tiff"),
}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_DIGEST = re.compile(r"[0-9a-f]{64}")


@dataclass
class StagedFile:
    original_name: str
    sha256: str
    size: int
    content_type: str
    pages: int | None
    pending_path: Path


def files_dir() -> Path:
    return Path(settings.FILES_DIR)


def stored_name(sha256: str) -> str:
    """Where a file lives in the store, folder or bucket alike: `ab/cd/<sha256>`."""
    return f"{sha256[:2]}/{sha256[2:4]}/{sha256}"


def _final_path(sha256: str) -> Path:
    return files_dir() / stored_name(sha256)


def uses_object_storage() -> bool:
    """Files are kept in a bucket (Django's storage alias "files", REMISS_S3_BUCKET)."""
    return "files" in settings.STORAGES


def _object_storage() -> Storage | None:
    """The bucket when files are kept on object storage, else None (the folder)."""
    return storages["files"] if uses_object_storage() else None


def stored_exists(sha256: str) -> bool:
    bucket = _object_storage()
    if bucket is not None:
        return bool(bucket.exists(stored_name(sha256)))
    return _final_path(sha256).is_file()


def open_stored(sha256: str) -> IO[bytes]:
    """The stored file for reading; the caller closes it."""
    bucket = _object_storage()
    if bucket is not None:
        return bucket.open(stored_name(sha256), "rb")
    return _final_path(sha256).open("rb")


def read_stored(sha256: str) -> bytes:
    with open_stored(sha256) as handle:
        return handle.read()


@contextmanager
def local_copy(sha256: str) -> Iterator[Path]:
    """A path on this machine holding the stored file, for tools that need a path (the reader,
    the text extraction for search): the file itself in the folder, a temporary copy of the
    object otherwise, removed when the block ends."""
    if _object_storage() is None:
        yield _final_path(sha256)
        return
    with tempfile.TemporaryDirectory(prefix="remiss-file-") as folder:
        copy = Path(folder) / sha256
        copy_stored_to(sha256, copy)
        yield copy


def copy_stored_to(sha256: str, target: Path) -> Path:
    """Copy a stored file to `target` on this machine (made with its folders); returns it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open_stored(sha256) as source, target.open("wb") as out:
        shutil.copyfileobj(source, out, CHUNK)
    return target


def store_copy(sha256: str, source: Path) -> None:
    """Put a copy of `source` into the store as the file `sha256` (a restore's files)."""
    bucket = _object_storage()
    if bucket is not None:
        with source.open("rb") as handle:
            bucket.save(stored_name(sha256), File(handle))
        return
    target = _final_path(sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)


def stored_hashes() -> Iterator[str]:
    """Every file in the store, by its SHA-256, in order (a backup's listing)."""
    bucket = _object_storage()
    if bucket is not None:
        prefix = getattr(bucket, "location", "").strip("/")
        listing = bucket.bucket.objects.filter(Prefix=f"{prefix}/" if prefix else "")  # type: ignore[attr-defined]
        names = sorted(item.key.rsplit("/", 1)[-1] for item in listing)
    else:
        folder = files_dir()
        names = sorted(
            path.name
            for path in folder.glob("??/??/*")
            if path.is_file() and ".pending" not in path.parts
        ) if folder.exists() else []  # fmt: skip
    yield from (name for name in names if _DIGEST.fullmatch(name))


def check_store() -> None:
    """Write a probe file where uploads are staged and, on object storage, into the bucket;
    read each back and remove it. Raises OSError when the store cannot be used (`/ready`)."""
    content = uuid.uuid4().bytes
    probe = _pending_dir() / f"ready-{uuid.uuid4().hex}"
    try:
        probe.write_bytes(content)
        if probe.read_bytes() != content:
            raise OSError("the staging folder returned other content")
    finally:
        probe.unlink(missing_ok=True)
    bucket = _object_storage()
    if bucket is None:
        return
    name = f"ready/{uuid.uuid4().hex}"
    try:
        bucket.save(name, File(io.BytesIO(content)))
        with bucket.open(name, "rb") as handle:
            if handle.read() != content:
                raise OSError("the bucket returned other content")
    except OSError:
        raise
    except Exception as error:  # botocore's errors: no connection, no bucket, no access
        raise OSError(f"the bucket cannot be used: {type(error).__name__}") from error
    finally:
        with suppress(Exception):
            bucket.delete(name)


def _pending_dir() -> Path:
    path = files_dir() / ".pending"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _looks_like_text(head: bytes) -> bool:
    if not head or b"\x00" in head:
        return False
    for encoding in ("utf-8", "cp1252"):
        try:
            text = head.decode(encoding)
        except UnicodeDecodeError:
            continue
        printable = sum(ch.isprintable() or ch in "\r\n\t" for ch in text)
        return printable / len(text) > 0.97
    return False


def detect_type(path: Path) -> str | None:
    """The content type from the bytes themselves, ignoring the name; None if not accepted."""
    with path.open("rb") as handle:
        head = handle.read(65536)
    if head[:1024].find(b"%PDF-") != -1:
        return "application/pdf"
    if head.startswith(OLE_MAGIC):
        return "application/x-ole-storage"
    kind = filetype.guess(head)
    if kind is not None:
        return str(kind.mime)
    if _looks_like_text(head[:65000]):
        return READABLE_KINDS[text_kind(head[:4096])][0]  # rtf, html, eml or text
    return None


def _probe(path: Path, content_type: str) -> int | None:
    """Open the file in a child process; return its page count or raise a clear error."""
    try:
        result = run_probe("remiss.reading.probe", path, timeout=settings.FILE_PROBE_TIMEOUT)
    except ProbeFailed as exc:
        raise ServiceError(
            _("The file could not be opened safely (%(reason)s). Check that it is not damaged.")
            % {"reason": exc.reason}
        ) from exc
    if result.get("encrypted"):
        raise ServiceError(
            _(
                "The file is encrypted or password-protected. Save it without a password "
                "and upload it again."
            )
        )
    if result.get("bomb"):
        raise ServiceError(_("The file expands to an unreasonable size and was refused."))
    if result.get("broken"):
        raise ServiceError(_("The file is damaged and cannot be opened."))
    if content_type.startswith("application/vnd.openxmlformats-officedocument.word") and not (
        result.get("has_word_document")
    ):
        raise ServiceError(_("The file is not a Word document."))
    return result.get("pages")


def _ole_type(path: Path) -> str | None:
    """Old Word or an Outlook message, told apart in a child process (the OLE parser meets the
    untrusted file there, not in the web process); None for any other OLE file."""
    try:
        result = run_probe("remiss.reading.probe", path, timeout=settings.FILE_PROBE_TIMEOUT)
    except ProbeFailed:
        return None
    kind = result.get("ole_kind")
    return READABLE_KINDS[kind][0] if kind in ("doc", "msg") else None


def _extension(name: str) -> str:
    return os.path.splitext(name)[1].lower()


def safe_original_name(name: str) -> str:
    """The name as the person gave it, without any path, for display and download only."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().replace("\x00", "")
    return base[:255] or "fil"


def stage_upload(stream: IO[bytes], name: str) -> StagedFile:
    """Write an upload to a pending file, checking size, type and readability.

    Raises ServiceError with a message for the person; nothing is left behind then.
    """
    original = safe_original_name(name)
    limit = settings.MAX_UPLOAD_BYTES
    pending = _pending_dir() / f"{uuid.uuid4().hex}.part"
    digest = hashlib.sha256()
    size = 0
    try:
        with pending.open("wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise ServiceError(
                        _("“%(name)s” is larger than the limit of %(limit)s.")
                        % {"name": original, "limit": filesizeformat(limit)}
                    )
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        if size == 0:
            raise ServiceError(_("“%(name)s” is empty.") % {"name": original})
        content_type = detect_type(pending)
        extension = _extension(original)
        if content_type == "application/x-ole-storage":
            if extension in (".docx", ".xlsx", ".pptx"):
                raise ServiceError(
                    _(
                        "“%(name)s” is encrypted or password-protected. Save it without a "
                        "password and upload it again."
                    )
                    % {"name": original}
                )
            content_type = _ole_type(pending)
        if content_type not in ACCEPTED_TYPES:
            raise ServiceError(
                _(
                    "“%(name)s” is not a file type the register accepts (PDF, Word, "
                    "OpenDocument, RTF, Excel, e-mail, web page, text or image)."
                )
                % {"name": original}
            )
        if extension not in ACCEPTED_TYPES[content_type]:
            raise ServiceError(
                _("“%(name)s” is not what its name says: the content is %(type)s.")
                % {"name": original, "type": content_type}
            )
        pages = None
        if content_type == "application/pdf" or extension == ".docx":
            try:
                pages = _probe(pending, content_type)
            except ServiceError as exc:
                raise ServiceError(f"“{original}”: {exc.message}") from exc
        return StagedFile(original, digest.hexdigest(), size, content_type, pages, pending)
    except BaseException:
        pending.unlink(missing_ok=True)
        raise


def stage_local(path: Path, name: str, content_type: str) -> StagedFile:
    """A file this installation made itself (an archive package) staged as an upload is: copied
    to the pending folder and fsynced, with its SHA-256. Not probed: it is not untrusted."""
    pending = _pending_dir() / f"{uuid.uuid4().hex}.part"
    try:
        shutil.copyfile(path, pending)
        with pending.open("rb+") as handle:
            os.fsync(handle.fileno())
        return StagedFile(name, _sha256_of(pending), pending.stat().st_size, content_type, None,
                          pending)  # fmt: skip
    except BaseException:
        pending.unlink(missing_ok=True)
        raise


def stage_uploads(uploads: Iterable[UploadedFile[bytes]]) -> list[StagedFile]:
    """Stage several uploads; on the first refusal discard the others and raise (field "files")."""
    staged: list[StagedFile] = []
    try:
        for upload in uploads:
            staged.append(stage_upload(upload, upload.name or ""))
    except ServiceError as exc:
        discard(staged)
        exc.field = "files"
        raise
    return staged


def _publish(staged: StagedFile) -> None:
    bucket = _object_storage()
    if bucket is not None:
        name = stored_name(staged.sha256)
        if not bucket.exists(name):
            with staged.pending_path.open("rb") as handle:
                bucket.save(name, File(handle))
        staged.pending_path.unlink(missing_ok=True)
        return
    target = _final_path(staged.sha256)
    if target.exists():
        staged.pending_path.unlink(missing_ok=True)
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staged.pending_path, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def publish_on_commit(staged: Iterable[StagedFile]) -> None:
    """Move the staged files into place when the current transaction commits."""
    files = list(staged)

    def publish_all() -> None:
        for staged_file in files:
            _publish(staged_file)

    transaction.on_commit(publish_all)


@contextmanager
def staged_uploads(uploads: Iterable[UploadedFile[bytes]]) -> Iterator[list[StagedFile]]:
    """Stage uploads for the block's service call; if the block fails, they are discarded at
    once (a committed registration publishes them; nothing else may keep them)."""
    staged = stage_uploads(uploads)
    try:
        yield staged
    except BaseException:
        discard(staged)
        raise


def discard(staged: Iterable[StagedFile]) -> None:
    for item in staged:
        item.pending_path.unlink(missing_ok=True)


def recover_pending(is_committed: Callable[[str], bool], older_than_seconds: float = 3600) -> int:
    """After a crash: publish pending files whose row was committed (`is_committed(sha256)`),
    delete other pending files older than `older_than_seconds` (younger ones may still be
    waiting for their transaction)."""
    handled = 0
    now = time.time()
    for path in _pending_dir().glob("*.part"):
        try:
            sha = _sha256_of(path)
            if is_committed(sha):
                _publish(StagedFile(path.name, sha, path.stat().st_size, "", None, path))
                handled += 1
            elif now - path.stat().st_mtime > older_than_seconds:
                path.unlink(missing_ok=True)
                handled += 1
        except FileNotFoundError:  # published or discarded meanwhile by its own request
            continue
    return handled


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def pending_paths() -> list[Path]:
    return sorted(_pending_dir().glob("*.part"))
