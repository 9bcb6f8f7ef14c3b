#!/bin/sh
set -e
helm upgrade --install api charts/api \
  --atomic --timeout 5m \
  --set image.tag="$1"
