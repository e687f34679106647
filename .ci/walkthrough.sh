#!/usr/bin/env bash
# The walkthrough (docs/walkthrough.md) as a test: starts an already built lvyue with the demo
# region on a free port in a temporary data directory, mints the tokens, runs
# docs/walkthrough.http with httpyac, stops the server and exits with httpyac's status.
#
# Builds nothing: run `cargo build` first (the binary is target/debug/lvyue), or point LVYUE_BIN
# at another one. httpyac is taken from PATH (or HTTPYAC_BIN); otherwise the pinned version is
# installed with npm into the temporary directory (needs node >= 18 and the npm registry).
#
#   .ci/walkthrough.sh                         # after cargo build
#   LVYUE_BIN=target/release/lvyue .ci/walkthrough.sh
#   KEEP_TMP=1 .ci/walkthrough.sh              # keep the data dir and the server log
set -euo pipefail
cd "$(dirname "$0")/.."

HTTPYAC_VERSION=6.16.7          # runs on node 18+; checked on node 20
COLLECTION=docs/walkthrough.http

BIN="${LVYUE_BIN:-target/debug/lvyue}"
case "$BIN" in */*) ;; *) BIN="$(command -v "$BIN" || echo "$BIN")" ;; esac
if [[ ! -x "$BIN" ]]; then
  echo "walkthrough: no lvyue binary at $BIN; build it first (cargo build) or set LVYUE_BIN" >&2
  exit 2
fi
BIN="$(cd "$(dirname "$BIN")" && pwd)/$(basename "$BIN")"
[[ -f "$COLLECTION" ]] || { echo "walkthrough: $COLLECTION is missing" >&2; exit 2; }
command -v curl >/dev/null || { echo "walkthrough: curl is required" >&2; exit 2; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/lvyue-walkthrough.XXXXXX")"
SERVER_PID=""
cleanup() {
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ "${KEEP_TMP:-}" == 1 ]]; then echo "walkthrough: kept $TMP" >&2; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The server and the CLI share these: the same database, and the same generated token secret.
export LVYUE_DATA_DIR="$TMP/data"
export LVYUE_DATABASE_URL="sqlite://$TMP/data/lvyue.db"
mkdir -p "$LVYUE_DATA_DIR"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A free port: pick one at random, start the server on it, and pick again if it could not bind.
start_server() {
  local attempt port
  for attempt in 1 2 3 4 5; do
    port=$(( 20000 + (RANDOM * 32768 + RANDOM) % 40000 ))
    port_in_use "$port" && continue
    LVYUE_BIND="127.0.0.1:$port" "$BIN" serve --demo >"$TMP/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 1 300); do
      if ! kill -0 "$SERVER_PID" 2>/dev/null; then
        wait "$SERVER_PID" 2>/dev/null || true
        SERVER_PID=""
        echo "walkthrough: the server exited at start (attempt $attempt, port $port):" >&2
        tail -n 20 "$TMP/server.log" >&2
        break
      fi
      if curl -fsS -o /dev/null "http://127.0.0.1:$port/readyz" 2>/dev/null; then
        LVYUE_URL="http://127.0.0.1:$port"
        return 0
      fi
      sleep 0.1
    done
    if [[ -n "$SERVER_PID" ]]; then
      echo "walkthrough: the server did not become ready within 30 s:" >&2
      tail -n 40 "$TMP/server.log" >&2
      return 1
    fi
  done
  return 1
}

echo "== walkthrough: starting $BIN serve --demo"
start_server || { echo "walkthrough: could not start the server" >&2; exit 1; }
export LVYUE_URL
echo "== walkthrough: server ready at $LVYUE_URL (pid $SERVER_PID, data in $TMP/data)"

# Tokens: `lvyue demo tokens` prints NAME=token lines; an older binary without it, or a name it
# does not print, falls back to `lvyue token`. Tokens already in the environment are ignored:
# they were signed with another server's secret.
TOKEN_NAMES=(ADMIN CREDIT_OFFICE DEPARTMENT SUBJECT CHANNEL AUDITOR SANCTION_CHECKER DATA_PROVIDER CREDIT_PLATFORM)
unset "${TOKEN_NAMES[@]}"
if demo_tokens="$("$BIN" demo tokens 2>/dev/null)" && grep -Eq '^(export )?[A-Z_]+=' <<<"$demo_tokens"; then
  echo "== walkthrough: tokens from \`lvyue demo tokens\`"
  eval "$demo_tokens"
else
  echo "== walkthrough: this binary has no \`demo tokens\`; minting tokens with \`lvyue token\`"
fi
token_args() {
  case "$1" in
    ADMIN) echo "--role admin" ;;
    CREDIT_OFFICE) echo "--role credit_office --org 11340300MB0000002B" ;;   # 蚌埠市信用办
    DEPARTMENT) echo "--role department --org 11340321MB0000009E" ;;         # 怀远县人民政府
    SUBJECT) echo "--role department --org 11340321MB0000010K" ;;            # 怀远县财政局
    CHANNEL) echo "--role channel --channel hotline_12345" ;;
    AUDITOR) echo "--role auditor" ;;
    SANCTION_CHECKER) echo "--role sanction_checker" ;;
    DATA_PROVIDER) echo "--role data_provider --org 11340300MB0000004H" ;;   # 蚌埠市经济和信息化局
    CREDIT_PLATFORM) echo "--role credit_platform" ;;
  esac
}
for name in "${TOKEN_NAMES[@]}"; do
  if [[ -z "${!name:-}" ]]; then
    # shellcheck disable=SC2046
    value="$("$BIN" token $(token_args "$name") --ttl 1h --sub "walkthrough:$name")" \
      || { echo "walkthrough: could not mint the $name token" >&2; exit 1; }
    printf -v "$name" '%s' "$value"
  fi
  export "${name?}"
done

# httpyac: from HTTPYAC_BIN or PATH, else the pinned version from npm into the temporary dir.
if [[ -n "${HTTPYAC_BIN:-}" ]]; then
  HTTPYAC="$HTTPYAC_BIN"
elif command -v httpyac >/dev/null; then
  HTTPYAC="$(command -v httpyac)"
else
  command -v node >/dev/null && command -v npm >/dev/null \
    || { echo "walkthrough: httpyac is not on PATH and node/npm are missing to install it" >&2; exit 2; }
  node_major="$(node -p 'process.versions.node.split(".")[0]')"
  if (( node_major < 18 )); then
    echo "walkthrough: httpyac $HTTPYAC_VERSION needs node >= 18 (found $(node --version))" >&2
    exit 2
  fi
  echo "== walkthrough: installing httpyac@$HTTPYAC_VERSION with npm (node $(node --version))"
  npm install --prefix "$TMP/npm" --no-audit --no-fund --loglevel=error "httpyac@$HTTPYAC_VERSION" >&2
  HTTPYAC="$TMP/npm/node_modules/.bin/httpyac"
fi
echo "== walkthrough: httpyac $("$HTTPYAC" --version 2>/dev/null | tail -n 1) ($HTTPYAC)"

# --bail stops at the first failed assertion; a failure exits non-zero (20: a failed
# assertion, 10: a request that errored). httpyac exits 0 in some cases where it ran nothing
# (a file it cannot find), so the summary line must also say that every request succeeded.
echo "== walkthrough: httpyac send $COLLECTION --all --bail"
status=0
"$HTTPYAC" send "$COLLECTION" --all --bail --no-color --output short --output-failed exchange \
  2>&1 | tee "$TMP/httpyac.log" || status=${PIPESTATUS[0]}
if (( status == 0 )) && ! grep -Eq '^[0-9]+ requests? processed \(([0-9]+) succeeded\)$' "$TMP/httpyac.log"; then
  echo "walkthrough: httpyac exited 0 but did not report every request succeeded" >&2
  status=1
fi
if (( status != 0 )); then
  echo "walkthrough: FAILED (httpyac status $status); the server log ends with:" >&2
  tail -n 30 "$TMP/server.log" >&2
else
  echo "== walkthrough: passed"
fi
exit "$status"
