#!/usr/bin/env bash
# Segment counts over a generated population (default 1,000,000 made-up patients with realistic prevalence) on
# SQLite and on a throw-away PostgreSQL server: the product's query for "type 2 diabetes, 45 or older, no visit in
# a year" beside a hand-written SQL query of the same filter on the same data, in the same run. The last line holds
# every figure as name=value pairs. Target: product within 2x of the hand-written query, under 2 s on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
patients="${1:-1000000}"

dotnet build bench/Portal.AudienceBench -c Release -nologo -v quiet >/dev/null
bench=bench/Portal.AudienceBench/bin/Release/net10.0/Portal.AudienceBench.dll
work=$(mktemp -d)
source .ci/postgres start >/dev/null
trap 'source .ci/postgres stop >/dev/null; rm -rf "$work"' EXIT

sqlite=$(dotnet "$bench" segments sqlite "Data Source=$work/segments.db" "$patients")
postgres=$(dotnet "$bench" segments postgresql "$PORTAL_TEST_POSTGRES;Database=segments_bench" "$patients")
field() { echo "$1" | sed -E "s/.* $2=([^ ]+).*/\1/"; }
for line in "$sqlite" "$postgres"; do
  printf '%-10s %8s patients, %6s in the segment: product %7s ms, hand-written SQL %7s ms, ratio %s\n' \
    "$(echo "$line" | sed -E 's/provider=([^ ]+).*/\1/')" "$(field "$line" patients)" "$(field "$line" segment_count)" \
    "$(field "$line" product_ms)" "$(field "$line" handsql_ms)" "$(field "$line" ratio)"
done
echo "sqlite_product_ms=$(field "$sqlite" product_ms) sqlite_handsql_ms=$(field "$sqlite" handsql_ms) sqlite_ratio=$(field "$sqlite" ratio)" \
  "postgresql_product_ms=$(field "$postgres" product_ms) postgresql_handsql_ms=$(field "$postgres" handsql_ms) postgresql_ratio=$(field "$postgres" ratio)" \
  "segment_count=$(field "$sqlite" segment_count) patients=$patients"
