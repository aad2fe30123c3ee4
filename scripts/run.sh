#!/usr/bin/env bash
# Fresh machine to running site: install, migrate, load the demo content, serve on 127.0.0.1:8000.
# One Chinese line per step; the tools' own output goes to var/*.log (errors still reach the screen).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "[1/5] 安装依赖（首次约需 1–2 分钟）…"
bash scripts/bootstrap.sh
# The demo settings: DEBUG off (the site's Chinese error pages), warnings only on the console.
export DJANGO_SETTINGS_MODULE=config.settings.demo
# The demo accounts share a published password: load_demo refuses without DEBUG unless told it is a demo.
export XCXT_ALLOW_DEMO=1
export DJANGO_RUNSERVER_HIDE_WARNING=true
mkdir -p var

echo "[2/5] 建立数据库（首次约需半分钟）…"
.venv/bin/python manage.py migrate --noinput --verbosity 0
# A fresh clone has no search index yet: start an empty one, so the demo's pages are indexed as they are
# saved (a save never creates an index by itself: it would hold that page alone).
[ -e var/search-index/CURRENT ] || .venv/bin/python manage.py update_index --verbosity 0

echo "[3/5] 载入示例内容…"
.venv/bin/python manage.py load_demo

echo "[4/5] 建立搜索索引…"
# The search index is rebuilt from the database, the source of truth (quick for the demo content).
.venv/bin/python manage.py update_index --verbosity 0

echo "[5/5] 启动后台任务进程和网站…"
# The background worker (the question and regulation imports run there), stopped with the site on Ctrl+C or
# exit; first, take back any import a killed worker left 导入中. Its lines (one per task) go to var/worker.log;
# an import that fails says so on its own admin page.
.venv/bin/python manage.py recover_interrupted_imports --minutes 0 >var/worker.log
.venv/bin/python manage.py db_worker --backend background --no-startup-delay >>var/worker.log 2>&1 &
worker=$!
trap 'kill "$worker" 2>/dev/null; wait "$worker" 2>/dev/null' EXIT
echo
echo "巡察学堂已启动：http://127.0.0.1:8000/ （管理后台：http://127.0.0.1:8000/admin/）"
echo "登录账号见上面的示例账号。后台任务进程已随站点启动（题库导入和法规导入在其中运行）。按 Ctrl+C 停止。"
# runserver's English banner goes to the log; its errors (a port in use) still reach the screen.
.venv/bin/python manage.py runserver 127.0.0.1:8000 >var/runserver.log
