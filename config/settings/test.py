import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import DATABASES

# Fast hashing in tests only; production keeps Argon2.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEBUG = False
ALLOWED_HOSTS = ["*"]
DATA_DIR = Path(tempfile.mkdtemp(prefix="remiss-test-"))
FILES_DIR = DATA_DIR / "files"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# The suite's own connections close after each request, so that pytest-django can empty and
# drop the test database; the servers the tests start (tests/instance.py) keep theirs.
DATABASES["default"]["CONN_MAX_AGE"] = 0
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not ":memory:", so that concurrent threads in tests see one database.
    DATABASES["default"]["TEST"] = {"NAME": str(DATA_DIR / "test.sqlite3")}
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Each file's text for search is extracted in a sandboxed child, a second or so per file: off in
# the suite (and the servers it starts) but for the tests of search, which turn it on.
REMISS_SEARCH_FILE_TEXT = False
os.environ["REMISS_SEARCH_FILE_TEXT"] = "0"
WHITENOISE_USE_FINDERS = True
# PDF/A renditions take seconds per file (OCRmyPDF): off in the suite but for the tests of
# them (tests/test_archive.py turns it on).
REMISS_ARCHIVE_PDFA = False
