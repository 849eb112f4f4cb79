"""A real IMAP server on the loopback for the mail intake tests: pymap (a Python IMAP4rev1
server) with its in-memory backend, started for the test run; each test gets a folder of its
own and puts messages there with IMAP APPEND, as a mail server delivers them."""

from __future__ import annotations

import imaplib
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from remiss.consultations.mail import ImapAccount
from tests.instance import free_port

USER = "remissvar"
PASSWORD = "hemligt-losen"  # IMAP LOGIN carries ASCII only


@dataclass
class ImapServer:
    process: subprocess.Popen[bytes]
    port: int

    def connect(self) -> imaplib.IMAP4:
        connection = imaplib.IMAP4("127.0.0.1", self.port, timeout=30)
        connection.login(USER, PASSWORD)
        return connection

    def new_folder(self) -> ImapAccount:
        folder = f"Test-{uuid.uuid4().hex[:12]}"
        connection = self.connect()
        connection.create(folder)
        connection.logout()
        return ImapAccount("127.0.0.1", self.port, USER, PASSWORD, folder, security="none")

    def deliver(self, account: ImapAccount, message: bytes) -> None:
        connection = self.connect()
        connection.append(account.folder, None, None, message)
        connection.logout()

    def unseen(self, account: ImapAccount) -> int:
        connection = self.connect()
        connection.select(account.folder)
        _status, found = connection.search(None, "UNSEEN")
        connection.logout()
        return len((found[0] or b"").split())

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def start() -> ImapServer:
    port = free_port()
    pymap = Path(sys.executable).with_name("pymap")
    process = subprocess.Popen(  # our own test server, fixed arguments
        [str(pymap), "--host", "127.0.0.1", "--port", str(port), "--no-tls", "dict",
         "--demo-user", USER, "--demo-password", PASSWORD],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return ImapServer(process, port)
        except OSError:
            if process.poll() is not None:
                raise RuntimeError("pymap stopped at start") from None
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("pymap did not start")
