#!/usr/bin/env bash
# Fresh machine to running site: install, migrate, load the demo content, serve on 127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/bootstrap.sh
export DJANGO_SETTINGS_MODULE=config.settings.dev
.venv/bin/python manage.py migrate --noinput
.venv/bin/python manage.py load_demo
# The search index is rebuilt from the database, the source of truth (quick for the demo content).
.venv/bin/python manage.py update_index --verbosity 0
echo
echo "巡察学堂已启动：http://127.0.0.1:8000/ （管理后台：http://127.0.0.1:8000/admin/）"
echo "按 Ctrl+C 停止。"
exec .venv/bin/python manage.py runserver 127.0.0.1:8000
