#!/usr/bin/env bash
set -euo pipefail
# helm upgrade is run by CI with the image tag
echo "deploying $TAG"
helm upgrade --install api ./charts/api \
  --namespace api --set image.tag="$TAG"
