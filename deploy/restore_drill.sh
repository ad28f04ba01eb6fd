#!/usr/bin/env bash
# The restore drill (docs/backup.md): load the demo company into a fresh PostgreSQL database,
# back it up with pg_dump's custom format, restore the dump into an empty database, and run
# check_figures on the restored one. Fails (exit 1) unless every step does what a real
# restore must: a dump that restores without error, the same rows, every stored figure equal
# to its definition. CI runs it in the PostgreSQL leg (.ci/run).
#
#   deploy/restore_drill.sh [ACCOUNTS]     (PGHOST, PGPORT, PGUSER as for psql; default 60 accounts)
set -euo pipefail
cd "$(dirname "$0")/.."

accounts=${1:-60}
host=${PGHOST:-127.0.0.1} port=${PGPORT:-5432} user=${PGUSER:-postgres}
source_db="crm_drill_source_$$" restored_db="crm_drill_restored_$$"
work=$(mktemp -d)
connection=(-h "$host" -p "$port" -U "$user")
python=${PYTHON:-.venv/bin/python}

cleanup() {
  dropdb "${connection[@]}" --if-exists "$source_db" || true
  dropdb "${connection[@]}" --if-exists "$restored_db" || true
  rm -rf "$work"
}
trap cleanup EXIT

# Tasks run inline (no broker) and the figures are computed as the seed goes.
manage() {
  local database=$1; shift
  env -u REDIS_URL -u CELERY_BROKER_URL DEBUG=True \
    DATABASE_URL="postgres://$user@$host:$port/$database" "$python" manage.py "$@"
}
count() { psql "${connection[@]}" -d "$1" -tAc "SELECT (SELECT count(*) FROM accounts_account), (SELECT count(*) FROM deals_orderline), (SELECT count(*) FROM credit_creditlimit)"; }

echo "== seeding the demo ($accounts accounts) into $source_db"
createdb "${connection[@]}" "$source_db"
manage "$source_db" migrate --no-input -v0
manage "$source_db" seed_demo --accounts "$accounts" -v0

echo "== backing up: pg_dump --format=custom"
pg_dump "${connection[@]}" --format=custom --no-owner --file "$work/crm.dump" "$source_db"
ls -l "$work/crm.dump"

echo "== restoring into the empty $restored_db"
createdb "${connection[@]}" "$restored_db"
pg_restore "${connection[@]}" --no-owner --exit-on-error --dbname "$restored_db" "$work/crm.dump"

echo "== checking the restored database"
manage "$restored_db" migrate --check -v0  # every migration is recorded as applied
before=$(count "$source_db") after=$(count "$restored_db")
if [ "$before" != "$after" ]; then
  echo "rows differ after the restore: $before (accounts|order lines|limits) before, $after after" >&2
  exit 1
fi
echo "same rows (accounts|order lines|limits): $after"
manage "$restored_db" check_figures
echo "== restore drill passed"
