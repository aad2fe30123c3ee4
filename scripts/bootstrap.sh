#!/usr/bin/env bash
# Creates .venv and installs the pinned dependency set. Cheap when nothing changed.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "需要 Python 3.11（当前：$("$PYTHON" --version 2>&1)）。" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ] \
   || [ constraints.txt -nt "$stamp" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip 2> >(grep -v "is ignored: it is neither" >&2)
  # This machine lists local mirrors that may be absent; their warnings are noise.
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt 2> >(grep -v "is ignored: it is neither" >&2)
  touch "$stamp"
fi
