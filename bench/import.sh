#!/usr/bin/env bash
# CSV import of new, made-up patients (default 100,000 rows) by the product as a silo runs it, on SQLite and on a
# throw-away PostgreSQL server: parsing and checking every field, a data key and encrypted record per patient,
# blind-index tokens and an audit entry each. Beside it, the same rows written by a raw bulk insert (prepared
# statements / binary COPY, no checks, no crypto) into a fresh database in the same run. The last line holds every
# figure as name=value pairs.
set -euo pipefail
cd "$(dirname "$0")/.."
rows="${1:-100000}"

dotnet build bench/Portal.AudienceBench -c Release -nologo -v quiet >/dev/null
bench=bench/Portal.AudienceBench/bin/Release/net10.0/Portal.AudienceBench.dll
work=$(mktemp -d)
source .ci/postgres start >/dev/null
trap 'source .ci/postgres stop >/dev/null; rm -rf "$work"' EXIT

sqlite=$(dotnet "$bench" import sqlite "Data Source=$work/import.db" "$rows" 2>/dev/null | grep '^provider=')
postgres=$(dotnet "$bench" import postgresql "$PORTAL_TEST_POSTGRES;Database=import_bench" "$rows" 2>/dev/null | grep '^provider=')
field() { echo "$1" | sed -E "s/.* $2=([^ ]+).*/\1/"; }
for line in "$sqlite" "$postgres"; do
  printf '%-10s %8s rows: product %6s s (%5s rows/s), raw bulk insert %5s s, ratio %s\n' \
    "$(echo "$line" | sed -E 's/provider=([^ ]+).*/\1/')" "$(field "$line" rows)" "$(field "$line" product_s)" \
    "$(field "$line" product_rows_per_s)" "$(field "$line" baseline_s)" "$(field "$line" ratio)"
done
echo "sqlite_product_s=$(field "$sqlite" product_s) sqlite_rows_per_s=$(field "$sqlite" product_rows_per_s) sqlite_baseline_s=$(field "$sqlite" baseline_s) sqlite_ratio=$(field "$sqlite" ratio)" \
  "postgresql_product_s=$(field "$postgres" product_s) postgresql_rows_per_s=$(field "$postgres" product_rows_per_s) postgresql_baseline_s=$(field "$postgres" baseline_s) postgresql_ratio=$(field "$postgres" ratio) rows=$rows"
