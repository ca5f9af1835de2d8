#!/usr/bin/env bash
# Backs up Sportello: the PostgreSQL database (pg_dump, custom format) and the attachment store
# (DATA_DIR/files, as a tar), into one new folder with their SHA-256 sums. The database is
# dumped first, then the files: every attachment the dump knows of is in the tar (files are
# written before the row that names them, and a filing's files are never deleted).
#
#   DATABASE_URL=postgres://... DATA_DIR=/data scripts/backup.sh [DEST]
#
# DEST (default ./backups/sportello-<UTC time>) must not exist yet. The portal keeps running.
# With no DATABASE_URL (the embedded PGlite), stop the portal first: the whole DATA_DIR is
# copied as it lies. Needs pg_dump of the server's major version or newer (docs/operations.md).
set -euo pipefail

data_dir="${DATA_DIR:-./data}"
dest="${1:-./backups/sportello-$(date -u +%Y%m%dT%H%M%SZ)}"

fail() { echo "backup: $*" >&2; exit 1; }

[ -e "$dest" ] && fail "$dest exists already: give a new folder"
mkdir -p "$dest"
trap 'echo "backup: failed, $dest is incomplete" >&2' ERR

if [ -n "${DATABASE_URL:-}" ]; then
  command -v pg_dump >/dev/null || fail "pg_dump not found (Debian: apt-get install postgresql-client)"
  pg_dump --format=custom --no-owner --no-privileges --compress=6 --dbname="$DATABASE_URL" --file="$dest/database.dump"
  if [ -d "$data_dir/files" ]; then
    tar --create --file="$dest/files.tar" --directory="$data_dir" files
  else
    # no attachment yet: an empty store, so that restore finds the same shape
    tar --create --file="$dest/files.tar" --files-from=/dev/null
  fi
else
  [ -d "$data_dir" ] || fail "DATA_DIR $data_dir does not exist"
  echo "backup: no DATABASE_URL: copying the embedded database; the portal must be stopped" >&2
  tar --create --file="$dest/data-dir.tar" --directory="$data_dir" .
fi

(cd "$dest" && sha256sum -- * > SHA256SUMS)
echo "backup: written to $dest"
