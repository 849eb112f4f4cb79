#!/bin/sh
# The restore drill (docs/deploy.md): restore a backup archive into an empty data folder and
# database, and check that what came back is whole — the audit chain holds and Django's checks
# pass. Run it with the environment of a scratch installation, never the live one:
#
#   REMISS_DATA_DIR=/srv/drill DATABASE_URL=postgres://remiss@/remiss_drill \
#     deploy/restore-drill.sh /var/backups/remiss/remiss-2026-12-03.tar.gz
set -eu
archive=${1:?usage: restore-drill.sh ARCHIVE}
remiss=${REMISS:-$(dirname "$0")/../.venv/bin/remiss}
"$remiss" restore "$archive"
"$remiss" audit verify
"$remiss" migrate --check
"$remiss" check
echo "restore drill: $archive restored and verified"
