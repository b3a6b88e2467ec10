#!/usr/bin/env bash
# Mail-path crypto on this machine, one core: the product's DKIM and S/MIME+DKIM rates beside
# `openssl speed rsa2048` (RSA-2048 signatures/s) measured in the same run. The last line holds
# every figure as name=value pairs.
set -euo pipefail
cd "$(dirname "$0")/.."
count="${1:-2000}"

dotnet build bench/Portal.Bench -c Release -nologo -v quiet >/dev/null
openssl_line=$(openssl speed -seconds 3 rsa2048 2>/dev/null | grep -E '^rsa 2048 bits')
openssl_sign=$(echo "$openssl_line" | awk '{print $(NF-1)}')
product=$(dotnet bench/Portal.Bench/bin/Release/net10.0/Portal.Bench.dll "$count")
dkim=$(echo "$product" | sed -E 's/.*dkim_rsa2048_per_s=([0-9]+).*/\1/')
smime=$(echo "$product" | sed -E 's/.*smime_sign_encrypt_dkim_per_s=([0-9]+).*/\1/')

echo "openssl speed rsa2048:            ${openssl_sign} signatures/s"
echo "product DKIM rsa-sha256 signing:  ${dkim} messages/s"
echo "product S/MIME sign+encrypt+DKIM: ${smime} messages/s"
ratio=$(awk -v a="$dkim" -v b="$openssl_sign" 'BEGIN { printf "%.2f", a / b }')
echo "openssl_rsa2048_sign_per_s=${openssl_sign} ${product} ratio_dkim_openssl=${ratio}"
