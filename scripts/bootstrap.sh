#!/usr/bin/env bash
# Creates .venv and installs the pinned dependency set. Cheap when nothing changed.
# Quiet but never silent: a line before and after the install; on failure, the end of pip's log and where
# the whole log is.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null 2>&1 || PYTHON=python3
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))'; then
  echo "需要 Python 3.11（当前：$("$PYTHON" --version 2>&1)）。" >&2
  exit 1
fi

if [ ! -x .venv/bin/python ]; then
  echo "  建立 Python 虚拟环境 .venv …"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.installed
if [ ! -f "$stamp" ] || [ requirements.txt -nt "$stamp" ] || [ requirements-dev.txt -nt "$stamp" ] \
   || [ constraints.txt -nt "$stamp" ]; then
  mkdir -p var
  log=var/pip-install.log
  echo "  正在安装依赖（首次约需 1–2 分钟，请稍候；详细记录写入 $log）…"
  if ! { .venv/bin/python -m pip install --quiet --upgrade pip \
         && .venv/bin/python -m pip install --quiet -r requirements-dev.txt -c constraints.txt; } >"$log" 2>&1; then
    echo "依赖安装失败。以下是记录的最后 20 行，完整记录在 $log：" >&2
    # This machine lists local mirrors that may be absent; their warnings are noise.
    grep -v "is ignored: it is neither" "$log" | tail -n 20 >&2
    exit 1
  fi
  touch "$stamp"
  echo "  依赖已安装。"
else
  echo "  依赖已是最新，跳过安装。"
fi
