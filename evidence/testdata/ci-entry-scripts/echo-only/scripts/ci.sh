#!/bin/sh
echo "ci is configured elsewhere"
