"""The load benches' server side (bench/quiz_takers.py, bench/study_session_polling.py): a throwaway database
(SQLite file or a new PostgreSQL database) and gunicorn with the production settings, started, watched, stopped."""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.throwaway_databases import create_pg_database, drop_pg_database  # noqa: E402


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(workdir: Path, database_url: str, conn_max_age: int) -> dict:
    # Everything the server writes goes to the temp dir, whatever the caller's environment says.
    elsewhere = {"DJANGO_STATIC_ROOT", "DJANGO_MEDIA_ROOT", "SEARCH_INDEX_DIR"}
    env = {k: v for k, v in os.environ.items() if k not in elsewhere}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # No nginx in front: plain HTTP on loopback. These switches change redirects and cookie
        # flags only, not the code that answers a question.
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_SECURE_COOKIES="0",
        DJANGO_CONN_MAX_AGE=str(conn_max_age),
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend",
        SEARCH_BACKEND="whoosh",
        XCXT_VAR_DIR=str(workdir),
        DATABASE_URL=database_url,
    )
    return env


def start_gunicorn(args, env: dict, port: int, log) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "--config", str(ROOT / "site" / "deploy" / "gunicorn.conf.py"),
        "--bind", f"127.0.0.1:{port}", "--workers", str(args.workers), "--worker-class", args.worker_class,
        "--name", "xuncha-bench",
    ]  # fmt: skip
    if args.worker_class == "gthread":
        command += ["--threads", str(args.threads)]
    # Its own process group, so stopping it stops the workers too.
    return subprocess.Popen(command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def wait_until_ready(server: subprocess.Popen, base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}")
        try:
            if requests.get(base + "/healthz/", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer /healthz/ within 60 s")


def stop_gunicorn(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    os.killpg(server.pid, signal.SIGTERM)  # gunicorn's graceful shutdown
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def workers_cpu_seconds(master_pid: int) -> float:
    """CPU time used so far by gunicorn's workers (Linux /proc): a cost per request that the noise of
    other processes on the machine changes much less than latency."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended meanwhile
        if int(fields[1]) == master_pid:  # fields after the name: state, ppid, ..., utime, stime
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def scan_log(path: Path) -> dict:
    """Server errors in gunicorn's log. Django's request logger starts each one with "Internal Server Error"."""
    text = path.read_text(errors="replace")
    errors = text.split("Internal Server Error: ")[1:]
    first = ""
    if errors:
        exceptions = [line for line in errors[0].splitlines() if re.match(r"^[\w.]+(Error|Exception): ", line)]
        first = f"{errors[0].splitlines()[0]}: {exceptions[-1] if exceptions else '?'}"
    return {
        "server errors": len(errors),
        "database is locked": sum("database is locked" in error for error in errors),
        "worker timeouts": text.count("WORKER TIMEOUT"),
        "first error": first,
    }


@contextmanager
def throwaway_database(label: str, server_url: str | None, prefix: str):
    """(work dir, database URL): an SQLite file in a new temp dir, or a new database on the PostgreSQL
    server ``server_url`` points at, dropped afterwards."""
    workdir = Path(tempfile.mkdtemp(prefix=f"xcxt-{prefix}-bench-{label.lower()}-"))
    database_url = (
        create_pg_database(server_url, prefix="xcxt_quiz_bench") if server_url else f"sqlite:///{workdir}/bench.sqlite3"
    )
    try:
        yield workdir, database_url
    finally:
        if server_url:
            drop_pg_database(server_url, database_url)


@contextmanager
def serving(args, env: dict, workdir: Path):
    """(base URL, master pid, log path) of gunicorn serving ``env``'s database until the block ends."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log_path = workdir / "gunicorn.log"
    with open(log_path, "w") as log:
        gunicorn = start_gunicorn(args, env, port, log)
        try:
            wait_until_ready(gunicorn, base)
            yield base, gunicorn.pid, log_path
        finally:
            stop_gunicorn(gunicorn)
