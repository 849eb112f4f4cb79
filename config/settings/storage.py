"""The file store's settings from the environment: a bucket on S3-compatible object storage
when REMISS_S3_BUCKET names one (docs/deploy.md), else None and files stay in FILES_DIR."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def s3_storage(environ: Mapping[str, str]) -> dict[str, Any] | None:
    """Django's storage entry (alias "files") for django-storages' S3Storage, or None."""
    if not environ.get("REMISS_S3_BUCKET"):
        return None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": environ["REMISS_S3_BUCKET"],
            # A folder inside the bucket, e.g. one per installation sharing a bucket.
            "location": environ.get("REMISS_S3_PREFIX", ""),
            "endpoint_url": environ.get("REMISS_S3_ENDPOINT_URL") or None,
            "region_name": environ.get("REMISS_S3_REGION") or None,
            # Keys from the environment, or else boto3's own chain (instance role, ~/.aws).
            "access_key": environ.get("REMISS_S3_ACCESS_KEY_ID") or None,
            "secret_key": environ.get("REMISS_S3_SECRET_ACCESS_KEY") or None,
            # "path" for MinIO, Ceph and most servers other than AWS itself.
            "addressing_style": environ.get("REMISS_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,  # objects stay private; downloads go through Remiss
            "file_overwrite": True,  # a name is its content's hash: the same name, same bytes
        },
    }
