#!/usr/bin/env bash
# Lists Go files that gofmt would change.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(gofmt -l cmd pkg)
if [[ -n "$bad" ]]; then
  echo "run gofmt on: $bad" >&2
  exit 1
fi
