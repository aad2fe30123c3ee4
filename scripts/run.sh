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
# The background worker (the question and regulation imports run there), stopped with the site on Ctrl+C or
# exit; first, take back any import a killed worker left 导入中.
.venv/bin/python manage.py recover_interrupted_imports --minutes 0
.venv/bin/python manage.py db_worker --backend background --no-startup-delay &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
echo
echo "巡察学堂已启动：http://127.0.0.1:8000/ （管理后台：http://127.0.0.1:8000/admin/）"
echo "后台任务进程已随站点启动（题库导入和法规导入在其中运行）。按 Ctrl+C 停止。"
.venv/bin/python manage.py runserver 127.0.0.1:8000
