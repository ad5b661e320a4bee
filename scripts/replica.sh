#!/usr/bin/env bash
# A throwaway PostgreSQL primary and a hot-standby streaming replica of it (pg_basebackup -R),
# on free loopback ports, for the read-replica tests. Debian's binaries, run as the postgres
# OS user; PostGIS comes with them. Fast: fsync off, nothing kept after `stop`.
#   scripts/replica.sh start          start both (idempotent); prints DATABASE_URL and
#                                     DATABASE_REPLICA_URL as shell assignments
#   scripts/replica.sh stop           stop both and delete them (idempotent)
#   scripts/replica.sh replica-stop   stop only the replica (the tests' "replica down")
#   scripts/replica.sh replica-start  start it again
#   scripts/replica.sh test [ARGS]    start, run the read-replica tests on them, stop
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd -P)"
dir="${WASTEWATCH_REPLICA_DIR:-/tmp/wastewatch-replica-$(printf %s "$root" | cksum | cut -d' ' -f1)}"
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
bin="/usr/lib/postgresql/${version}/bin"
user=wastewatch password=wastewatch

as_postgres() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

server_start() {  # data directory name, port
  as_postgres "$bin/pg_ctl" -D "$dir/$1" -l "$dir/$1.log" -w -t 60 start -o \
    "-c port=$2 -c listen_addresses=127.0.0.1 -c unix_socket_directories=$dir -c fsync=off" \
    >/dev/null
}

server_stop() {  # data directory name
  if [ -f "$dir/$1/postmaster.pid" ]; then
    as_postgres "$bin/pg_ctl" -D "$dir/$1" -m immediate -w stop >/dev/null 2>&1 || true
  fi
}

urls() {
  # shellcheck source=/dev/null
  . "$dir/ports"
  echo "DATABASE_URL=postgis://$user:$password@127.0.0.1:$PRIMARY_PORT/wastewatch"
  echo "DATABASE_REPLICA_URL=postgis://$user:$password@127.0.0.1:$REPLICA_PORT/wastewatch"
}

running() {
  [ -f "$dir/ports" ] || return 1
  # shellcheck source=/dev/null
  . "$dir/ports"
  "$bin/pg_isready" -q -h 127.0.0.1 -p "$PRIMARY_PORT" \
    && "$bin/pg_isready" -q -h 127.0.0.1 -p "$REPLICA_PORT"
}

stop() {
  server_stop replica
  server_stop primary
  [ ! -d "$dir" ] || as_postgres rm -rf "$dir"
}

start() {
  if running; then urls; return; fi
  stop  # whatever a previous run left
  as_postgres mkdir -p -m 755 "$dir"  # its data directories are the server's alone (700)
  primary_port=$(free_port)
  as_postgres "$bin/initdb" -D "$dir/primary" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  server_start primary "$primary_port"
  as_postgres "$bin/psql" -q -h "$dir" -p "$primary_port" -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE $user LOGIN SUPERUSER PASSWORD '$password'" \
    -c "CREATE DATABASE wastewatch OWNER $user"
  as_postgres "$bin/psql" -q -h "$dir" -p "$primary_port" -d wastewatch -v ON_ERROR_STOP=1 \
    -c "CREATE EXTENSION postgis"
  # The replica: a copy of the primary that streams its WAL from then on (-R: standby.signal
  # and primary_conninfo), read-only queries allowed (hot_standby, on by default).
  as_postgres "$bin/pg_basebackup" -h "$dir" -p "$primary_port" -U postgres \
    -D "$dir/replica" -R -X stream -c fast
  replica_port=$(free_port)
  server_start replica "$replica_port"
  printf 'PRIMARY_PORT=%s\nREPLICA_PORT=%s\n' "$primary_port" "$replica_port" \
    | as_postgres tee "$dir/ports" >/dev/null
  in_recovery=$(as_postgres "$bin/psql" -tA -h "$dir" -p "$replica_port" -d wastewatch \
    -c "SELECT pg_is_in_recovery()")
  [ "$in_recovery" = "t" ] || { echo "the replica is not a standby" >&2; exit 1; }
  urls
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  replica-stop) server_stop replica ;;
  replica-start)
    # shellcheck source=/dev/null
    . "$dir/ports"
    server_start replica "$REPLICA_PORT"
    ;;
  test)
    shift
    trap stop EXIT
    environment=$(start)
    # shellcheck disable=SC2046
    env $(echo "$environment") .venv/bin/pytest -p no:cacheprovider -q \
      tests/wastewatch/test_read_replica.py "$@"
    ;;
  *)
    echo "usage: $0 start|stop|replica-stop|replica-start|test [pytest arguments]" >&2
    exit 2
    ;;
esac
