#!/usr/bin/env bash
# make test-replica: a real PostgreSQL primary and hot standby on ports of their own (initdb,
# pg_basebackup -R, streaming replication), and the tests that read from the standby
# (tests/api/replica.rs). Everything lives under one temporary directory, removed at the end.
#
#   REPLICA_PORT   the primary's port (default 25432, below the ephemeral range 32768–60999 so no client socket can hold it; the standby takes the next one)
#   PG_BIN         where initdb, pg_ctl and pg_basebackup are (default: found on PATH, else
#                  /usr/lib/postgresql/*/bin)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${REPLICA_PORT:-25432}"
STANDBY_PORT=$((PORT + 1))
if [ -z "${PG_BIN:-}" ]; then
  if command -v initdb >/dev/null && command -v pg_basebackup >/dev/null; then PG_BIN="$(dirname "$(command -v initdb)")"
  else PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"; fi
fi
BASEBACKUP="$(command -v pg_basebackup || echo "$PG_BIN/pg_basebackup")"
ROOT="$(mktemp -d /tmp/lvyue-replica.XXXXXX)"
chmod 755 "$ROOT"

# PostgreSQL refuses to run as root: as root, run its tools as the postgres user.
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$ROOT"

stop() {
  as_pg "$PG_BIN/pg_ctl" -D "$ROOT/standby" -m immediate stop >/dev/null 2>&1 || true
  as_pg "$PG_BIN/pg_ctl" -D "$ROOT/primary" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$ROOT"
}
trap stop EXIT

echo "primary on 127.0.0.1:$PORT, hot standby on 127.0.0.1:$STANDBY_PORT ($ROOT)" >&2
as_pg "$PG_BIN/initdb" -D "$ROOT/primary" -U postgres --auth=trust >/dev/null
cat >> "$ROOT/primary/postgresql.conf" <<CONF
port = $PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$ROOT'
wal_level = replica
max_wal_senders = 4
hot_standby = on
max_connections = 200
fsync = off
CONF
as_pg "$PG_BIN/pg_ctl" -D "$ROOT/primary" -l "$ROOT/primary.log" -w -t 120 start >/dev/null || { cat "$ROOT/primary.log" >&2; exit 1; }
as_pg "$BASEBACKUP" -h 127.0.0.1 -p "$PORT" -U postgres -D "$ROOT/standby" -R -X stream
echo "port = $STANDBY_PORT" >> "$ROOT/standby/postgresql.conf"
as_pg "$PG_BIN/pg_ctl" -D "$ROOT/standby" -l "$ROOT/standby.log" -w -t 120 start >/dev/null || { cat "$ROOT/standby.log" >&2; exit 1; }
as_pg psql -X -q -h 127.0.0.1 -p "$STANDBY_PORT" -U postgres -d postgres -tAc "SELECT pg_is_in_recovery()" | grep -qx t

LVYUE_TEST_REPLICA_PRIMARY="postgres://postgres@127.0.0.1:$PORT/postgres" \
LVYUE_TEST_REPLICA_STANDBY="postgres://postgres@127.0.0.1:$STANDBY_PORT/postgres" \
  cargo test --test api replica:: -- --ignored "$@"
