#!/usr/bin/env bash
# Runs the measurements recorded in BENCHMARKS.md:
#   paygrid bench at 1M, 3M, 10M and 30M rows (seed 42);
#   DuckDB on the same exported CSV right after paygrid, at 1M and 10M;
#   the numpy exactness check of the 1M cube.
# Each step first waits (up to IDLE_WAIT seconds) for the other processes
# on the machine to leave the CPUs idle, since every wall time depends on it.
#
#   cargo build --release -p paygrid && tools/bench_all.sh
#
# Output: one JSON per run in $OUT (default bench-out/), and a summary.
set -euo pipefail

P=${PAYGRID:-${CARGO_TARGET_DIR:-target}/release/paygrid}
OUT=${OUT:-bench-out}
TMP=${TMP:-/tmp}
SIZES=${SIZES:-"1000000 3000000 10000000 30000000"}
DUCKDB_SIZES=${DUCKDB_SIZES:-"1000000 10000000"}
IDLE_WAIT=${IDLE_WAIT:-1800}
HERE=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$OUT"

# Waits until the CPUs are at least 90% idle over 3 s (other processes use
# less than a tenth of the machine), or IDLE_WAIT seconds have passed.
wait_idle() {
  python3 - "$IDLE_WAIT" <<'EOF'
import sys, time
def snap():
    f = open("/proc/stat").readline().split()[1:]
    v = list(map(int, f))
    return sum(v), v[3] + v[4]
limit = time.time() + float(sys.argv[1])
while True:
    t0, i0 = snap(); time.sleep(3); t1, i1 = snap()
    idle = (i1 - i0) / max(1, t1 - t0)
    if idle >= 0.90 or time.time() > limit:
        print(f"  cpu idle {idle:.0%}", file=sys.stderr)
        break
EOF
}

for n in $SIZES; do
  csv="$TMP/paygrid-bench-$n.csv"
  extra=()
  if [ "$n" = 1000000 ]; then extra=(--cube-csv "$TMP/paygrid-cube-$n.csv"); fi
  echo "paygrid bench --rows $n" >&2
  wait_idle
  "$P" bench --rows "$n" --seed 42 --export-csv "$csv" "${extra[@]}" --format json > "$OUT/paygrid-$n.json"
  for d in $DUCKDB_SIZES; do
    if [ "$d" = "$n" ]; then
      echo "duckdb on the same CSV" >&2
      wait_idle
      python3 "$HERE/duckdb_cube.py" "$csv" --compare "$OUT/paygrid-$n.json" --json > "$OUT/duckdb-$n.json"
    fi
  done
  if [ "$n" = 1000000 ]; then
    echo "numpy exactness check" >&2
    python3 "$HERE/check_cube.py" "$csv" "$TMP/paygrid-cube-$n.csv" | tee "$OUT/check-$n.txt"
    rm -f "$TMP/paygrid-cube-$n.csv"
  fi
  rm -f "$csv"
done

python3 - "$OUT" <<'EOF'
import json, os, sys
out = sys.argv[1]
runs = sorted((json.load(open(os.path.join(out, f))) for f in os.listdir(out) if f.startswith("paygrid-")), key=lambda r: r["rows"])
print("| rows | cells | cube (fresh mem) | cube (reused mem) | 1 thread | rows/s | cube peak extra | lookup p50/p99 | ingest | report p50 | B/record | peak RSS | load |")
print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
for r in runs:
    mb = lambda b: f"{b / 2**20:.0f} MiB" if b is not None else "n/a"
    print(f"| {r['rows']:,} | {r['cells']:,} | {r['cube_seconds']:.3f} s | {r['cube_seconds_warm']:.3f} s | {r['cube_seconds_1_thread']:.3f} s "
          f"| {r['cube_rows_per_s'] / 1e6:.1f}M | {mb(r['cube_peak_extra_bytes'])} | {r['lookup_p50_us']:.2f} / {r['lookup_p99_us']:.2f} µs "
          f"| {r['ingest_rows_per_s'] / 1e6:.2f}M rows/s | {r['report_p50_ms']:.1f} ms | {r['bytes_per_record']:.1f} | {mb(r['peak_rss_bytes'])} | {r['load_avg_1m']} |")
for f in sorted(os.listdir(out)):
    if f.startswith("duckdb-"):
        d = json.load(open(os.path.join(out, f)))
        print(f"DuckDB {d['rows']:,} rows: load {d['load_seconds']:.2f} s, query {d['query_seconds']:.3f} s ({d['best_form']} form), "
              f"paygrid cube {d['paygrid_cube_seconds']:.4f} s -> {d['ratio_duckdb_over_paygrid']:.0f}x")
EOF
