"""Files on S3-compatible object storage (REMISS_S3_BUCKET): the stored files go into the bucket,
never into the folder, and every way of reaching them — download, reading, search text, backup
and restore, the readiness check — works from there. Against a real S3 API server (moto) on the
loopback; `make test-s3` runs the whole suite so."""

from __future__ import annotations

import subprocess
import sys

import boto3
import pytest
from django.urls import reverse

from remiss.cases import files
from remiss.documents.models import ReadingStatus
from remiss.documents.readings import reading_request
from remiss.search.tasks import index_file_text
from tests.instance import ROOT, Instances
from tests.test_backup import WRITER

pytestmark = pytest.mark.django_db


def bucket_keys(s3_server, settings) -> list[str]:
    """What lies in the test's folder of the bucket, asked of the server itself."""
    env = s3_server.environment()
    client = boto3.client(
        "s3",
        endpoint_url=s3_server.endpoint,
        region_name=env["REMISS_S3_REGION"],
        aws_access_key_id=env["REMISS_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["REMISS_S3_SECRET_ACCESS_KEY"],
    )
    prefix = settings.STORAGES["files"]["OPTIONS"]["location"] + "/"
    listing = client.list_objects_v2(Bucket=s3_server.bucket, Prefix=prefix)
    return [item["Key"].removeprefix(prefix) for item in listing.get("Contents", [])]


@pytest.fixture
def reply_in_bucket(s3_bucket, reply_file):
    """The reply file of tests/conftest.py, stored in the bucket (s3_bucket is set up first)."""
    return reply_file


def test_a_registered_file_lies_in_the_bucket_and_not_in_the_folder(
    reply_in_bucket, s3_bucket, settings, files_dir
):
    sha256 = reply_in_bucket.stored.sha256
    assert bucket_keys(s3_bucket, settings) == [files.stored_name(sha256)]
    on_disk = [p for p in files_dir.rglob("*") if p.is_file() and ".pending" not in p.parts]
    assert on_disk == []
    assert not list((files_dir / ".pending").glob("*.part"))
    assert list(files.stored_hashes()) == [sha256]


def test_the_file_downloads_from_the_bucket(client, registrar, reply_in_bucket):
    client.force_login(registrar)
    response = client.get(reverse("cases:file", args=[reply_in_bucket.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body == files.read_stored(reply_in_bucket.stored.sha256)
    assert body.startswith(b"%PDF-")
    assert "Sala kommun.pdf" in response["Content-Disposition"]


def test_the_reader_and_the_search_text_read_from_the_bucket(
    registrar, reply_in_bucket, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        reading = reading_request(actor=registrar, record_file=reply_in_bucket)
    reading.refresh_from_db()
    assert reading.status == ReadingStatus.DONE
    assert reading.suggestion["respondent"] == "Sala kommun"
    assert reading.suggestion["overall_stance"] == "mixed"
    settings.REMISS_SEARCH_FILE_TEXT = True
    assert index_file_text(reply_in_bucket.pk) == 1  # one page of text indexed


def test_a_copy_from_the_bucket_is_removed_after_use(reply_in_bucket):
    with files.local_copy(reply_in_bucket.stored.sha256) as path:
        assert path.read_bytes().startswith(b"%PDF-")
    assert not path.exists()


def test_each_installation_sees_only_its_own_folder_of_a_shared_bucket(
    reply_in_bucket, settings, s3_bucket
):
    files.store_copy("0" * 64, _write(settings, b"en annan installations fil"))
    mine = set(files.stored_hashes())
    assert mine == {reply_in_bucket.stored.sha256, "0" * 64}
    other = {**settings.STORAGES["files"]}
    other["OPTIONS"] = {**other["OPTIONS"], "location": "en-annan-installation"}
    settings.STORAGES = {**settings.STORAGES, "files": other}
    assert list(files.stored_hashes()) == []
    assert not files.stored_exists(reply_in_bucket.stored.sha256)


def _write(settings, content: bytes):
    path = settings.FILES_DIR / "kopia"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def test_the_bucket_is_checked_for_readiness(s3_bucket, settings, files_dir):
    files.check_store()  # writes, reads back and removes a probe object
    assert bucket_keys(s3_bucket, settings) == []
    missing = {**settings.STORAGES["files"]}
    missing["OPTIONS"] = {**missing["OPTIONS"], "bucket_name": "finns-inte"}
    settings.STORAGES = {**settings.STORAGES, "files": missing}
    with pytest.raises(OSError, match="the bucket cannot be used"):
        files.check_store()


@pytest.mark.slow
def test_backup_and_restore_with_files_in_a_bucket(tmp_path, s3_server):
    """An installation keeping its files in a bucket is backed up with them and restored into
    another folder of the bucket: every file is there again and the chain holds."""
    made = Instances(tmp_path)
    try:
        source, target = made.new("kalla"), made.new("mal")
        for instance in (source, target):
            instance.extra_env.update(s3_server.environment())
        source.migrate(demo=True)
        env = {**source.env(), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
        subprocess.run([sys.executable, "-c", WRITER, "1"], env=env, cwd=ROOT, check=True)
        source.remiss("audit", "checkpoint")
        hashes = {sha for (sha,) in source.query("SELECT sha256 FROM cases_storedfile")}
        assert hashes
        assert source.stored_hashes() == hashes
        assert not (source.data / "files" / files.stored_name(next(iter(hashes)))).exists()
        archive = tmp_path / "remiss.tar.gz"
        source.remiss("backup", str(archive))
        if target.database_url:  # an administrator restores into a migrated, empty database
            target.migrate()
        result = target.remiss("restore", str(archive))
        assert "the audit chain holds" in result.stdout
        assert target.stored_hashes() == hashes
        refused = target.remiss("restore", str(archive), check=False)
        assert refused.returncode != 0
        assert "restore into a fresh one" in refused.stderr
    finally:
        made.close()
