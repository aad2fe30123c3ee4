"""Benchmark: what a reader waits for on /api/search/, for each search backend side by side.

Builds a corpus of 示例 text (bench/search_corpus.py: articles composed from varied sentences, plus cases and
interview guides) on a throwaway database, then for each backend (whoosh; database; postgres when
DATABASE_URL points at a PostgreSQL server and search.postgres_backend is importable):

- rebuilds its index with ``manage.py update_index`` in a child process: seconds and that process's peak
  resident memory (bench/search_rebuild.py measures edits made during a Whoosh rebuild);
- times ``/api/search/`` as a logged-in trainee, through Django's test client in this process (warmed and
  with its start-up objects frozen, as a gunicorn worker starts) and through gunicorn (the production
  settings, bench/gunicorn_harness.py), with 40 queries (single words, pairs and a few words, questions,
  rare and absent words: bench/search_corpus.py QUERIES), after one warm-up round;
- prints p50/p95/p99 in milliseconds, the gunicorn workers' CPU milliseconds per request, the number of
  queries that fell back, and the total results of 区块链技术 (absent word + common word: should be 0).

Each size runs in its own child interpreter (its own database and memory). Not a test: run it by hand.

    .venv/bin/python bench/search_backends.py --articles 1000                 # one size, SQLite
    .venv/bin/python bench/search_backends.py --articles 1000 10000 30000 --rounds 3
    scripts/with-postgres.sh .venv/bin/python bench/search_backends.py --articles 10000   # + postgres
    .venv/bin/python bench/search_backends.py --articles 1000 --backends whoosh --no-gunicorn
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BACKENDS = ("whoosh", "database", "postgres")
PASSWORD = "bench-示例-password-1"

#: Runs update_index in a child and prints its own peak resident memory (kB) last.
_REBUILD = (
    "import resource, sys, django; from django.core.management import call_command; django.setup(); "
    "call_command('update_index', verbosity=0); print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)"
)


def percentiles(ms: list[float]) -> tuple[float, float, float]:
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return statistics.median(ms), cuts[94], cuts[98]


def backend_settings(name: str, index_dir: str) -> dict:
    return {
        "whoosh": {"BACKEND": "search.backend", "INDEX_DIR": index_dir},
        "database": {"BACKEND": "wagtail.search.backends.database"},
        "postgres": {"BACKEND": "search.postgres_backend"},
    }[name]


def rebuild(env: dict) -> tuple[float, float]:
    """(seconds, peak MB) of ``manage.py update_index`` in a child process."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _REBUILD], cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"update_index failed:\n{done.stderr[-3000:]}")
    return seconds, int(done.stdout.strip().splitlines()[-1]) / 1024


def time_queries(get, queries: list[str], rounds: int) -> dict:
    """Warm-up round, then ``rounds`` timed rounds of every query through ``get(q) -> dict``."""
    first_started = time.perf_counter()
    answers = {q: get(q) for q in queries}
    first_round = (time.perf_counter() - first_started) * 1000
    ms = []
    for _ in range(rounds):
        for q in queries:
            started = time.perf_counter()
            get(q)
            ms.append((time.perf_counter() - started) * 1000)
    p50, p95, p99 = percentiles(ms)
    by_query = {}
    for q in queries:
        mine = [ms[i * len(queries) + queries.index(q)] for i in range(rounds)]
        by_query[q] = statistics.median(mine)
    slowest = sorted(by_query.items(), key=lambda kv: kv[1], reverse=True)[:3]
    return {
        "p50": p50,
        "p95": p95,
        "p99": p99,
        "warmup_round_ms": first_round,
        "fallbacks": sum(bool(a.get("fallback")) for a in answers.values()),
        "blockchain_total": answers.get("区块链技术", {}).get("total"),
        "slowest": [(q, round(t, 1)) for q, t in slowest],
        "totals": {q: a.get("total") for q, a in answers.items()},
    }


def through_test_client(client, queries: list[str], rounds: int) -> dict:
    def get(q: str) -> dict:
        response = client.get("/api/search/", {"q": q})
        assert response.status_code == 200, (q, response.status_code)
        return json.loads(response.content)

    return time_queries(get, queries, rounds)


def through_gunicorn(args, env: dict, workdir: Path, session_key: str, queries: list[str]) -> dict:
    import requests
    from django.conf import settings

    import bench.gunicorn_harness as server

    with server.serving(args, env, workdir) as (base, master_pid, log_path):
        # Signed in as the trainee: a session made in this process's database (the login page needs
        # collected static files, which a throwaway server has not got).
        session = requests.Session()
        session.cookies.set(settings.SESSION_COOKIE_NAME, session_key)
        if (
            session.get(base + "/api/search/", params={"q": "巡察"}, timeout=60, allow_redirects=False).status_code
            != 200
        ):
            raise SystemExit(f"gunicorn did not take the trainee's session; see {log_path}")

        def get(q: str) -> dict:
            response = session.get(base + "/api/search/", params={"q": q}, timeout=60)
            if response.status_code != 200:
                raise SystemExit(f"/api/search/?q={q} answered {response.status_code}; see {log_path}")
            return response.json()

        for q in queries:  # every worker warm (each worker takes requests in turn)
            get(q)
        cpu_before = server.workers_cpu_seconds(master_pid)
        result = time_queries(get, queries, args.rounds)
        requests_made = len(queries) * (args.rounds + 1)
        result["cpu_ms_per_request"] = (server.workers_cpu_seconds(master_pid) - cpu_before) * 1000 / requests_made
        result["server_errors"] = server.scan_log(log_path)["server errors"]
    return result


def one_size(args) -> dict:
    """Everything for one corpus size, in this (child) process."""
    workdir = Path(tempfile.mkdtemp(prefix="xcxt-search-bench-"))
    server_url = os.environ.get("DATABASE_URL", "")
    postgres = server_url.startswith(("postgres://", "postgresql://"))
    if postgres:
        from tests.throwaway_databases import create_pg_database

        database_url = create_pg_database(server_url, prefix="xcxt_search_bench")
    else:
        database_url = f"sqlite:///{workdir}/bench.sqlite3"
    index_dir = str(workdir / "search-index")
    os.environ.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        XCXT_VAR_DIR=str(workdir),
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="config.settings.dev",
        SEARCH_BACKEND="whoosh",
        SEARCH_INDEX_DIR=index_dir,
    )
    try:
        return _measure(args, workdir, database_url, index_dir, postgres)
    finally:
        if postgres:
            from django.db import connections

            from tests.throwaway_databases import drop_pg_database

            connections.close_all()
            drop_pg_database(server_url, database_url)


def _measure(args, workdir: Path, database_url: str, index_dir: str, postgres: bool) -> dict:
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.test import Client

    import bench.gunicorn_harness as server
    from bench.search_corpus import QUERIES, build_corpus
    from bench.throwaway_django import freeze_like_a_worker
    from core.roles import TRAINEE

    call_command("migrate", verbosity=0)
    settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
    started = time.perf_counter()
    made = build_corpus(args.articles[0])
    made["build_s"] = time.perf_counter() - started
    user = get_user_model().objects.create_user("bench-xueyuan", password=PASSWORD)
    user.groups.add(Group.objects.get(name=TRAINEE))
    queries = QUERIES[: args.queries] if args.queries else QUERIES
    signed_in = Client(HTTP_HOST="localhost")
    signed_in.force_login(user)
    session_key = signed_in.cookies[settings.SESSION_COOKIE_NAME].value
    rows = []
    for name in args.backends:
        row = {"backend": name}
        if name == "postgres":
            try:
                import search.postgres_backend  # noqa: F401
            except ImportError as error:
                rows.append({**row, "skipped": f"search.postgres_backend: {error}"})
                continue
            if not postgres:
                rows.append({**row, "skipped": "no PostgreSQL (run through scripts/with-postgres.sh)"})
                continue
        env = {**os.environ, "SEARCH_BACKEND": name, "SEARCH_INDEX_DIR": index_dir}
        row["rebuild_s"], row["rebuild_peak_mb"] = rebuild(env)
        settings.WAGTAILSEARCH_BACKENDS = {"default": backend_settings(name, index_dir)}
        # As a gunicorn worker starts (site/deploy/gunicorn.conf.py): search warmed, start-up objects frozen.
        freeze_like_a_worker(warm_search=True)
        row["client"] = through_test_client(signed_in, queries, args.rounds)
        if args.gunicorn:
            genv = server.server_env(workdir, database_url, 60)
            # The same secret key as this process: the trainee's session made here is valid there.
            genv.update(SEARCH_BACKEND=name, SEARCH_INDEX_DIR=index_dir, DJANGO_SECRET_KEY=settings.SECRET_KEY)
            row["gunicorn"] = through_gunicorn(args, genv, workdir, session_key, queries)
        rows.append(row)
    return {"articles": args.articles[0], "made": made, "queries": len(queries), "rows": rows}


def print_report(results: list[dict], args) -> None:
    load = os.getloadavg()
    print(
        f"\n/api/search/ as a trainee, {results[0]['queries'] if results else 0} queries x {args.rounds} rounds after"
        f" a warm-up round; machine load average now {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on"
        f" {os.cpu_count()} CPUs\n"
    )
    head = (
        f"{'articles':>8} | {'backend':<8} | {'rebuild s':>9} | {'peak MB':>7} | {'via':<8} | {'p50 ms':>7} |"
        f" {'p95 ms':>7} | {'p99 ms':>7} | {'cpu ms':>6} | {'fallbk':>6} | {'区块链技术':>5}"
    )
    print(head)
    print("-" * len(head.encode("gbk")))
    for result in results:
        for row in result["rows"]:
            if "skipped" in row:
                print(f"{result['articles']:>8} | {row['backend']:<8} | skipped: {row['skipped']}")
                continue
            for via in ("client", "gunicorn"):
                if via not in row:
                    continue
                m = row[via]
                cpu = f"{m['cpu_ms_per_request']:>6.1f}" if "cpu_ms_per_request" in m else f"{'':>6}"
                print(
                    f"{result['articles']:>8} | {row['backend']:<8} | {row['rebuild_s']:>9.1f} |"
                    f" {row['rebuild_peak_mb']:>7.0f} | {via:<8} | {m['p50']:>7.1f} | {m['p95']:>7.1f} |"
                    f" {m['p99']:>7.1f} | {cpu} | {m['fallbacks']:>6} | {m['blockchain_total']!s:>10}"
                )
    print("\nslowest queries (median ms, test client):")
    for result in results:
        for row in result["rows"]:
            if "client" in row:
                print(f"  {result['articles']:>6} {row['backend']:<8} {row['client']['slowest']}")
    print("\ncorpus:", [r["made"] for r in results])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, nargs="+", default=[1000], help="corpus sizes, each run alone")
    parser.add_argument("--backends", nargs="+", choices=BACKENDS, default=list(BACKENDS))
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds of the query set")
    parser.add_argument("--queries", type=int, default=0, help="only the first N queries (0: all 40)")
    parser.add_argument("--no-gunicorn", dest="gunicorn", action="store_false", help="test client only")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-class", default="sync")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--json", help="also write the raw results here")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)  # a child's single size
    args = parser.parse_args()
    if args.one:
        print("RESULT " + json.dumps(one_size(args), ensure_ascii=False))
        return
    results = []
    for n in args.articles:
        command = [sys.executable, __file__, "--one", "--articles", str(n), "--backends", *args.backends]
        command += ["--rounds", str(args.rounds), "--queries", str(args.queries), "--workers", str(args.workers)]
        command += ["--worker-class", args.worker_class, "--threads", str(args.threads)]
        command += [] if args.gunicorn else ["--no-gunicorn"]
        print(f"{n} articles ...", flush=True)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
        lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
        if done.returncode != 0 or not lines:
            raise SystemExit(f"the {n}-article run failed:\n{done.stderr[-4000:]}")
        results.append(json.loads(lines[-1][len("RESULT ") :]))
    if args.json:
        Path(args.json).write_text(json.dumps(results, ensure_ascii=False, indent=1))
    print_report(results, args)


if __name__ == "__main__":
    main()
