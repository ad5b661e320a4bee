#!/usr/bin/env bash
# Start PostgreSQL and Redis when they are not answering, and make sure the test role and
# database exist with PostGIS (idempotent). Loopback only.
set -euo pipefail
: "${PGHOST:=127.0.0.1}" "${PGPORT:=5432}"
DB_USER="${WASTEWATCH_DB_USER:-wastewatch}"
DB_PASSWORD="${WASTEWATCH_DB_PASSWORD:-wastewatch}"
DB_NAME="${WASTEWATCH_DB_NAME:-wastewatch}"

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
  echo "Starting PostgreSQL"
  version=$(ls /etc/postgresql | sort -n | tail -1)
  if command -v pg_ctlcluster >/dev/null; then
    pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null \
      || pg_ctlcluster "$version" main start
  fi
  for _ in $(seq 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
  pg_isready -h "$PGHOST" -p "$PGPORT"
fi

# A superuser role: the test runner creates the test database and its PostGIS extension.
as_postgres psql -q -v ON_ERROR_STOP=1 -d postgres <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${DB_USER}') THEN
    CREATE ROLE "${DB_USER}" LOGIN SUPERUSER PASSWORD '${DB_PASSWORD}';
  END IF;
END \$\$;
SQL
if ! as_postgres psql -tAc "SELECT 1 FROM pg_database WHERE datname='${DB_NAME}'" | grep -q 1; then
  as_postgres createdb -O "$DB_USER" "$DB_NAME"
fi
as_postgres psql -q -d "$DB_NAME" -c "CREATE EXTENSION IF NOT EXISTS postgis"

if ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "Starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no \
    --dir /tmp --logfile /tmp/wastewatch-redis.log
  for _ in $(seq 20); do redis-cli -h 127.0.0.1 ping >/dev/null 2>&1 && break; sleep 0.5; done
fi
