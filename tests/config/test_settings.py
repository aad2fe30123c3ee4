import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections, transaction

import config.settings.base as base_settings

ROOT = Path(settings.BASE_DIR)


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert settings.USE_TZ


def test_production_settings_pass_the_deploy_check(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "k" * 20 + "-production-check-" + "v" * 30,
        "DJANGO_ALLOWED_HOSTS": "xuncha.intranet",
        # A database outside the working tree: the check must leave nothing behind in the checkout.
        "DATABASE_URL": "sqlite:///" + str(tmp_path / "deploy-check.sqlite3"),
        "XCXT_VAR_DIR": str(tmp_path),
    }
    # The browser tests' conftest sets this for the test process; a deployment never has it.
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.production", "DJANGO_SECRET_KEY": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.fixture
def embedded_sqlite(tmp_path, django_db_blocker):
    """A second database alias with the embedded SQLite options, on a file (WAL needs one)."""
    alias = "embedded_sqlite"
    connections.settings[alias] = {
        **connections.settings["default"],
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(tmp_path / "embedded.sqlite3"),
        "OPTIONS": base_settings.SQLITE_OPTIONS,
        "HOST": "",
        "PORT": "",
        "USER": "",
        "PASSWORD": "",
    }
    with django_db_blocker.unblock():
        yield alias
        connections[alias].close()
    del connections.settings[alias]


def test_embedded_sqlite_uses_wal_and_makes_concurrent_writers_wait(embedded_sqlite):
    with connections[embedded_sqlite].cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)")
        cursor.execute("INSERT INTO counter VALUES (1, 0)")

    errors: list[Exception] = []
    writes_per_thread = 40

    def writer():
        try:
            for _ in range(writes_per_thread):
                # Read-then-write in one transaction: without IMMEDIATE this fails with
                # "database is locked" (or loses updates) as soon as two threads overlap.
                with transaction.atomic(using=embedded_sqlite), connections[embedded_sqlite].cursor() as cursor:
                    cursor.execute("SELECT n FROM counter WHERE id = 1")
                    value = cursor.fetchone()[0]
                    cursor.execute("UPDATE counter SET n = %s WHERE id = 1", [value + 1])
        except Exception as exc:  # collected for the assertion below
            errors.append(exc)
        finally:
            connections[embedded_sqlite].close()

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    with connections[embedded_sqlite].cursor() as cursor:
        cursor.execute("SELECT n FROM counter WHERE id = 1")
        total = cursor.fetchone()[0]
    assert errors == []
    assert total == 4 * writes_per_thread
