"""Run eark-validator (E-ARK CSIP/SIP) on a package folder and print its report as JSON.

The validator reads four CSIP vocabularies from earkcsip.dilcis.eu when it is imported; no
network is reachable here, so they are served from the copies in tests/data/eark/vocabularies
(tests/data/README.md names their sources). Run as a child process:
`python -m tests.eark PACKAGE_FOLDER`.
"""

from __future__ import annotations

import io
import sys
import urllib.request
from pathlib import Path

VOCABULARIES = Path(__file__).parent / "data" / "eark" / "vocabularies"


def _local_copy(url: object, *args: object, **kwargs: object) -> io.BytesIO:
    path = VOCABULARIES / str(url).rsplit("/", 1)[-1]
    if not path.is_file():
        raise OSError(f"no local copy of {url}")
    return io.BytesIO(path.read_bytes())


def main(argv: list[str]) -> int:
    urllib.request.urlopen = _local_copy  # type: ignore[assignment]
    from eark_validator.cli.app import main as validator

    sys.argv = ["eark-validator", *argv]
    return int(validator() or 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
