"""Case numbers: per registry and year, never reused, never skipped — also concurrently."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, connections, transaction

from remiss.cases.models import Case, CaseNumberSequence
from remiss.cases.services import case_register
from remiss.core.errors import ServiceError
from remiss.organisations.models import Registry
from remiss.reading.references import CaseNumber
from tests.factories import RegistryFactory

pytestmark = pytest.mark.django_db
STOCKHOLM = ZoneInfo("Europe/Stockholm")


def test_numbers_follow_each_other_per_registry_and_year(registrar, registry):
    other = RegistryFactory(organisation=registry.organisation, prefix="SBN", name="Byggnämnden")
    numbers = [
        case_register(actor=registrar, registry=registry, title=f"Ärende {i}").number
        for i in range(3)
    ]
    year = numbers[0].split()[1].split("/")[0]
    assert numbers == [f"KS {year}/1", f"KS {year}/2", f"KS {year}/3"]
    assert case_register(actor=registrar, registry=other, title="Bygglov").number == f"SBN {year}/1"


def test_a_new_year_starts_again_at_one(registrar, registry):
    december = dt.datetime(2024, 12, 31, 23, 30, tzinfo=STOCKHOLM)
    january = dt.datetime(2025, 1, 1, 0, 30, tzinfo=STOCKHOLM)
    case_register(actor=registrar, registry=registry, title="A", registered_at=december)
    case_register(actor=registrar, registry=registry, title="B", registered_at=december)
    assert (
        case_register(actor=registrar, registry=registry, title="C", registered_at=january).number
        == "KS 2025/1"
    )


def test_a_failed_registration_gives_its_number_back(registrar, registry):
    first = case_register(actor=registrar, registry=registry, title="Första")
    with pytest.raises(RuntimeError), transaction.atomic():  # noqa: PT012 - fails after it
        case_register(actor=registrar, registry=registry, title="Misslyckas")
        raise RuntimeError("something after the number was taken failed")
    with pytest.raises(ServiceError):
        case_register(actor=registrar, registry=registry, title="   ")
    second = case_register(actor=registrar, registry=registry, title="Andra")
    assert second.serial == first.serial + 1


def test_imported_numbers_are_kept_and_never_given_again(registrar, registry):
    at = dt.datetime(2020, 1, 24, 9, 0, tzinfo=STOCKHOLM)
    imported = case_register(
        actor=registrar,
        registry=registry,
        title="SOU 2019:43",
        registered_at=at,
        earlier_number=CaseNumber("KS", 2020, 132),
    )
    assert imported.number == "KS 2020/132"
    for wrong in (CaseNumber("SBN", 2020, 7), CaseNumber("KS", 2999, 1)):
        with pytest.raises(ServiceError) as error:
            case_register(actor=registrar, registry=registry, title="Fel", earlier_number=wrong)
        assert error.value.field == "earlier_number"
    with pytest.raises(ServiceError):
        case_register(
            actor=registrar,
            registry=registry,
            title="Dubblett",
            registered_at=at,
            earlier_number=CaseNumber("KS", 2020, 132),
        )
    assert (
        case_register(actor=registrar, registry=registry, title="Nästa", registered_at=at).number
        == "KS 2020/133"
    )


@pytest.mark.django_db(transaction=True)
def test_200_cases_from_8_concurrent_workers_get_exactly_1_to_200(registrar, registry):
    workers, per_worker = 8, 25
    errors: list[BaseException] = []
    barrier = threading.Barrier(workers)
    registry_id, user = registry.pk, registrar

    def work(worker: int) -> None:
        try:
            own_registry = Registry.objects.select_related("organisation").get(pk=registry_id)
            barrier.wait()
            for i in range(per_worker):
                case_register(actor=user, registry=own_registry, title=f"Ärende {worker}-{i}")
        except BaseException as exc:  # reported to the test below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not errors, errors
    serials = sorted(Case.objects.filter(registry_id=registry_id).values_list("serial", flat=True))
    assert serials == list(range(1, workers * per_worker + 1))
    assert CaseNumberSequence.objects.get(registry_id=registry_id).last_number == 200
    assert connection.vendor in {"sqlite", "postgresql"}
