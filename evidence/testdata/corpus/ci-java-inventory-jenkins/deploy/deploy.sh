#!/usr/bin/env bash
set -euo pipefail
env="$1"
# pick the cluster of the environment
kubectl --context "$env" -n inventory set image deployment/inventory app="registry.acme.example/inventory:${BUILD_TAG}"
kubectl --context "$env" -n inventory rollout status deployment/inventory --timeout=300s
