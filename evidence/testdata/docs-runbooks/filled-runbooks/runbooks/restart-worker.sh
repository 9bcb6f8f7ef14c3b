#!/bin/sh
set -eu
kubectl -n payments rollout restart deployment/payments-worker
kubectl -n payments rollout status deployment/payments-worker --timeout=5m
