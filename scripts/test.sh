#!/usr/bin/env bash
# Set up .venv (if needed), install unkg with its test extras, and run the tests.
# pytest's exit code 5 (no tests collected) is a failure here.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
if [ "$(id -u)" -eq 0 ] || [ "${CI:-}" = "true" ]; then bash scripts/install-system.sh; fi
set +e
.venv/bin/python -m pytest -q -p no:cacheprovider "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then
    echo "no tests were collected: failing" >&2
    exit 1
fi
exit "$status"
