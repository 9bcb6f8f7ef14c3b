#!/bin/sh
set -eu
psql "$PAYMENTS_DSN" -Atc "select id from payments where state = 'pending'" | while read -r id; do
  curl -fsS -X POST "http://localhost:8080/internal/replay/$id"
done
