#!/usr/bin/env bash
# lvyue's speed against the database's own limit, measured in one run on this machine.
#
#   bench/run.sh postgres   (make bench)        lvyue + PostgreSQL, with pgbench baselines
#   bench/run.sh sqlite     (make bench-sqlite) lvyue on embedded SQLite
#   bench/run.sh scale      (make bench-scale)  list/filter/feed pages and a city's year of figures at
#                                               BENCH_CASES (default 1,000,000)
#
# The server and the databases run here; wrk drives lvyue from a second process over loopback
# with distinct, valid leads and real tokens. Settings: BENCH_DATABASE_URL (a PostgreSQL server,
# default postgres://postgres@127.0.0.1:5432), BENCH_DURATION (s, default 15), BENCH_CONNECTIONS
# (default 16), BENCH_CASES (generated cases for the read scenarios), BENCH_RECORDS (credit
# records in force, with their measures, for the sanction check: 100,000; scale: 1,000,000),
# BENCH_ONLY (scenario names separated by spaces: run only those, e.g. "sanction_check").
set -euo pipefail
cd "$(dirname "$0")/.."

MODE="${1:-postgres}"
DURATION="${BENCH_DURATION:-15}"
CONNS="${BENCH_CONNECTIONS:-16}"
PORT="${BENCH_PORT:-18090}"
case "$MODE" in
  scale) CASES="${BENCH_CASES:-1000000}"; RECORDS="${BENCH_RECORDS:-1000000}"; CONNS="${BENCH_CONNECTIONS:-4}"; DURATION="${BENCH_DURATION:-10}" ;;
  *) CASES="${BENCH_CASES:-20000}"; RECORDS="${BENCH_RECORDS:-100000}" ;;
esac
OUT="$PWD/bench/out"
mkdir -p "$OUT"
export BENCH_OUT="$OUT"

if ! command -v wrk >/dev/null; then
  echo "installing wrk (Debian package)" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk) >/dev/null
fi

echo "building the release binary…" >&2
cargo build --release -q -p lvyue
BIN="$PWD/target/release/lvyue"
[ "$MODE" = postgres ] && cargo build --release -q -p lvyue-sanction --example lean_driver

export LVYUE_JWT_SECRET="bench-secret-bench-secret-bench-secret-0000"
export LVYUE_BIND="127.0.0.1:$PORT"
export LVYUE_LOG_FORMAT=json RUST_LOG=warn LVYUE_DATA_DIR="$OUT"
# The allocator setting production runs with (docker-compose.yml, operations.md).
export MIMALLOC_PURGE_DELAY="${MIMALLOC_PURGE_DELAY:-0}"
# The benchmark measures the server against the database, not a caller's quota.
export LVYUE_RATE_LIMIT_PER_MINUTE=0 LVYUE_SANCTION_CHECK_RATE_LIMIT_PER_MINUTE=0

SERVER_PID=""
PG_SERVER="${BENCH_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}"
PG_DB="lvyue_bench_$$"
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  if [ "$MODE" != sqlite ]; then psql -X -q "$PG_SERVER/postgres" -c "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" >/dev/null 2>&1 || true; fi
}
trap cleanup EXIT

if [ "$MODE" = sqlite ]; then
  rm -f "$OUT"/bench.db*
  export LVYUE_DATABASE_URL="sqlite://$OUT/bench.db"
  q() { sqlite3 -batch -noheader -separator ',' "$OUT/bench.db" "$1"; }
  RANDOM_ORDER="random()"
else
  psql -X -q "$PG_SERVER/postgres" -c "CREATE DATABASE $PG_DB" >/dev/null
  export LVYUE_DATABASE_URL="$PG_SERVER/$PG_DB"
  q() { psql -X -q -At -F ',' "$LVYUE_DATABASE_URL" -c "$1"; }
  RANDOM_ORDER="random()"
fi

echo "generating $CASES cases and $RECORDS credit records with their measures…" >&2
t0=$(date +%s)
"$BIN" bench-data --cases "$CASES" --records "$RECORDS"
echo "generated in $(( $(date +%s) - t0 ))s" >&2

"$BIN" serve >"$OUT/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.1; done

CHANNEL_TOKEN=$("$BIN" token --role channel --channel hotline_12345 --ttl 2h)
ADMIN_TOKEN=$("$BIN" token --role admin --ttl 2h)
CHECKER_TOKEN=$("$BIN" token --role sanction_checker --ttl 2h)
export BENCH_CHANNEL_TOKEN="$CHANNEL_TOKEN" BENCH_RUN_ID="r$$"

q "SELECT uscc, region_code FROM organisations WHERE name LIKE '%局（基准）'" >"$OUT/respondents.txt"
q "SELECT '/api/v1/complaints/' || id FROM complaints WHERE channel = 'hotline_12345' ORDER BY $RANDOM_ORDER LIMIT 5000" >"$OUT/by_id.txt"
q "SELECT '/api/v1/channels/hotline_12345/complaints/' || external_id FROM complaints WHERE channel = 'hotline_12345' ORDER BY $RANDOM_ORDER LIMIT 5000" >"$OUT/by_external_id.txt"
{
  for s in received assigned; do for f in government_procurement bidding ppp government_debt; do
    echo "/api/v1/complaints?limit=50&status=$s&field=$f"; done; done
  for c in hotline_12345 petition sme_payment; do echo "/api/v1/complaints?limit=50&channel=$c"; done
  for r in 340321 340302 340300; do echo "/api/v1/complaints?limit=50&region_code=$r"; done
  echo "/api/v1/complaints?limit=50"
} >"$OUT/list.txt"
# A city's year of figures, in each grouping (the credit office's question on the phone).
for g in handling_org region channel field month; do
  echo "/api/v1/statistics/cases?region_code=340300&from=2026-01-01&to=2026-12-31&group_by=$g"
done >"$OUT/figures.txt"
# Feed pages from random positions: cursors are base64url("txid<US>id").
q "SELECT txid || ',' || id FROM events ORDER BY $RANDOM_ORDER LIMIT 2000" | while IFS=, read -r txid id; do
  printf '/api/v1/events?limit=50&after=%s\n' "$(printf '%s\037%s' "$txid" "$id" | base64 -w0 | tr '+/' '-_' | tr -d '=')"
done >"$OUT/feed.txt"

# Sanction checks: half about subjects with measures in force (restricted), half about the
# registry's organisations, which have none (unrestricted: the common answer).
{
  q "SELECT '/api/v1/sanction-checks?subject=' || target_uscc || '&benefit=' || benefit FROM sanction_restrictions ORDER BY $RANDOM_ORDER LIMIT 2500"
  q "SELECT '/api/v1/sanction-checks?subject=' || o.uscc || '&benefit=' || b.b FROM organisations o CROSS JOIN (SELECT 'government_procurement' AS b UNION ALL SELECT 'special_bonds' UNION ALL SELECT 'awards') b ORDER BY $RANDOM_ORDER LIMIT 2500"
} >"$OUT/checks.txt"

RESULTS="$OUT/results.txt"
: >"$RESULTS"

# wrk prints latencies as 812.00us / 1.23ms / 1.02s; normalise to ms.
to_ms() { awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0; else if (v ~ /s$/) n *= 1000; printf "%.2f", n }'; }

# CPU time (clock ticks: utime + stime) of the server, and of every PostgreSQL process.
ticks_of() { awk '{ t += $14 + $15 } END { print t + 0 }' "$@" 2>/dev/null || echo 0; }
server_ticks() { ticks_of "/proc/$SERVER_PID/stat"; }
pg_ticks() {
  if [ "$MODE" = sqlite ]; then echo 0; return; fi
  local files=() pid
  for pid in $(pgrep -x postgres); do files+=("/proc/$pid/stat"); done
  [ ${#files[@]} -gt 0 ] && ticks_of "${files[@]}" || echo 0
}
HZ=$(getconf CLK_TCK)

run_wrk() { # name script [env…]
  local name="$1" script="$2"; shift 2
  # BENCH_ONLY="sanction_check status_by_id" runs only those scenarios (and the baselines).
  if [ -n "${BENCH_ONLY:-}" ] && [[ " $BENCH_ONLY " != *" $name "* ]]; then return 0; fi
  local s0 p0 s1 p1
  s0=$(server_ticks); p0=$(pg_ticks)
  env "$@" wrk -t2 -c"$CONNS" -d"${DURATION}s" --latency -s "bench/$script" "http://127.0.0.1:$PORT" >"$OUT/$name.wrk" 2>&1
  s1=$(server_ticks); p1=$(pg_ticks)
  local rps p50 p99 errors total cpu_server cpu_pg
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$OUT/$name.wrk")
  p50=$(to_ms "$(awk '$1 == "50%" { print $2 }' "$OUT/$name.wrk")")
  p99=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$OUT/$name.wrk")")
  errors=$(awk '/Non-2xx or 3xx responses:/ { print $5 } /Socket errors/ { print "socket" }' "$OUT/$name.wrk" | tr '\n' ' ')
  # CPU per request, in microseconds: what capacity planning multiplies by the load.
  total=$(awk '/ requests in / { print $1 }' "$OUT/$name.wrk")
  cpu_server=$(awk -v a="$s0" -v b="$s1" -v n="$total" -v hz="$HZ" 'BEGIN { printf "%.0f", (n > 0 ? (b - a) / hz * 1e6 / n : 0) }')
  cpu_pg=$(awk -v a="$p0" -v b="$p1" -v n="$total" -v hz="$HZ" 'BEGIN { printf "%.0f", (n > 0 ? (b - a) / hz * 1e6 / n : 0) }')
  echo "$name $rps $p50 $p99 $cpu_server $cpu_pg ${errors:-0}" >>"$RESULTS"
  # The server's peak memory so far, to see which scenario sets it.
  local hwm
  hwm=$(awk '/^VmHWM:/ { printf "%d", $2 / 1024 }' "/proc/$SERVER_PID/status")
  printf '  %-22s %10s req/s   p50 %7s ms   p99 %7s ms   cpu/req: lvyue %5s µs, postgres %5s µs   peak RSS %4s MB   errors: %s\n' \
    "$name" "$rps" "$p50" "$p99" "$cpu_server" "$cpu_pg" "$hwm" "${errors:-0}" >&2
}

run_pgbench() { # name script
  local name="$1" script="$2" cases
  cases=$(q "SELECT count(*) FROM bench_case_pk")
  pgbench -n -c "$CONNS" -j 2 -T "$DURATION" -D cases="$cases" -r -f "bench/$script" "$LVYUE_DATABASE_URL" >"$OUT/$name.pgbench" 2>&1
  local tps lat
  tps=$(awk '/^tps = / { print $3 }' "$OUT/$name.pgbench")
  lat=$(awk '/^latency average = / { print $4 }' "$OUT/$name.pgbench")
  echo "$name $tps $lat" >>"$RESULTS"
  printf '  %-22s %10s tx/s    avg %7s ms\n' "$name" "$tps" "$lat" >&2
}

echo >&2
echo "== $MODE: $CONNS connections, ${DURATION}s per scenario, $CASES generated cases" >&2
if [ "$MODE" = scale ]; then
  run_wrk list_page paths.lua BENCH_TOKEN="$ADMIN_TOKEN" BENCH_PATHS="$OUT/list.txt"
  run_wrk feed_page paths.lua BENCH_TOKEN="$ADMIN_TOKEN" BENCH_PATHS="$OUT/feed.txt"
  run_wrk status_by_id paths.lua BENCH_TOKEN="$CHANNEL_TOKEN" BENCH_PATHS="$OUT/by_id.txt"
  run_wrk sanction_check paths.lua BENCH_TOKEN="$CHECKER_TOKEN" BENCH_PATHS="$OUT/checks.txt"
  run_wrk case_figures paths.lua BENCH_TOKEN="$ADMIN_TOKEN" BENCH_PATHS="$OUT/figures.txt"
else
  run_wrk sanction_check paths.lua BENCH_TOKEN="$CHECKER_TOKEN" BENCH_PATHS="$OUT/checks.txt"
  run_wrk status_by_id paths.lua BENCH_TOKEN="$CHANNEL_TOKEN" BENCH_PATHS="$OUT/by_id.txt"
  run_wrk status_by_external_id paths.lua BENCH_TOKEN="$CHANNEL_TOKEN" BENCH_PATHS="$OUT/by_external_id.txt"
  run_wrk list_page paths.lua BENCH_TOKEN="$ADMIN_TOKEN" BENCH_PATHS="$OUT/list.txt"
  run_wrk feed_page paths.lua BENCH_TOKEN="$ADMIN_TOKEN" BENCH_PATHS="$OUT/feed.txt"
  run_wrk case_figures paths.lua BENCH_TOKEN="$ADMIN_TOKEN" BENCH_PATHS="$OUT/figures.txt"
  run_wrk intake intake.lua
fi
PEAK_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$SERVER_PID/status")
# The lean read path's two candidate drivers on the same check statement, one connection
# pipelining 16 checks as one server worker does (crates/sanction/examples/lean_driver.rs).
if [ "$MODE" = postgres ] && { [ -z "${BENCH_ONLY:-}" ] || [[ " $BENCH_ONLY " == *" lean_driver "* ]]; }; then
  echo "== the lean path's drivers, one connection, 16 in flight" >&2
  target/release/examples/lean_driver "$LVYUE_DATABASE_URL" 5 | tee -a "$OUT/lean_driver.txt" >&2
fi
echo "  server peak resident memory: $(( PEAK_KB / 1024 )) MB" >&2

if [ "$MODE" = postgres ]; then
  q "CREATE TABLE bench_complaints (LIKE complaints INCLUDING ALL);
     CREATE TABLE bench_events (LIKE events INCLUDING ALL);
     CREATE TABLE bench_case_pk AS SELECT row_number() OVER () AS n, c.* FROM complaints c;
     ALTER TABLE bench_case_pk ADD PRIMARY KEY (n); ANALYZE bench_case_pk;" >/dev/null
  echo "== pgbench baselines on the same PostgreSQL, $CONNS clients" >&2
  run_pgbench pgbench_select pg_select.sql
  run_pgbench pgbench_insert pg_insert.sql
fi

echo >&2
echo "# $MODE, $(nproc) cores, $CONNS connections, ${DURATION}s each, $CASES cases, peak RSS $(( PEAK_KB / 1024 )) MB"
awk -v mode="$MODE" -v peak="$PEAK_KB" '
  { rps[$1] = $2; p99[$1] = $4; if (NF >= 7) { cpu[$1] = $5; pgcpu[$1] = $6 } }
  END {
    if (mode == "postgres") {
      printf "intake_vs_pgbench_insert=%.2f\n", rps["intake"] / rps["pgbench_insert"]
      printf "status_by_id_vs_pgbench_select=%.2f\n", rps["status_by_id"] / rps["pgbench_select"]
      printf "status_by_external_id_vs_pgbench_select=%.2f\n", rps["status_by_external_id"] / rps["pgbench_select"]
      printf "list_page_vs_pgbench_select=%.2f\n", rps["list_page"] / rps["pgbench_select"]
      printf "feed_page_vs_pgbench_select=%.2f\n", rps["feed_page"] / rps["pgbench_select"]
      printf "sanction_check_vs_pgbench_select=%.2f\n", rps["sanction_check"] / rps["pgbench_select"]
    }
    if (mode == "sqlite") printf "sqlite_intake_per_second=%.0f\n", rps["intake"]
    for (k in p99) if (k !~ /^pgbench/) printf "%s_p99_ms=%s\n", k, p99[k]
    for (k in cpu) if (k !~ /^pgbench/) printf "%s_cpu_us_per_request=lvyue:%s,postgres:%s\n", k, cpu[k], pgcpu[k]
    printf "peak_rss_mb=%d\n", peak / 1024
  }' "$RESULTS"
