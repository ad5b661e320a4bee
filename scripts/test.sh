#!/usr/bin/env bash
# The whole suite: lint, migrations in step with models, every test on PostgreSQL/PostGIS
# (slow and browser tests included), the read-replica tests on a primary and replica of their
# own, then the smoke subset on SpatiaLite.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
: "${TEST_DATABASE_URL:=postgis://wastewatch:wastewatch@127.0.0.1:5432/wastewatch}"

echo "== ruff"
$bin/ruff check .
$bin/ruff format --check .

echo "== migrations match the models"
DEBUG=1 $bin/python manage.py makemigrations --check --dry-run -v1

echo "== pytest on PostgreSQL/PostGIS"
DATABASE_URL="$TEST_DATABASE_URL" $bin/pytest -p no:cacheprovider

# --- Read replica: its tests on a throwaway primary and hot standby (scripts/replica.sh) ----
echo "== pytest on a streaming replica"
bash scripts/replica.sh test
# --- end of read replica --------------------------------------------------------------------

echo "== pytest smoke subset on SpatiaLite"
WASTEWATCH_VAR_DIR="$(mktemp -d)" $bin/pytest -p no:cacheprovider -m smoke
