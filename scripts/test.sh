#!/usr/bin/env bash
# Installs what the tests need and runs every test: Debian's Chromium and PostgreSQL 15 with apt (as root),
# the app and the test tools into .venv from the hashed lock (scripts/setup.sh), then ruff and pytest. With
# arguments, they go to pytest as they are (`bash scripts/test.sh tests/models -x`).
set -euo pipefail
cd "$(dirname "$0")/.."
# Browser tests drive Debian's Chromium (Playwright cannot download its own browser here);
# the store's tests start a throwaway PostgreSQL 15 cluster.
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql-15)
# Chinese glyphs, so the browser tests in Chinese measure real text, not empty boxes
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bash scripts/setup.sh --dev
.venv/bin/python -m ruff check .
if [ $# -gt 0 ]; then
  exec .venv/bin/python -m pytest "$@"
fi
# Everything: the tests without a browser spread over the cores (pytest-xdist), then the browser tests one at a
# time (each drives its own Chromium against its own Streamlit server; two at once would race for the cores).
.venv/bin/python -m pytest -m "not browser" -n auto
.venv/bin/python -m pytest -m browser
