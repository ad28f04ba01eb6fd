#!/usr/bin/env bash
# Every page of bench/pages.py for a baseline commit beside the current code, on this machine,
# then bench/compare.py over the runs. A page's time means something only beside another taken
# on the same machine (bench/README.md, "Against a baseline").
#
#   bench/against.sh COMMIT [ROUNDS]
#
# The current code reads crm_bench, seeded as bench/README.md's first section says. The
# baseline gets its own checkout with its own virtualenv and its own database, seeded by its own
# code with the same commands (its schema differs). Rounds alternate baseline and current code,
# so both see the same machine; outputs go to $OUT (default /tmp/crm-against).
set -euo pipefail

commit=$(git rev-parse --short "${1:?usage: bench/against.sh COMMIT [ROUNDS]}")
rounds=${2:-3}
here=$(cd "$(dirname "$0")/.." && pwd)
tree=${BASE_TREE:-/tmp/crm-base-$commit}
database=crm_base_$commit
out=${OUT:-/tmp/crm-against}
server=postgres://postgres@127.0.0.1:5432
psql=(psql -h 127.0.0.1 -U postgres -v ON_ERROR_STOP=1 -q)

if [ ! -d "$tree" ]; then
  git -C "$here" worktree add --detach "$tree" "$commit"
  (cd "$tree" && make install)
fi
if ! "${psql[@]}" -Atc "SELECT 1 FROM pg_database WHERE datname = '$database'" postgres | grep -q 1; then
  # Seeded under another name and renamed when complete: a seed cut short is not taken for one.
  seeding=${database}_seeding
  "${psql[@]}" -c "DROP DATABASE IF EXISTS $seeding" -c "CREATE DATABASE $seeding" postgres
  (
    cd "$tree"
    export DATABASE_URL=$server/$seeding DEBUG=True
    .venv/bin/python manage.py migrate -v0
    .venv/bin/python manage.py seed_demo --accounts 50000 --orders-per-account 13 --lines-per-order 3
    .venv/bin/python manage.py rescore --as-of 2026-08-22 && .venv/bin/python manage.py rescore
  )
  "${psql[@]}" -c "VACUUM ANALYZE" "$seeding"
  "${psql[@]}" -c "ALTER DATABASE $seeding RENAME TO $database" postgres
fi

mkdir -p "$out"
rm -f "$out"/base-*.txt "$out"/now-*.txt
for round in $(seq "$rounds"); do
  (cd "$tree" && DATABASE_URL=$server/$database DEBUG=True .venv/bin/python bench/pages.py) >"$out/base-$round.txt"
  (cd "$here" && DATABASE_URL=$server/crm_bench DEBUG=True .venv/bin/python bench/pages.py) >"$out/now-$round.txt"
done
"$here/.venv/bin/python" "$here/bench/compare.py" --base "$out"/base-*.txt --now "$out"/now-*.txt
