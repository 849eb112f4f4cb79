"""Back up a running instance while it takes writes; restore into a fresh data folder; every
case committed before the backup is there, every file is there, and the audit chain holds."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from tests.instance import ON_POSTGRES, ROOT, Instance, Instances

WRITER = """
import django, io, sys, time
django.setup()
from django.utils import timezone
from remiss.accounts.models import User
from remiss.cases import files
from remiss.organisations.models import Registry
from remiss.cases.services import case_register, record_add
user = User.objects.get(username="registrator")
registry = Registry.objects.get(prefix="KS", organisation=user.organisation)
end = time.time() + float(sys.argv[1])
n = 0
while time.time() < end:
    n += 1
    case = case_register(actor=user, registry=registry, title="Skrivs under säkerhetskopieringen")
    content = f"Yttrande nummer {n} skrivet under säkerhetskopieringen".encode()
    record_add(actor=user, case=case, direction="incoming", document_date=timezone.localdate(),
               counterpart="Socialförvaltningen", subject=f"Yttrande {n}",
               staged_files=[files.stage_upload(io.BytesIO(content), f"yttrande-{n}.txt")])
"""


@pytest.fixture
def instances(tmp_path):
    made = Instances(tmp_path)
    yield made
    made.close()


@pytest.fixture(scope="module")
def demo_archive(tmp_path_factory):
    """A backup of an instance with the demo data, made once for the tests that only read it
    (each makes its own hostile copy and restores into its own instance)."""
    folder = tmp_path_factory.mktemp("demo-backup")
    made = Instances(folder)
    source = made.new("kalla")
    source.migrate(demo=True)
    source.remiss("audit", "checkpoint")  # signed with the instances' key
    archive = folder / "remiss.tar.gz"
    source.remiss("backup", str(archive))
    yield archive
    made.close()


def cases(instance: Instance) -> set[tuple[int, int]]:
    return set(instance.query("SELECT year, serial FROM cases_case"))


@pytest.mark.slow
def test_backup_while_writing_and_restore(tmp_path, instances):
    source, target = instances.new("kalla"), instances.new("mal")
    source.migrate(demo=True)
    source.remiss("audit", "checkpoint")
    if ON_POSTGRES:  # an administrator restores into a migrated, empty database
        target.migrate()
    env = {**source.env(), "DJANGO_SETTINGS_MODULE": "config.settings.dev"}
    writer = subprocess.Popen([sys.executable, "-c", WRITER, "6"], env=env, cwd=ROOT)
    try:
        time.sleep(2)
        committed = cases(source)
        archive = tmp_path / "remiss.tar.gz"
        source.remiss("backup", str(archive))
    finally:
        writer.wait(timeout=60)
    assert writer.returncode == 0
    result = target.remiss("restore", str(archive))
    assert "the audit chain holds" in result.stdout
    restored = cases(target)
    assert committed <= restored  # 0 lost
    assert len(restored) > 14  # the demo's cases and some written during the backup
    hashes = [row[0] for row in target.query("SELECT sha256 FROM cases_storedfile")]
    assert hashes  # the writer's records have files
    audit_before = source.query("SELECT count(*) FROM core_auditentry")[0][0]
    assert target.query("SELECT count(*) FROM core_auditentry")[0][0] <= audit_before
    assert set(hashes) <= target.stored_hashes()
    target.remiss("audit", "verify")
    refused = target.remiss("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "restore into a fresh one" in refused.stderr


def test_a_damaged_archive_is_refused(tmp_path, instances):
    source, target = instances.new("kalla"), instances.new("mal")
    source.migrate()
    archive = tmp_path / "remiss.tar.gz"
    source.remiss("backup", str(archive))
    import tarfile

    damaged = tmp_path / "skadad.tar.gz"
    with tarfile.open(archive) as original, tarfile.open(damaged, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read() if member.isfile() else None
            if member.name == "database":
                data = data[:-10] + b"0123456789"
            import io

            copy.addfile(member, io.BytesIO(data) if data is not None else None)
    result = target.remiss("restore", str(damaged), check=False)
    assert result.returncode != 0
    assert "checksum mismatch: database" in result.stderr


def _archive_with(archive, target, extra: dict[str, bytes], manifest_extra: dict[str, str]):
    """A copy of a real backup with members added to the archive and to its manifest, each
    with its right checksum: what an attacker who can hand an operator an archive makes."""
    import hashlib
    import io
    import json
    import tarfile

    with tarfile.open(archive) as original, tarfile.open(target, "w:gz") as copy:
        for member in original.getmembers():
            data = original.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                for name, content_name in manifest_extra.items():
                    manifest["members"][name] = hashlib.sha256(extra[content_name]).hexdigest()
                data = json.dumps(manifest).encode()
                member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
        for name, content in extra.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            copy.addfile(info, io.BytesIO(content))


@pytest.mark.parametrize(
    "path",
    ["files/../x", "files/../../x", "/etc/cron.d/x", "files/ab/../../../x", "kalla/x", "files/"],
)
def test_restore_refuses_a_path_outside_its_folders_before_writing(
    tmp_path, instances, demo_archive, path
):
    target, archive = instances.new("mal"), demo_archive
    hostile = tmp_path / "fientlig.tar.gz"
    _archive_with(archive, hostile, {"x": b"* * * * * root echo owned\n"}, {path: "x"})
    result = target.remiss("restore", str(hostile), check=False)
    assert result.returncode != 0
    assert "unsafe path in the archive" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (target.data / "x").exists()
    assert not (target.data.parent / "x").exists()
    assert not target.stored_hashes()
    assert target.remiss("restore", str(archive)).returncode == 0  # nothing was half-written


def test_restore_without_the_audit_key_says_what_is_missing(instances, demo_archive):
    archive = demo_archive
    keyless = instances.new("utan-nyckel")
    keyless.extra_env["REMISS_AUDIT_KEY"] = ""  # a fresh folder, the key not brought along
    if ON_POSTGRES:
        keyless.migrate()
    result = keyless.remiss("restore", str(archive), check=False)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "REMISS_AUDIT_KEY" in result.stderr
    assert "nyckeln" in result.stderr.lower()  # in Swedish too
    assert not (keyless.data / "audit-checkpoint.key").exists()  # no new key made up
    assert not (keyless.data / "audit-checkpoints.log").exists()  # nothing written
    wrong = instances.new("fel-nyckel")
    wrong.extra_env["REMISS_AUDIT_KEY"] = "en-annan-nyckel"
    if ON_POSTGRES:
        wrong.migrate()
    refused = wrong.remiss("restore", str(archive), check=False)
    assert refused.returncode != 0
    assert "signed with another key" in refused.stderr
    keyed = instances.new("med-nyckel")  # the same key as the source: restored and verified
    if ON_POSTGRES:
        keyed.migrate()
    assert "the audit chain holds" in keyed.remiss("restore", str(archive)).stdout
