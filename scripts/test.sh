#!/usr/bin/env bash
# The whole test suite: lint, migration check, unit and page tests, and the browser tests.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -m "not e2e"`).
# With DATABASE_URL set the suite runs against that database; otherwise on SQLite.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh

# A CJK font too: without one Chinese is measured in narrow fallback glyphs and no layout test means anything.
if ! command -v chromium >/dev/null 2>&1 || ! fc-list :lang=zh | grep -q .; then
  if [ "$(id -u)" = 0 ]; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null
  else
    echo "浏览器测试需要 Debian 的 chromium 和中文字体软件包：sudo apt-get install chromium fonts-wqy-microhei" >&2
    exit 1
  fi
fi

export DJANGO_SETTINGS_MODULE=config.settings.test
.venv/bin/ruff check .
.venv/bin/ruff format --check .
.venv/bin/python manage.py makemigrations --check --dry-run
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest "$@"
