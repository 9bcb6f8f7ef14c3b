#!/bin/sh
# Delete backups older than 35 days.
aws s3 rm s3://orders-backups/ --recursive --exclude "*" --include "2023-*"
