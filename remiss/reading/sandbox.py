"""Run a probe of an untrusted file in a child process with time and memory limits.

Parsers of hostile files may loop, exhaust memory or crash (pypdfium2 is C code): the child
may die, the caller never does. Pure Python, no Django.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

DEFAULT_MEMORY_MB = 1024


class ProbeFailed(Exception):
    """The child process timed out, crashed or printed nothing useful."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "timeout" | "crashed" | "invalid-output"


def _limits(memory_mb: int, cpu_seconds: int) -> Callable[[], None]:
    def apply() -> None:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 1))
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    return apply


def run_probe(
    module: str, path: Path, *, timeout: float, memory_mb: int = DEFAULT_MEMORY_MB
) -> dict[str, Any]:
    """Run `python -m module path` under limits and return the JSON object it prints."""
    try:
        completed = subprocess.run(
            [sys.executable, "-m", module, str(path)],
            capture_output=True,
            timeout=timeout,
            preexec_fn=_limits(memory_mb, int(timeout) + 1),
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ProbeFailed("timeout") from exc
    if completed.returncode != 0:
        raise ProbeFailed("crashed")
    try:
        result = json.loads(completed.stdout.decode("utf-8").strip().splitlines()[-1])
    except (ValueError, IndexError) as exc:
        raise ProbeFailed("invalid-output") from exc
    if not isinstance(result, dict):
        raise ProbeFailed("invalid-output")
    return result


class ProbeServer:
    """One sandboxed child that answers path after path (`python -m module --serve`): the
    start-up of a Python process is paid once for many files. A file that hangs or crashes
    the child costs only that child; the next file gets a new one."""

    def __init__(self, module: str, *, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
        self.module, self.memory_mb = module, memory_mb
        self.process: subprocess.Popen[bytes] | None = None

    def _start(self) -> subprocess.Popen[bytes]:
        def limits() -> None:
            limit = self.memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
            resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

        return subprocess.Popen(
            [sys.executable, "-m", self.module, "--serve"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            preexec_fn=limits,
        )

    def ask(self, path: Path, *, timeout: float) -> dict[str, Any]:
        import select

        if self.process is None or self.process.poll() is not None:
            self.process = self._start()
        process = self.process
        assert process.stdin is not None
        assert process.stdout is not None
        try:
            process.stdin.write(str(path).encode() + b"\n")
            process.stdin.flush()
        except BrokenPipeError as exc:
            self.close()
            raise ProbeFailed("crashed") from exc
        ready, _w, _x = select.select([process.stdout], [], [], timeout)
        if not ready:
            self.close()
            raise ProbeFailed("timeout")
        line = process.stdout.readline()
        if not line:
            self.close()
            raise ProbeFailed("crashed")
        try:
            result: dict[str, Any] = json.loads(line.decode("utf-8"))
        except ValueError as exc:
            self.close()
            raise ProbeFailed("invalid-output") from exc
        return result

    def close(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def __enter__(self) -> ProbeServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
