#!/bin/sh
# A self-signed certificate for trying the compose deployment on one machine (clients must
# trust it or use curl -k). Production: put the real fullchain.pem and privkey.pem here.
set -eu
dir="$(dirname "$0")/certs"
host="${1:-localhost}"
mkdir -p "$dir"
openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 365 \
  -subj "/CN=$host" -addext "subjectAltName=DNS:$host,IP:127.0.0.1" \
  -keyout "$dir/privkey.pem" -out "$dir/fullchain.pem"
chmod 600 "$dir/privkey.pem"
echo "Wrote $dir/fullchain.pem and $dir/privkey.pem for $host"
