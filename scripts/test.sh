#!/usr/bin/env bash
# Installs what the tests need (as root on Debian with Python 3.11) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements-dev.txt
python3 -m ruff check .
python3 -m pytest "$@"
