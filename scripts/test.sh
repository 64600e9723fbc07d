#!/usr/bin/env bash
# Installs what the tests need (as root, on Debian with Python 3.11) and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here);
# the store's tests start a throwaway PostgreSQL 15 cluster.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore -r requirements-dev.txt
python3 -m ruff check .
python3 -m pytest "$@"
