"""The tamper-evident audit chain: any change, deletion, insertion or reordering of entries is
found, also a rewrite of the whole chain (by the signed checkpoints outside the database), and
the chain stays linear under concurrent writers."""

from __future__ import annotations

import random
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, connections, transaction

from remiss.accounts.models import Role
from remiss.cases.services import case_register
from remiss.core.chain import GENESIS, entry_hash, verify_chain, write_checkpoint
from remiss.core.models import AuditChainHead, AuditEntry
from remiss.organisations.models import Registry
from tests.factories import OrganisationFactory, RegistryFactory, UserFactory

pytestmark = pytest.mark.django_db

TAMPERINGS = 1000


@pytest.fixture
def chain(registrar, registry, settings, tmp_path):
    settings.REMISS_AUDIT_CHECKPOINTS = tmp_path / "checkpoints.log"
    for number in range(40):
        case_register(actor=registrar, registry=registry, title=f"Ärende {number}")
    assert verify_chain().ok
    return list(AuditEntry.objects.order_by("id").values_list("id", flat=True))


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params or [])


def lift_guard() -> None:
    """What someone with direct database access could do."""
    sql("UPDATE core_audit_guard SET enabled = 0")


def tamper(rng: random.Random, ids: list[int]) -> str:
    kind = rng.choice(["alter", "delete", "insert", "reorder"])
    target = rng.choice(ids)
    if kind == "alter":
        column = rng.choice(["actor_label", "object_label", "object_id", "action", "at", "after"])
        values = {
            "actor_label": "'Någon annan'", "object_label": "'KS 1999/1 Annat'",
            "object_id": "'999999'", "action": "'delete'", "at": "'2001-01-01 00:00:00'",
            "after": """'{"title": "ändrad"}'""",
        }  # fmt: skip
        sql(f"UPDATE core_auditentry SET {column} = {values[column]} WHERE id = %s", [target])
    elif kind == "delete":
        sql("DELETE FROM core_auditentry WHERE id = %s", [target])
    elif kind == "insert":
        sql(
            "INSERT INTO core_auditentry (at, actor_label, action, object_type, object_id, "
            "object_label, chain, prev_hash, hash) SELECT at, 'Inskjuten', action, object_type, "
            "object_id, object_label, chain, prev_hash, %s FROM core_auditentry WHERE id = %s",
            [f"{rng.getrandbits(256):064x}", target],
        )
    else:
        other = rng.choice([i for i in ids if i != target])
        for column in ("object_label", "after"):
            sql(
                f"UPDATE core_auditentry SET {column} = (SELECT {column} FROM core_auditentry "
                f"WHERE id = %s) WHERE id = %s",
                [other, target],
            )
    return kind


def test_a_thousand_random_tamperings_are_all_found(chain):
    rng = random.Random(20200424)
    found, kinds = 0, set()
    for _ in range(TAMPERINGS):
        with transaction.atomic():
            lift_guard()
            kinds.add(tamper(rng, chain))
            verdict = verify_chain()
            found += not verdict.ok
            transaction.set_rollback(True)
    assert found == TAMPERINGS
    assert kinds == {"alter", "delete", "insert", "reorder"}
    assert verify_chain().ok  # every tampering was rolled back


def test_the_first_broken_entry_is_named(chain):
    middle = chain[len(chain) // 2]
    with transaction.atomic():
        lift_guard()
        sql("UPDATE core_auditentry SET actor_label = 'X' WHERE id = %s", [middle])
        verdict = verify_chain()
        with pytest.raises(CommandError, match=f"post {middle}"):
            call_command("audit", "verify")
        transaction.set_rollback(True)
    assert verdict.broken_id == middle
    assert verdict.checked == chain.index(middle)


def test_deleting_the_newest_entries_is_found(chain):
    with transaction.atomic():
        lift_guard()
        sql("DELETE FROM core_auditentry WHERE id >= %s", [chain[-3]])
        verdict = verify_chain()
        transaction.set_rollback(True)
    assert not verdict.ok
    assert verdict.reason == "entries after it were removed"


def test_a_rewritten_chain_is_caught_by_the_signed_checkpoints(chain, registry, settings):
    write_checkpoint()
    with transaction.atomic():
        lift_guard()
        sql("UPDATE core_auditentry SET actor_label = 'Förfalskare' WHERE id = %s", [chain[5]])
        previous = AuditEntry.objects.get(pk=chain[4]).hash
        for entry in AuditEntry.objects.filter(id__gte=chain[5]).order_by("id"):
            digest = entry_hash(entry, previous)
            sql(
                "UPDATE core_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                [previous, digest, entry.pk],
            )
            previous = digest
        AuditChainHead.objects.filter(chain=registry.organisation_id).update(last_hash=previous)
        verdict = verify_chain()
        transaction.set_rollback(True)
    assert not verdict.ok
    assert "signed checkpoint" in verdict.reason
    forged = settings.REMISS_AUDIT_CHECKPOINTS
    forged.write_text(forged.read_text().replace(forged.read_text()[-5:], "0000\n"))
    with pytest.raises(CommandError, match="Förfalskad"):
        call_command("audit", "verify")


@pytest.mark.django_db(transaction=True)
def test_every_committed_transaction_is_signed(registrar, registry, settings):
    for number in range(5):
        case_register(actor=registrar, registry=registry, title=f"Ärende {number}")
    heads = [
        int(line.split()[0]) for line in settings.REMISS_AUDIT_CHECKPOINTS.read_text().splitlines()
    ]
    assert heads == list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    call_command("audit", "verify")  # the checkpoints agree with the chain


def _relink(after_id: int) -> None:
    """What an attacker with database access but without the key does after a change: in every
    chain, each later entry's link and hash recomputed, and the head row set to the new end."""
    for head in AuditChainHead.objects.all():
        entries = AuditEntry.objects.filter(chain=head.chain)
        previous = entries.filter(id__lte=after_id).order_by("-id").first()
        digest = previous.hash if previous else GENESIS
        last_id = previous.pk if previous else 0
        for entry in entries.filter(id__gt=after_id).order_by("id"):
            link, digest = digest, entry_hash(entry, digest)
            sql(
                "UPDATE core_auditentry SET prev_hash = %s, hash = %s WHERE id = %s",
                [link, digest, entry.pk],
            )
            last_id = entry.pk
        AuditChainHead.objects.filter(pk=head.pk).update(last_id=last_id, last_hash=digest)


@pytest.mark.django_db(transaction=True)
def test_any_entry_removed_or_changed_is_found_at_every_position(registrar, registry):
    """The newest entries too: they are signed when their transaction commits."""
    for number in range(8):
        case_register(actor=registrar, registry=registry, title=f"Ärende {number}")
    ids = list(AuditEntry.objects.order_by("id").values_list("id", flat=True))
    assert verify_chain().ok
    missed: list[str] = []
    for position, target in enumerate(ids):
        before = ids[position - 1] if position else 0
        tamperings = {
            "removed": "DELETE FROM core_auditentry WHERE id = %s",
            "removed with all after it": "DELETE FROM core_auditentry WHERE id >= %s",
            "changed": "UPDATE core_auditentry SET actor_label = 'Förfalskare' WHERE id = %s",
        }
        for kind, statement in tamperings.items():
            with transaction.atomic():
                lift_guard()
                sql(statement, [target])
                _relink(before)
                if verify_chain().ok:
                    missed.append(f"entry {position + 1} of {len(ids)} {kind}")
                transaction.set_rollback(True)
    assert missed == []
    assert verify_chain().ok  # every tampering was rolled back


@pytest.mark.django_db(transaction=True)
def test_the_chain_stays_linear_under_concurrent_writers(registrar, registry):
    writers = 50 if connection.vendor == "postgresql" else 8
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def work() -> None:
        try:
            own = Registry.objects.select_related("organisation").get(pk=registry.pk)
            barrier.wait()
            for _ in range(3):
                case_register(actor=registrar, registry=own, title="Samtidigt")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work) for _ in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors[:3]
    verdict = verify_chain()
    assert verdict.ok, verdict
    assert verdict.checked == AuditEntry.objects.count() == writers * 3


# --- One chain per organisation ----------------------------------------------------------------


def _another_registrar() -> tuple:
    other = OrganisationFactory(name="Region Uppsala", kind="region")
    return (
        UserFactory(username="registrator-region", role=Role.REGISTRAR, organisation=other),
        RegistryFactory(organisation=other, prefix="RS"),
    )


def test_each_organisation_writes_its_own_chain_and_every_chain_is_verified(
    registrar, registry, settings, tmp_path
):
    settings.REMISS_AUDIT_CHECKPOINTS = tmp_path / "checkpoints.log"
    their_registrar, their_registry = _another_registrar()
    for number in range(3):
        case_register(actor=registrar, registry=registry, title=f"Ärende {number}")
        case_register(actor=their_registrar, registry=their_registry, title=f"Ärende {number}")
    ours = AuditEntry.objects.filter(chain=registry.organisation_id).order_by("id")
    theirs = AuditEntry.objects.filter(chain=their_registry.organisation_id).order_by("id")
    assert ours.count() == theirs.count() == 3
    assert ours.first().prev_hash == theirs.first().prev_hash == GENESIS  # two chains
    assert verify_chain().ok
    with transaction.atomic():  # an entry moved to the other organisation's chain
        lift_guard()
        moved = ours.last().pk
        sql("UPDATE core_auditentry SET chain = %s WHERE id = %s", [theirs[0].chain, moved])
        verdict = verify_chain()
        transaction.set_rollback(True)
    assert (verdict.ok, verdict.broken_id) == (False, moved)
    with transaction.atomic():  # a chain's head row removed
        AuditChainHead.objects.filter(chain=their_registry.organisation_id).delete()
        verdict = verify_chain()
        transaction.set_rollback(True)
    assert (verdict.ok, verdict.reason) == (False, "entries after it were removed")


def test_the_installations_own_chain_keeps_what_belongs_to_no_organisation(registry):
    """Entries outside every organisation (and all written before the chains were split) are
    chain 0, hashed as before: without the chain in the hashed form."""
    from remiss.core.audit import audit_log
    from remiss.core.chain import canonical
    from remiss.core.models import AuditAction

    entry = audit_log(actor=None, action=AuditAction.CREATE, obj=registry, after={"x": 1})
    assert entry.chain == 0
    assert b'"chain"' not in canonical(entry, entry.prev_hash)
    assert verify_chain().ok


@pytest.mark.django_db(transaction=True)
def test_a_transaction_that_writes_two_chains_signs_both_heads(registrar, registry, settings):
    their_registrar, their_registry = _another_registrar()
    with transaction.atomic():
        ours = case_register(actor=registrar, registry=registry, title="Vårt ärende")
        theirs = case_register(actor=their_registrar, registry=their_registry, title="Deras")
    signed = {
        int(line.split()[0]) for line in settings.REMISS_AUDIT_CHECKPOINTS.read_text().splitlines()
    }
    newest = {
        AuditEntry.objects.filter(case=case).order_by("-id").values_list("id", flat=True)[0]
        for case in (ours, theirs)
    }
    assert newest <= signed
    call_command("audit", "verify")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time for the file"
)
def test_one_organisations_writes_do_not_wait_for_anothers(registrar, registry):
    """While a transaction of one organisation holds its chain's head, another organisation
    appends at once; a second writer of the same organisation waits (here: gives up after
    the lock timeout)."""
    their_registrar, their_registry = _another_registrar()
    holding, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold_our_chain() -> None:
        try:
            with transaction.atomic():
                case_register(actor=registrar, registry=registry, title="Lång transaktion")
                holding.set()
                release.wait(timeout=30)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_our_chain)
    holder.start()
    try:
        assert holding.wait(timeout=30)
        with transaction.atomic():
            sql("SET LOCAL lock_timeout = '3s'")
            case_register(actor=their_registrar, registry=their_registry, title="Samtidigt")
        with transaction.atomic():
            sql("SET LOCAL lock_timeout = '500ms'")
            with pytest.raises(OperationalError, match="lock timeout"):
                case_register(actor=registrar, registry=registry, title="Väntar")
    finally:
        release.set()
        holder.join(timeout=30)
    assert not errors, errors
    assert verify_chain().ok
