#!/usr/bin/env bash
# Restores a backup made by scripts/backup.sh: the database into DATABASE_URL, which must be a
# new, empty database (createdb first), and the attachments into DATA_DIR/files, which must not
# hold any file yet. Checks the SHA-256 sums first; the database is restored in one transaction,
# so a failure leaves it empty. Then start the portal on them (it applies newer migrations).
#
#   DATABASE_URL=postgres://.../sportello_restored DATA_DIR=/data-restored scripts/restore.sh SRC
#
# With no DATABASE_URL, the backup must be of the embedded PGlite, and DATA_DIR empty.
set -euo pipefail

src="${1:-}"
data_dir="${DATA_DIR:-./data}"

fail() { echo "restore: $*" >&2; exit 1; }

[ -n "$src" ] || fail "usage: scripts/restore.sh BACKUP_FOLDER"
[ -f "$src/SHA256SUMS" ] || fail "$src is not a backup (no SHA256SUMS)"
(cd "$src" && sha256sum --check --quiet SHA256SUMS) || fail "$src is damaged: a sum does not match"
if [ -d "$data_dir" ] && [ -n "$(ls -A "$data_dir/files" 2>/dev/null)" ]; then
  fail "$data_dir/files holds files already: restore into an empty DATA_DIR"
fi

if [ -n "${DATABASE_URL:-}" ]; then
  [ -f "$src/database.dump" ] || fail "$src has no database.dump (a backup of the embedded database?)"
  command -v pg_restore >/dev/null || fail "pg_restore not found (Debian: apt-get install postgresql-client)"
  tables=$(psql --no-psqlrc --tuples-only --no-align --dbname="$DATABASE_URL" \
    --command="select count(*) from pg_tables where schemaname not in ('pg_catalog', 'information_schema')")
  [ "$tables" = "0" ] || fail "the database has $tables tables already: restore into a new, empty one"
  pg_restore --no-owner --no-privileges --exit-on-error --single-transaction --dbname="$DATABASE_URL" "$src/database.dump"
  mkdir -p "$data_dir"
  tar --extract --file="$src/files.tar" --directory="$data_dir"
else
  [ -f "$src/data-dir.tar" ] || fail "$src has no data-dir.tar: set DATABASE_URL to restore a PostgreSQL backup"
  [ -z "$(ls -A "$data_dir" 2>/dev/null)" ] || fail "DATA_DIR $data_dir is not empty"
  mkdir -p "$data_dir"
  tar --extract --file="$src/data-dir.tar" --directory="$data_dir"
fi
echo "restore: done from $src"
