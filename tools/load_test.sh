#!/usr/bin/env bash
# HTTP load test of `paygrid serve` with wrk (BENCHMARKS.md, "Load test").
#
# Builds the release binary, starts the server on a free loopback port with
# a temporary database holding the embedded default data (loaded on this
# first run), waits for its `serving` line and for the background warm-up,
# then runs wrk against one report page and one API benchmark. Fails (exit
# 1) on any non-2xx response or socket error. Loopback only; each run lasts
# DURATION. The server is stopped and the database removed on exit.
#
#   tools/load_test.sh            # needs wrk (apt-get install wrk) and curl
#
# Settings: THREADS (2), CONNECTIONS (64), DURATION (30s), WARMUP seconds (10),
# PAYGRID (a binary to use instead of building one).
set -euo pipefail

THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10}
HERE=$(cd "$(dirname "$0")" && pwd)
REPORT_PATH=/salaries/backend-engineer/united-states/senior
API_PATH='/api/v1/benchmarks?role=backend-engineer&level=senior&location=US'

command -v wrk >/dev/null || { echo "load_test: wrk is not installed (apt-get install wrk)" >&2; exit 2; }
command -v curl >/dev/null || { echo "load_test: curl is not installed" >&2; exit 2; }

if [ -z "${PAYGRID:-}" ]; then
  (cd "$HERE/.." && cargo build --release --locked -p paygrid)
  PAYGRID=${CARGO_TARGET_DIR:-$HERE/../target}/release/paygrid
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/paygrid-load.XXXXXX")
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# Port 0: the server picks a free port and prints it. Its request log goes
# to a file, so the log costs what it costs in production, not a terminal.
env -u PAYGRID_NO_DEFAULT_DATA -u PAYGRID_ADMIN_TOKEN PAYGRID_DB="$WORK/paygrid.db" \
  "$PAYGRID" --quiet serve --addr 127.0.0.1:0 2>"$WORK/server.log" &
SERVER_PID=$!

ADDR=
for _ in $(seq 1 600); do
  ADDR=$(sed -n 's|.*serving http://\([0-9.:]*\).*|\1|p' "$WORK/server.log" | head -n1)
  [ -n "$ADDR" ] && break
  kill -0 "$SERVER_PID" 2>/dev/null || { echo "load_test: the server exited:" >&2; cat "$WORK/server.log" >&2; exit 1; }
  sleep 0.5
done
[ -n "$ADDR" ] || { echo "load_test: no 'serving' line after 300 s" >&2; exit 1; }
case "$ADDR" in 127.*) ;; *) echo "load_test: not a loopback address: $ADDR" >&2; exit 1 ;; esac
echo "server on http://$ADDR (database with the embedded default data); warming up ${WARMUP}s" >&2
sleep "$WARMUP"

for path in "$REPORT_PATH" "$API_PATH"; do
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://$ADDR$path")
  [ "$code" = 200 ] || { echo "load_test: GET $path answers $code, not 200" >&2; exit 1; }
done

# Runs wrk on one path (its output to stderr) and prints a summary line.
run() {
  local name=$1 path=$2 out
  echo "== $name: wrk -t$THREADS -c$CONNECTIONS -d$DURATION --latency http://$ADDR$path" >&2
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://$ADDR$path")
  echo "$out" >&2
  WRK_OUT=$out python3 - "$name" <<'EOF'
import os, re, sys
out = os.environ["WRK_OUT"]
name = sys.argv[1]
def num(pattern, default=None):
    m = re.search(pattern, out)
    return m.group(1) if m else default
rps = float(num(r"Requests/sec:\s+([\d.]+)", "0"))
requests = int(num(r"(\d+) requests in", "0"))
pct = {p: num(r"\n\s+%s%%\s+(\S+)" % p, "?") for p in (50, 75, 90, 99)}
non2xx = int(num(r"Non-2xx or 3xx responses: (\d+)", "0"))
m = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
sock = [int(x) for x in m.groups()] if m else [0, 0, 0, 0]
print(f"{name}: {rps:.0f} req/s ({requests} requests); latency p50 {pct[50]} p75 {pct[75]} p90 {pct[90]} p99 {pct[99]}; "
      f"non-2xx {non2xx}; socket errors connect {sock[0]} read {sock[1]} write {sock[2]} timeout {sock[3]}")
EOF
}

SUMMARY=$(run report "$REPORT_PATH"; run api "$API_PATH")
echo
echo "$SUMMARY"
kill -0 "$SERVER_PID" 2>/dev/null || { echo "load_test: the server died under load" >&2; exit 1; }
# Both lines must show requests and no error of any kind (wrk counts 3xx as
# successes, but both paths were checked above to answer 200, not a redirect).
if [ "$(echo "$SUMMARY" | grep -Ec '\([1-9][0-9]* requests\); .*non-2xx 0; socket errors connect 0 read 0 write 0 timeout 0$')" != 2 ]; then
  echo "load_test: FAILED: errors under load (see above)" >&2
  exit 1
fi
echo "load_test: ok, no errors" >&2
