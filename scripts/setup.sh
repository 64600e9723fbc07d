#!/usr/bin/env bash
# Makes .venv (Python 3.11 or newer) and installs the app from the hashed lock, requirements.lock; with --dev,
# the test tools too (requirements-dev.lock). Works where only Python 3.11+ is installed, and on stock Debian 12,
# whose python3 refuses pip installs (PEP 668) and lacks venv until python3-venv is installed (done here with
# apt, as root or through sudo). Run it again after a lock changes; with the lock unchanged it does nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
lock=requirements.lock
[ "${1:-}" = "--dev" ] && lock=requirements-dev.lock

python=""
for candidate in python3 python3.14 python3.13 python3.12 python3.11; do
  if command -v "$candidate" >/dev/null 2>&1 &&
     "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    python=$(command -v "$candidate")
    break
  fi
done
if [ -z "$python" ]; then
  echo "Python 3.11 or newer is needed (python3 --version says: $(python3 --version 2>&1 || echo none))." >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv .venv >/dev/null 2>&1; then
    # Debian and Ubuntu ship venv's pip bootstrap (ensurepip) in a package of its own.
    rm -rf .venv
    package=$("$python" -c 'import sys; print(f"python3.{sys.version_info.minor}-venv")')
    sudo=""
    [ "$(id -u)" -ne 0 ] && sudo=sudo
    echo "Installing $package (Python's venv) with apt…" >&2
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$package" >/dev/null
    "$python" -m venv .venv
  fi
fi

stamp=".venv/.installed-$(basename "$lock" .lock)"
digest=$(sha256sum "$lock" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$digest" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r "$lock"
  echo "$digest" > "$stamp"
fi
