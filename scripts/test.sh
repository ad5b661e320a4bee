#!/usr/bin/env bash
# The whole suite: lint, migrations in step with models, every test on PostgreSQL/PostGIS
# (slow and browser tests included), then the smoke subset on SpatiaLite.
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

echo "== pytest smoke subset on SpatiaLite"
WASTEWATCH_VAR_DIR="$(mktemp -d)" $bin/pytest -p no:cacheprovider -m smoke
