#!/usr/bin/env bash
# Browser test of `paygrid serve`: a real server on a free port with a fresh
# database (first run loads the embedded default data), driven by headless
# Chromium (Debian's `chromium` package):
#   1. the report for Senior Backend Engineer in the United States,
#   2. the offer form, filled in and submitted (a GET form, so the submission
#      is the URL the browser builds from the form's fields),
#   3. the compare link on the report, followed.
# Each step checks the rendered DOM for expected text and fails (exit 1) when
# it is missing. Screenshots of the report and the offer go to $OUT_DIR
# (default: a temp dir; `OUT_DIR=docs/screenshots tools/browser_test.sh`
# refreshes the committed ones).
#
# Env: PAYGRID_BIN (default: build with cargo), CHROMIUM (default: chromium),
#      OUT_DIR, KEEP_TMP=1 to keep the temp dir for inspection.
set -euo pipefail
cd "$(dirname "$0")/.."

CHROMIUM="${CHROMIUM:-chromium}"
command -v "$CHROMIUM" >/dev/null || { echo "browser_test: $CHROMIUM not found (apt-get install -y chromium)"; exit 1; }
if [ -z "${PAYGRID_BIN:-}" ]; then
    cargo build -q -p paygrid
    PAYGRID_BIN="${CARGO_TARGET_DIR:-target}/debug/paygrid"
fi
[ -x "$PAYGRID_BIN" ] || { echo "browser_test: no paygrid binary at $PAYGRID_BIN"; exit 1; }

tmp=$(mktemp -d)
OUT_DIR="${OUT_DIR:-$tmp/screenshots}"
mkdir -p "$OUT_DIR"
server_pid=""
cleanup() {
    if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
        kill -INT "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    [ "${KEEP_TMP:-}" = 1 ] || rm -rf "$tmp"
}
trap cleanup EXIT

fail() {
    echo "browser_test: FAIL: $*"
    echo "--- server log (last 30 lines)"; tail -n 30 "$tmp/server.log" || true
    exit 1
}

# 0. Start the server on a free port; it prints the address once bound and loaded.
PAYGRID_NO_PROGRESS=1 "$PAYGRID_BIN" --db "$tmp/paygrid.db" --quiet serve --addr 127.0.0.1:0 >"$tmp/server.out" 2>"$tmp/server.log" &
server_pid=$!
base=""
for _ in $(seq 1 600); do
    base=$(grep -o 'serving http://[0-9.:]*' "$tmp/server.log" | head -n 1 | sed 's/serving //' || true)
    [ -n "$base" ] && break
    kill -0 "$server_pid" 2>/dev/null || fail "the server exited before serving"
    sleep 0.2
done
[ -n "$base" ] || fail "the server did not start within 120 s"
echo "browser_test: server at $base"

browser() {
    # A fresh profile per call; no network but the local server is used.
    "$CHROMIUM" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --disable-extensions --hide-scrollbars --user-data-dir="$(mktemp -d -p "$tmp")" "$@" 2>>"$tmp/chromium.log"
}

dom() { # dom URL OUTFILE: the DOM after load
    browser --dump-dom "$1" >"$2" || fail "chromium could not load $1"
}

expect() { # expect FILE TEXT WHAT
    grep -qF -- "$2" "$1" || fail "$3: expected text not found: $2"
}

shot() { # shot URL FILE WIDTH,HEIGHT
    browser --window-size="$3" --screenshot="$2" "$1" >/dev/null || fail "no screenshot of $1"
    [ -s "$2" ] || fail "empty screenshot $2"
}

# 1. The report.
report_url="$base/salaries/backend-engineer/united-states/senior"
dom "$report_url" "$tmp/report.html"
expect "$tmp/report.html" "Senior Backend Engineer salary in United States" "report title"
expect "$tmp/report.html" "Market overview" "report overview section"
expect "$tmp/report.html" "95% CI" "report confidence intervals"
expect "$tmp/report.html" "<svg" "report charts"
expect "$tmp/report.html" "Compare this cell with other metros" "report compare link"
shot "$report_url" "$OUT_DIR/report.png" 1280,2000
echo "browser_test: report ok"

# 2. The offer form: read its fields from the page, fill them in, submit.
dom "$base/offer" "$tmp/offer-form.html"
expect "$tmp/offer-form.html" 'action="/offer" method="get"' "offer form"
for field in role level location base bonus equity_grant vest_years signing; do
    expect "$tmp/offer-form.html" "name=\"$field\"" "offer form field $field"
done
offer_url="$base/offer?role=Senior+Backend+Engineer&level=senior&location=United+States&base=165000&bonus=15000&equity_grant=120000&vest_years=4&signing=20000"
dom "$offer_url" "$tmp/offer.html"
expect "$tmp/offer.html" "Your offer" "offer result"
expect "$tmp/offer.html" "percentile" "offer percentile rank"
expect "$tmp/offer.html" "Counter-offer" "offer counter-offer"
expect "$tmp/offer.html" "rests on the median" "offer counter-offer reasoning: each ask names the statistic it rests on"
expect "$tmp/offer.html" "value=\"165000\"" "offer form keeps the values"
shot "$offer_url" "$OUT_DIR/offer.png" 1280,1500
echo "browser_test: offer ok"

# 3. Follow the report's compare link.
href=$(grep -o 'href="/compare?[^"]*"' "$tmp/report.html" | head -n 1 | sed -e 's/^href="//' -e 's/"$//' -e 's/&amp;/\&/g')
[ -n "$href" ] || fail "no compare link on the report"
dom "$base$href" "$tmp/compare.html"
expect "$tmp/compare.html" 'id="comparison"' "comparison result"
expect "$tmp/compare.html" "Records (n)" "comparison table"
expect "$tmp/compare.html" "Backend Engineer" "compared role"
grep -qE "CIs (do not )?overlap" "$tmp/compare.html" || fail "comparison says nothing about CI overlap"
echo "browser_test: compare ok ($href)"

# Graceful stop on Ctrl-C.
kill -INT "$server_pid"
for _ in $(seq 1 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
kill -0 "$server_pid" 2>/dev/null && fail "the server did not stop on SIGINT"
wait "$server_pid" || fail "the server exited with an error on SIGINT"
server_pid=""
grep -q "paygrid: stopped" "$tmp/server.log" || fail "no clean shutdown message"
echo "browser_test: screenshots in $OUT_DIR"
echo "browser_test: 3 passed, 0 failed"
