"""Print the Swedish catalogue's untranslated or fuzzy entries as JSON ({msgid: ""}), or fill
them from a JSON file: `python scripts/untranslated.py [FILL.json]`. Plural entries take a list
[singular, plural]. A helper for `make messages`; the tests check that nothing is left."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polib

CATALOGUE = Path(__file__).resolve().parent.parent / "locale/sv/LC_MESSAGES/django.po"


def main() -> None:
    po = polib.pofile(str(CATALOGUE), wrapwidth=79)
    if len(sys.argv) == 1:
        missing = {
            e.msgid: ""
            for e in po
            if "fuzzy" in e.flags or not (e.msgstr or any(e.msgstr_plural.values()))
        }
        print(json.dumps(missing, ensure_ascii=False, indent=1))
        return
    fills = json.loads(Path(sys.argv[1]).read_text())
    for entry in po:
        if entry.msgid in fills:
            value = fills[entry.msgid]
            if entry.msgid_plural:
                entry.msgstr_plural = {0: value[0], 1: value[1]}
            else:
                entry.msgstr = value
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
    po.save()


if __name__ == "__main__":
    main()
