#!/usr/bin/env bash
# A client no one here wrote: schemathesis (PyPI), installed into its own virtual environment,
# runs over the spec a fresh demo server serves, once with an admin token and once with a
# channel token, and fails on any failure of the checks below. Expects the debug binary built
# (LVYUE_BIN overrides it).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN="${LVYUE_BIN:-target/debug/lvyue}"
SCHEMATHESIS_VERSION="4.32.5"
VENV="${SCHEMATHESIS_VENV:-${TMPDIR:-/tmp}/lvyue-schemathesis-$SCHEMATHESIS_VERSION}"
MAX_EXAMPLES="${SCHEMATHESIS_MAX_EXAMPLES:-25}"
CHECKS="not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance"

if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check "schemathesis==$SCHEMATHESIS_VERSION"
fi

DATA="$(mktemp -d)"
PORT="${SCHEMATHESIS_PORT:-18090}"
export LVYUE_DATA_DIR="$DATA" LVYUE_DATABASE_URL="sqlite://$DATA/lvyue.db" LVYUE_BIND="127.0.0.1:$PORT" \
  LVYUE_LOG_FORMAT=json RUST_LOG=warn \
  LVYUE_RATE_LIMIT_PER_MINUTE=0 LVYUE_PUBLIC_RATE_LIMIT_PER_MINUTE=0   # one fuzzer, many requests: no quota
"$BIN" serve --demo >"$DATA/server.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done

ADMIN=$("$BIN" token --role admin --ttl 2h)
CHANNEL=$("$BIN" token --role channel --channel hotline_12345 --ttl 2h)

status=0
for who in admin channel; do
  token=$ADMIN; [ "$who" = channel ] && token=$CHANNEL
  echo "== schemathesis as $who"
  "$VENV/bin/schemathesis" run "http://127.0.0.1:$PORT/api-docs/openapi.json" \
    --checks "$CHECKS" -H "Authorization: Bearer $token" \
    --max-examples "$MAX_EXAMPLES" --seed 2026 --workers 2 \
    --no-color --suppress-health-check all || status=1
done
exit $status
