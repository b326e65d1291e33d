#!/usr/bin/env bash
# Create .venv and install the project (editable) with the given extras (e.g. "test").
# Says which Debian package to install when something of the system is missing.
set -euo pipefail
extras="${1:-}"
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
if ! command -v "$python" >/dev/null 2>&1; then
  echo "error: $python not found. Install Python 3.11 or newer (Debian: apt-get install python3 python3-venv)." >&2
  exit 1
fi
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "error: ncct-report needs Python 3.11 or newer; $python is $("$python" --version 2>&1)." >&2
  exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$python" -m venv .venv >/dev/null 2>&1; then
    rm -rf .venv
    echo "error: cannot create a virtual environment. Debian: apt-get install python3-venv" >&2
    exit 1
  fi
fi
stamp=".venv/.installed-${extras:-base}"
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".${extras:+[$extras]}"
  touch "$stamp"
fi
