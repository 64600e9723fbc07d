#!/usr/bin/env bash
# Makes the hashed locks from requirements.txt and requirements-dev.txt: run it after changing either (a new
# dependency, a new floor). Versions already in a lock stay as they are; `bash scripts/lock.sh --upgrade` takes
# the newest allowed. The locks hold for Python 3.11 and newer, on any platform (uv's universal resolution).
set -euo pipefail
cd "$(dirname "$0")/.."
if python3 -m uv --version >/dev/null 2>&1; then
  uv=(python3 -m uv)
else
  bash scripts/setup.sh --dev >/dev/null
  uv=(.venv/bin/python -m uv)
fi
export UV_CUSTOM_COMPILE_COMMAND="bash scripts/lock.sh"
compile=(pip compile --universal --python-version 3.11 --generate-hashes --quiet "$@")
"${uv[@]}" "${compile[@]}" requirements.txt -o requirements.lock
# the test tools on top of exactly the app's versions
"${uv[@]}" "${compile[@]}" requirements-dev.txt -c requirements.lock -o requirements-dev.lock
