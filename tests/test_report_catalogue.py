"""The catalogue of reports (`remiss reports import FILE`): CSV or JSON, all rows or none, each
change audited; the reader then knows a report named only by its title."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from remiss.core.models import AuditEntry
from remiss.referrals.models import Report
from remiss.referrals.reports import SHIPPED_CATALOGUE, known_reports

pytestmark = pytest.mark.django_db

CSV = (
    "ref;title;year;ministry\n"
    "SOU 2019:43;Med tillit följer bättre resultat – tillitsbaserad styrning och ledning i "
    "staten;2019;Finansdepartementet\n"
    "Ds 2023 nr 23;Skärpta regler för köp av sexuella tjänster;2023;Justitiedepartementet\n"
)


def _import(tmp_path, name: str, content: str) -> str:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    from io import StringIO

    out = StringIO()
    call_command("reports", "import", str(path), stdout=out)
    return out.getvalue()


def test_a_csv_catalogue_is_loaded_and_its_references_normalised(tmp_path):
    printed = _import(tmp_path, "rapporter.csv", CSV)
    assert "2 nya" in printed
    assert "2 added" in printed
    assert list(Report.objects.values_list("ref", "year", "ministry")) == [
        ("Ds 2023:23", 2023, "Justitiedepartementet"),
        ("SOU 2019:43", 2019, "Finansdepartementet"),
    ]
    assert AuditEntry.objects.filter(object_type="referrals.report", action="create").count() == 2


def test_importing_again_changes_only_what_changed_and_audits_it(tmp_path):
    _import(tmp_path, "a.csv", CSV)
    assert "0 nya, 0 ändrade, 2 oförändrade" in _import(tmp_path, "b.csv", CSV)
    changed = [{"ref": "SOU 2019:43", "title": "Med tillit följer bättre resultat"}]
    assert "1 ändrade" in _import(tmp_path, "c.json", json.dumps(changed))
    assert Report.objects.get(ref="SOU 2019:43").title == "Med tillit följer bättre resultat"
    update = AuditEntry.objects.get(object_type="referrals.report", action="update")
    assert update.before["title"].startswith("Med tillit följer bättre resultat –")


@pytest.mark.parametrize(
    ("content", "swedish", "english"),
    [
        ("ref;title\nSOU 2019:43;Med tillit\nnågot;Fel\n", "Rad 2", "Row 2"),
        ("ref;title\nSOU 2019:43;\n", "Rad 1", "Row 1"),
        ("ref;title\nSOU 2019:43;A\nsou 2019:43;B\n", "finns två gånger", "twice"),
        ("rubrik;text\nSOU 2019:43;A\n", "ref och title", "ref and title"),
        ('[{"ref": "SOU 2019:43"', "inte giltig JSON", "not valid JSON"),
        ("ref;title;year\nSOU 2019:43;A;nittonhundra\n", "inte ett årtal", "not a year"),
    ],
)
def test_a_bad_catalogue_is_refused_in_both_languages_and_nothing_saved(
    tmp_path, content, swedish, english
):
    with pytest.raises(CommandError) as error:
        _import(tmp_path, "fel.csv", content)
    assert swedish in str(error.value)
    assert english in str(error.value)
    assert "Inget sparades / nothing was saved" in str(error.value)
    assert not Report.objects.exists()


def test_the_shipped_catalogue_loads_and_the_reader_takes_it(tmp_path):
    shipped = json.loads(SHIPPED_CATALOGUE.read_text(encoding="utf-8"))
    _import(tmp_path, "katalog.json", SHIPPED_CATALOGUE.read_text(encoding="utf-8"))
    assert Report.objects.count() == len(shipped) > 40
    assert ("SOU 2016:48", "Regional indelning – tre nya län") in [
        (r.ref, r.title) for r in known_reports()
    ]
