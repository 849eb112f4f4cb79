"""The `remiss` command: every Django management command, plus Remiss's own (README.md)."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = argv if argv is not None else sys.argv[1:]
    if args[:1] == ["read"]:
        # Reading and compiling need no database: they run without Django.
        from remiss.reading.cli import read_main

        raise SystemExit(read_main(args[1:]))
    if args[:1] == ["compile"]:
        from remiss.consultations.cli import compile_main

        raise SystemExit(compile_main(args[1:]))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", __import__("remiss").settings_module())
    from django.core.management import execute_from_command_line

    execute_from_command_line(["remiss", *args])


if __name__ == "__main__":
    main()
