"""A real S3 API server on the loopback (moto in server mode) for the tests of object storage.

`python -m tests.s3server COMMAND…` starts one, makes a bucket, and runs the command with the
`REMISS_S3_*` settings pointing at it, so that the whole suite can run with files in a bucket
(`make test-s3`; CI's PostgreSQL pass). The fixture `s3_bucket` starts one for single tests.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from dataclasses import dataclass
from typing import Any

from moto.server import ThreadedMotoServer

from config.settings.storage import s3_storage
from tests.instance import free_port


@dataclass
class S3Server:
    server: ThreadedMotoServer
    endpoint: str
    bucket: str = "remiss-test"

    def environment(self) -> dict[str, str]:
        """The settings an installation reads (config/settings/base.py) for this bucket."""
        return {
            "REMISS_S3_BUCKET": self.bucket,
            "REMISS_S3_ENDPOINT_URL": self.endpoint,
            "REMISS_S3_REGION": "eu-north-1",
            "REMISS_S3_ACCESS_KEY_ID": "remiss-test",
            "REMISS_S3_SECRET_ACCESS_KEY": "remiss-test-secret",
            "REMISS_S3_ADDRESSING_STYLE": "path",
        }

    def storage(self, location: str) -> dict[str, Any]:
        """Django's storage entry for a folder of this bucket, as an installation makes it."""
        entry = s3_storage({**self.environment(), "REMISS_S3_PREFIX": location})
        assert entry is not None
        return entry

    def stop(self) -> None:
        self.server.stop()


def start() -> S3Server:
    import boto3

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # not a line for every request
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    s3 = S3Server(server, f"http://127.0.0.1:{port}")
    env = s3.environment()
    client = boto3.client(
        "s3",
        endpoint_url=s3.endpoint,
        region_name=env["REMISS_S3_REGION"],
        aws_access_key_id=env["REMISS_S3_ACCESS_KEY_ID"],
        aws_secret_access_key=env["REMISS_S3_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(
        Bucket=s3.bucket,
        CreateBucketConfiguration={"LocationConstraint": env["REMISS_S3_REGION"]},
    )
    return s3


def main(argv: list[str]) -> int:
    if not argv:
        print("usage: python -m tests.s3server COMMAND [ARGS…]", file=sys.stderr)
        return 2
    s3 = start()
    try:
        print(f"S3 (moto) on {s3.endpoint}, bucket {s3.bucket}", flush=True)
        return subprocess.run(argv, env={**os.environ, **s3.environment()}).returncode
    finally:
        s3.stop()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
