#!/usr/bin/env bash
# A campaign's launch to 100,000 made-up patients (default) through the running product, on SQLite and on a
# throw-away PostgreSQL server: the campaign grain checks the draft, evaluates the segment with the audience rules
# (address, opt-outs, authorisation, suppression) and writes its content and every outbox row in one transaction.
# Beside it, in the same run, the same number of outbox rows through the product's bulk insert and nothing else.
# Also: how long the launch takes to answer (the page waits only for that) and the latency of another grain called
# every 20 ms while the campaign queues. The last line holds every figure as name=value pairs. Target: within 3x.
set -euo pipefail
cd "$(dirname "$0")/.."
patients="${1:-100000}"

dotnet build bench/Portal.AudienceBench -c Release -nologo -v quiet >/dev/null
bench=bench/Portal.AudienceBench/bin/Release/net10.0/Portal.AudienceBench.dll
work=$(mktemp -d)
source .ci/postgres start >/dev/null
trap 'source .ci/postgres stop >/dev/null; rm -rf "$work"' EXIT

sqlite=$(dotnet "$bench" campaign sqlite "Data Source=$work/campaign.db" "$patients" 2>/dev/null | grep '^provider=')
postgres=$(dotnet "$bench" campaign postgresql "$PORTAL_TEST_POSTGRES;Database=campaign_bench" "$patients" 2>/dev/null | grep '^provider=')
field() { echo "$1" | sed -E "s/.* $2=([^ ]+).*/\1/"; }
for line in "$sqlite" "$postgres"; do
  printf '%-10s %7s recipients: launch answered in %4s ms, all queued in %6s ms; bulk insert %6s ms; ratio %s; another grain meanwhile: p50 %s ms, max %s ms\n' \
    "$(echo "$line" | sed -E 's/provider=([^ ]+).*/\1/')" "$(field "$line" recipients)" "$(field "$line" launch_answered_ms)" \
    "$(field "$line" product_ms)" "$(field "$line" bulk_ms)" "$(field "$line" ratio)" "$(field "$line" other_grain_p50_ms)" "$(field "$line" other_grain_max_ms)"
done
echo "sqlite_launch_answered_ms=$(field "$sqlite" launch_answered_ms) sqlite_product_ms=$(field "$sqlite" product_ms) sqlite_bulk_ms=$(field "$sqlite" bulk_ms) sqlite_ratio=$(field "$sqlite" ratio) sqlite_other_grain_max_ms=$(field "$sqlite" other_grain_max_ms)" \
  "postgresql_launch_answered_ms=$(field "$postgres" launch_answered_ms) postgresql_product_ms=$(field "$postgres" product_ms) postgresql_bulk_ms=$(field "$postgres" bulk_ms) postgresql_ratio=$(field "$postgres" ratio) postgresql_other_grain_max_ms=$(field "$postgres" other_grain_max_ms) recipients=$patients"
