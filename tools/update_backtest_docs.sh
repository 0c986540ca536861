#!/usr/bin/env bash
# Regenerates the backtest tables of docs/methodology.md ("Backtest results")
# from `paygrid backtest --format md` on the embedded default data and on
# Levels.fyi alone (from ../shared/data). The test
# methodology_backtest_tables_match_the_command checks the same blocks.
# Usage: tools/update_backtest_docs.sh [PATH/TO/paygrid]
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
paygrid="${1:-$here/target/debug/paygrid}"
levels="$here/../shared/data/records/levels_fyi_2017-2020.csv"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
env -u PAYGRID_DB -u PAYGRID_NO_DEFAULT_DATA "$paygrid" --db "$tmp/defaults.db" --quiet backtest --format md >"$tmp/defaults.md"
env -u PAYGRID_DB -u PAYGRID_NO_DEFAULT_DATA "$paygrid" --db "$tmp/levels.db" --quiet --no-default-data import levels-fyi "$levels" >/dev/null
env -u PAYGRID_DB -u PAYGRID_NO_DEFAULT_DATA "$paygrid" --db "$tmp/levels.db" --quiet --no-default-data backtest --format md >"$tmp/levels-fyi.md"
python3 - "$here/docs/methodology.md" "$tmp" <<'PY'
import re, sys
path, tmp = sys.argv[1], sys.argv[2]
doc = open(path, encoding="utf-8").read()
for name in ("defaults", "levels-fyi"):
    table = open(f"{tmp}/{name}.md", encoding="utf-8").read().strip("\n")
    begin, end = f"<!-- backtest:{name}:begin -->", f"<!-- backtest:{name}:end -->"
    pattern = re.compile(re.escape(begin) + ".*?" + re.escape(end), re.S)
    if not pattern.search(doc):
        sys.exit(f"{path}: no {begin} ... {end} block")
    doc = pattern.sub(lambda _: f"{begin}\n{table}\n{end}", doc)
open(path, "w", encoding="utf-8").write(doc)
PY
echo "updated $here/docs/methodology.md"
