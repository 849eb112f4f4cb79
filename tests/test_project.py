"""Project habits checked in every test run: migrations, translations, the command line."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def _po_entries(path: Path) -> list[tuple[str, str]]:
    """(msgid, first msgstr) pairs, read plainly: enough to find untranslated strings."""
    entries, msgid, msgstr, current = [], None, None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            if msgid:
                entries.append((msgid, msgstr or ""))
            msgid, msgstr, current = line[7:-1], None, "id"
        elif line.startswith(("msgstr ", "msgstr[0] ")):
            msgstr, current = line.split(" ", 1)[1][1:-1], "str"
        elif line.startswith('"') and current == "id":
            msgid += line[1:-1]
        elif line.startswith('"') and current == "str":
            msgstr += line[1:-1]
        elif line.startswith("#, fuzzy") and msgid:
            msgstr = ""
    if msgid:
        entries.append((msgid, msgstr or ""))
    return entries


def test_every_string_has_a_swedish_translation():
    po = ROOT / "locale/sv/LC_MESSAGES/django.po"
    missing = [msgid for msgid, msgstr in _po_entries(po) if msgid and not msgstr]
    assert missing == []
    assert '#, fuzzy\nmsgid "' not in po.read_text(encoding="utf-8")


def test_translations_are_compiled_and_current():
    for language in ("sv", "en"):
        po = ROOT / f"locale/{language}/LC_MESSAGES/django.po"
        mo = po.with_suffix(".mo")
        assert mo.exists(), f"compile {language}"
        assert mo.stat().st_mtime >= po.stat().st_mtime, f"compile {language}"


def test_translations_cover_the_source(tmp_path):
    """makemessages, run on a copy of the source, finds no string the .po file lacks."""
    import shutil

    for part in ("remiss", "templates", "config", "locale"):
        shutil.copytree(ROOT / part, tmp_path / part, ignore=shutil.ignore_patterns("*.pyc"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "PYTHONPATH": str(tmp_path),
    }
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "sv", "--no-location"],
        cwd=tmp_path,
        env=env,
        check=True,
        capture_output=True,
    )
    ids_source = {m for m, _s in _po_entries(tmp_path / "locale/sv/LC_MESSAGES/django.po")}
    ids_committed = {m for m, _s in _po_entries(ROOT / "locale/sv/LC_MESSAGES/django.po")}
    assert ids_source - ids_committed == set()


def test_the_remiss_command_passes_django_commands_through():
    remiss = Path(sys.executable).parent / "remiss"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    for command in ([str(remiss), "check"], [sys.executable, "-m", "remiss", "check"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        assert "no issues" in result.stdout
    help_text = subprocess.run(
        [str(remiss), "help"], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert "demo" in help_text
    assert "db_worker" in help_text


def _names_bound_twice(source: str) -> list[str]:
    import ast
    from collections import Counter

    bound: Counter[str] = Counter()
    for node in ast.parse(source).body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            targets = [node.target]
        bound.update(t.id for t in targets if isinstance(t, ast.Name))
    return sorted(name for name, count in bound.items() if count > 1 and name != "__all__")


def test_no_module_binds_a_name_twice():
    """A module-level pattern or table written a second time under the same name silently
    replaces the first (ruff sees it for functions and imports only): the reader once ran a
    joint-reply pattern twice while its first version was dead."""
    assert _names_bound_twice("A = 1\nB = 2\nA = 3\n") == ["A"]
    twice = {
        str(path.relative_to(ROOT)): names
        for path in sorted((ROOT / "remiss").rglob("*.py"))
        if "migrations" not in path.parts
        and (names := _names_bound_twice(path.read_text(encoding="utf-8")))
    }
    assert twice == {}
