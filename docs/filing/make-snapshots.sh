#!/usr/bin/env bash
# Re-render the documented examples and refresh the first-page snapshots kept here.
#   docs/filing/make-snapshots.sh        (from the repository root, after ./dev setup)
set -euo pipefail
cd "$(dirname "$0")/../.."
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export RTECH_DATA_DIR="$scratch/data" RTECH_CONFIG_DIR="$scratch/config"
for kind in case registration report; do
  .venv/bin/rtech file "$kind" --data "docs/filing/examples/$kind-cardio.json" -o "$scratch/$kind.pdf"
  pdftoppm -png -r 60 -f 1 -l 1 -singlefile "$scratch/$kind.pdf" "docs/filing/$kind-page1"
done
ls -l docs/filing/*-page1.png
