#!/usr/bin/env bash
# Set up .venv and build the knowledge graph of the bundled sample into output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/kg build data/E-2009-100.zh.txt --out output "$@"
