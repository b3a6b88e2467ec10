#!/usr/bin/env bash
# High-volume delivery through the product's real outbox and delivery worker pool, beside baselines
# measured in the same run on the same machine:
#   - Postfix smtp-sink as the receiving server, smtp-source's rate against it (plain SMTP baseline);
#   - `openssl speed rsa2048` signatures/s (crypto baseline for DKIM);
#   - a private Postfix instance: smtpd with STARTTLS and the discard transport (the TLS receiver),
#     and the same Postfix relaying smtp-source's messages to smtp-sink (injection to delivery).
# Product runs, each after 20 s of untimed rounds that warm the JIT, the pool and TLS: N personalised
# 4-18 KB messages committed to the SQLite outbox, then leased, composed, signed and sent by the
# worker grains: plain, one connection, TLS + DKIM (RSA-2048) into that Postfix and into a discarding
# STARTTLS sink (bench/Portal.TlsSink), a personalised campaign into that sink, S/MIME + DKIM, and the working
# set with 100,000 queued.
# The last line holds every figure as name=value.
# Usage: bench/delivery.sh [messages per run, default 5000]   (needs root for Postfix, and openssl)
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-5000}"
work=$(mktemp -d /tmp/portal-delivery-bench.XXXXXX)
bench="dotnet bench/Portal.DeliveryBench/bin/Release/net10.0/Portal.DeliveryBench.dll"

free_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 20000))
    (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}
now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%.0f", n / (b - a) }'; }
field() { echo "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

sink_pid=""
tls_sink_pid=""
cleanup() {
  [ -n "$sink_pid" ] && kill "$sink_pid" 2>/dev/null || true
  [ -n "$tls_sink_pid" ] && kill "$tls_sink_pid" 2>/dev/null || true
  postfix -c "$work/pf/etc" stop >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

dotnet build bench/Portal.DeliveryBench -c Release -nologo -v quiet >/dev/null
dotnet build bench/Portal.TlsSink -c Release -nologo -v quiet >/dev/null

sink_port=$(free_port)
/usr/sbin/smtp-sink -u root "127.0.0.1:$sink_port" 1000 >/dev/null 2>&1 &
sink_pid=$!

# A private Postfix: smtpd with STARTTLS (self-signed certificate the product is told to trust),
# mail for relay.test relayed to smtp-sink, everything else discarded after it is queued.
pf_port=$(free_port)
mkdir -p "$work/pf/etc" "$work/pf/queue" "$work/pf/data"
chown postfix "$work/pf/data"
chmod 755 "$work" "$work/pf"
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$work/pf/etc/key.pem" -out "$work/pf/etc/cert.pem" -days 2 \
  -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost" 2>/dev/null
cat >"$work/pf/etc/main.cf" <<CONF
compatibility_level = 3.6
queue_directory = $work/pf/queue
data_directory = $work/pf/data
command_directory = /usr/sbin
daemon_directory = /usr/lib/postfix/sbin
mail_owner = postfix
setgid_group = postdrop
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
myhostname = bench.localhost
mydestination =
mynetworks = 127.0.0.0/8
smtpd_relay_restrictions = permit_mynetworks, reject
default_transport = discard
transport_maps = inline:{ relay.test=smtp:[127.0.0.1]:$sink_port }
smtpd_tls_cert_file = $work/pf/etc/cert.pem
smtpd_tls_key_file = $work/pf/etc/key.pem
smtpd_tls_security_level = may
smtp_tls_security_level = none
maillog_file_prefixes = $work
maillog_file = $work/pf/maillog
alias_maps =
alias_database =
local_recipient_maps =
smtpd_client_connection_count_limit = 0
default_process_limit = 100
CONF
{
  echo "127.0.0.1:$pf_port inet n - n - - smtpd"
  for service in "pickup unix n - n 60 1 pickup" "cleanup unix n - n - 0 cleanup" "qmgr unix n - n 300 1 qmgr" \
    "tlsmgr unix - - n 1000? 1 tlsmgr" "rewrite unix - - n - - trivial-rewrite" "bounce unix - - n - 0 bounce" \
    "defer unix - - n - 0 bounce" "trace unix - - n - 0 bounce" "verify unix - - n - 1 verify" "flush unix n - n 1000? 0 flush" \
    "proxymap unix - - n - - proxymap" "proxywrite unix - - n - 1 proxymap" "smtp unix - - n - - smtp" "relay unix - - n - - smtp" \
    "showq unix n - n - - showq" "error unix - - n - - error" "retry unix - - n - - error" "discard unix - - n - - discard" \
    "anvil unix - - n - 1 anvil" "scache unix - - n - 1 scache" "postlog unix-dgram n - n - 1 postlogd"; do
    echo "$service"
  done
} >"$work/pf/etc/master.cf"
postfix -c "$work/pf/etc" start >/dev/null 2>&1
for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$pf_port") 2>/dev/null && break; sleep 0.1; done

# Machine-readable output (-mr) keeps its leading fields across OpenSSL 3.x releases, where the human table
# gained columns (encapsulation) and changed its spacing: "+F2:<n>:2048:<signatures/s>:<verifications/s>...".
openssl_sign=$(openssl speed -mr -seconds 3 rsa2048 2>/dev/null | awk -F: '$1 == "+F2" && $3 == 2048 { printf "%.0f", $4 }')
case "$openssl_sign" in
  ''|*[!0-9]*|0) echo "could not read RSA-2048 signatures/s from 'openssl speed -mr' ($(openssl version))" >&2; exit 1 ;;
esac

start=$(now)
/usr/sbin/smtp-source -s 4 -m "$count" -l 10240 -f news@portal.example.org -t patient@example.net "127.0.0.1:$sink_port"
smtp_source=$(rate "$count" "$start" "$(now)")

queued() { find "$work/pf/queue/incoming" "$work/pf/queue/active" "$work/pf/queue/deferred" "$work/pf/queue/maildrop" -type f 2>/dev/null | wc -l; }
start=$(now)
/usr/sbin/smtp-source -s 4 -m "$count" -l 10240 -f news@portal.example.org -t patient@relay.test "127.0.0.1:$pf_port"
while [ "$(queued)" -gt 0 ]; do sleep 0.05; done
postfix_relay=$(rate "$count" "$start" "$(now)")

# The TLS receiver's own ceiling: the same smtpd fed in clear by smtp-source, the cheapest client
# there is, messages discarded once queued. No sender can go faster than this into that receiver.
start=$(now)
/usr/sbin/smtp-source -s 4 -m "$count" -l 10240 -f news@portal.example.org -t patient@example.net "127.0.0.1:$pf_port"
while [ "$(queued)" -gt 0 ]; do sleep 0.05; done
postfix_receive=$(rate "$count" "$start" "$(now)")

plain=$($bench plain "$count" 127.0.0.1 "$sink_port" None 4 | tail -1)
one=$($bench plain "$count" 127.0.0.1 "$sink_port" None 1 1 | tail -1)
tls=$($bench dkim "$count" localhost "$pf_port" StartTls 4 4 "$work/pf/etc/cert.pem" | tail -1)
# The same TLS + DKIM run into a receiver that discards without queueing (bench/Portal.TlsSink),
# so the figure is the sender's own: Postfix above spends more CPU per message than the product.
tls_sink_port=$(free_port)
dotnet bench/Portal.TlsSink/bin/Release/net10.0/Portal.TlsSink.dll "$tls_sink_port" "$work/pf/etc/cert.pem" "$work/pf/etc/key.pem" >/dev/null 2>&1 &
tls_sink_pid=$!
for _ in $(seq 50); do (echo >"/dev/tcp/127.0.0.1/$tls_sink_port") 2>/dev/null && break; sleep 0.1; done
tls_light=$($bench dkim "$count" localhost "$tls_sink_port" StartTls 4 4 "$work/pf/etc/cert.pem" | tail -1)
# A campaign into the same sink: blocks rendered per recipient with Liquid, each patient's first name opened with
# their data key, HTML with its text part, verified TLS required (the relay declared as verifying onward).
campaign=$($bench campaign "$count" localhost "$tls_sink_port" StartTls 4 4 "$work/pf/etc/cert.pem" | tail -1)
smime=$($bench smime $((count / 2)) 127.0.0.1 "$sink_port" None 4 | tail -1)
memory=$($bench memory 100000 127.0.0.1 "$sink_port" None 4 | tail -1)

# A rate counts only if the run sent everything it queued and nothing failed (the memory run stops on purpose
# with rows still queued, so only its failures are checked).
check_run() { # line, expected sent ("" for any)
  local sent failed
  sent=$(field "$1" sent); failed=$(field "$1" failed)
  if [ -z "$sent" ] || [ "$failed" != "0" ] || { [ -n "$2" ] && [ "$sent" != "$2" ]; }; then
    echo "bench run did not deliver as it should (expected sent=${2:-any} failed=0): $1" >&2
    exit 1
  fi
}
check_run "$plain" "$count"; check_run "$one" "$count"; check_run "$tls" "$count"; check_run "$tls_light" "$count"; check_run "$campaign" "$count"
check_run "$smime" "$((count / 2))"; check_run "$memory" ""

plain_rate=$(field "$plain" msgs_per_s); one_rate=$(field "$one" msgs_per_s); tls_rate=$(field "$tls" msgs_per_s)
tls_light_rate=$(field "$tls_light" msgs_per_s); campaign_rate=$(field "$campaign" msgs_per_s); campaign_ws=$(field "$campaign" peak_ws_mb); smime_rate=$(field "$smime" msgs_per_s); memory_ws=$(field "$memory" peak_ws_mb)

echo "openssl speed rsa2048 (one core):                 ${openssl_sign} signatures/s"
echo "smtp-source -> smtp-sink (4 sessions, 10 KB):      ${smtp_source} msg/s"
echo "Postfix relay, injection to delivery at smtp-sink: ${postfix_relay} msg/s"
echo "Postfix smtpd+discard fed in clear by smtp-source: ${postfix_receive} msg/s"
echo "product plain -> smtp-sink (4 connections):        ${plain_rate} msg/s   [$plain]"
echo "product plain, one connection:                     ${one_rate} msg/s   [$one]"
echo "product TLS + DKIM -> Postfix STARTTLS/discard:    ${tls_rate} msg/s   [$tls]"
echo "product TLS + DKIM -> discarding STARTTLS sink:    ${tls_light_rate} msg/s   [$tls_light]"
echo "product campaign, personalised, TLS + DKIM -> sink: ${campaign_rate} msg/s, peak working set ${campaign_ws} MB   [$campaign]"
echo "product S/MIME + DKIM -> smtp-sink:                ${smime_rate} msg/s   [$smime]"
echo "product with 100,000 queued, peak working set:     ${memory_ws} MB   [$memory]"
echo "openssl_rsa2048_sign_per_s=${openssl_sign} smtp_source_per_s=${smtp_source} postfix_relay_per_s=${postfix_relay} postfix_receive_per_s=${postfix_receive}" \
  "plain_per_s=${plain_rate} one_connection_per_s=${one_rate} msgs_per_s=${tls_rate} tls_light_sink_per_s=${tls_light_rate} smime_dkim_per_s=${smime_rate} queued_100k_peak_ws_mb=${memory_ws} campaign_per_s=${campaign_rate} campaign_peak_ws_mb=${campaign_ws}" \
  "ratio_openssl=$(ratio "$tls_rate" "$openssl_sign") ratio_postfix=$(ratio "$tls_rate" "$postfix_relay") ratio_receiver=$(ratio "$tls_rate" "$postfix_receive") light_ratio_openssl=$(ratio "$tls_light_rate" "$openssl_sign") light_ratio_postfix=$(ratio "$tls_light_rate" "$postfix_relay") campaign_ratio_openssl=$(ratio "$campaign_rate" "$openssl_sign") ratio_smtp_source=$(ratio "$plain_rate" "$smtp_source")"
