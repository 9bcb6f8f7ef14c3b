#!/bin/sh
set -eu
./bin/acme-deployer push --env "$1"
