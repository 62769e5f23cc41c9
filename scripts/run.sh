#!/usr/bin/env bash
# Install everything, then run the main job: the Prefect ingest flow, locally,
# over data/raw/ into data/curated/calpae.duckdb (or $CALPAE_DB).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m calpae.interfaces.flow "$@"
.venv/bin/calpae status
