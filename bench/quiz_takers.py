"""Benchmark: 60 takers answer a 20-question quiz at once against gunicorn, on SQLite and PostgreSQL.

For each database: a fresh throwaway database (an SQLite file in a temp dir; a new database on the
PostgreSQL server DATABASE_URL points at, dropped afterwards), migrated, with 60 trainees and one quiz
(bench/quiz_takers_db.py). gunicorn serves it with the production settings and site/deploy/gunicorn.conf.py
on 127.0.0.1; each taker is a thread with its own requests.Session that logs in (not measured), then
all start together: start, answer the 20 questions (right or wrong, decided in advance), submit, open
the result. Every request is timed. Afterwards the database is checked: each answer stored as sent,
each score as expected ("lost answers" counts every planned answer not stored as planned, including
those whose request failed). Not a test: run it by hand.

    .venv/bin/python bench/quiz_takers.py [--think 10]                # SQLite only (no DATABASE_URL)
    scripts/with-postgres.sh .venv/bin/python bench/quiz_takers.py    # SQLite, then PostgreSQL

Workers are gunicorn's sync class by default because that is what the deployment runs (gunicorn.conf.py
sets none): the views are CPU-bound Python, nginx buffers slow clients, threads in one process share a
GIL, and with SQLite every thread is one more connection queueing for the single write lock.
--worker-class gthread --threads N is there to compare. --workers defaults to 4 (the deployment runs 3).
--think adds a random pause (0 to 2x the given seconds) before each answer; with 0 every taker clicks
again as soon as it has a page, which measures the server saturated: latency is then mostly queueing
(60 takers / requests per second).
"""

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import gunicorn_harness as server

# bench/ is on sys.path: this script's own directory.
import quiz_takers_db
import requests

ROOT = Path(__file__).resolve().parent.parent
RIGHT_SHARE = 0.7
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CHOICE_INPUT = re.compile(r'name="choice" value="(\d+)"')
FIRST_QUESTION_URL = re.compile(r"^/quizzes/attempts/(\d+)/1/$")


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def planned_answer(question: dict, right: bool, rng: random.Random) -> tuple[dict, dict]:
    """The form fields a taker posts and the response the server must store for them."""
    kind = question["kind"]
    if kind in ("single", "multiple"):
        correct = [c["id"] for c in question["choices"] if c["correct"]]
        wrong = [c["id"] for c in question["choices"] if not c["correct"]]
        if kind == "single":
            ids = correct if right else [rng.choice(wrong)]
        else:
            # Missing one right option scores 0 under all-or-nothing scoring.
            ids = correct if right else correct[1:]
        return {"choice": [str(i) for i in ids]}, {"choices": sorted(ids)}
    if kind == "true_false":
        value = question["tf"] if right else not question["tf"]
        return {"value": "true" if value else "false"}, {"value": value}
    blanks = [rng.choice(variants) for variants in question["blanks"]]
    if not right:
        blanks[0] = "错误答案"
    return {"blank": blanks}, {"blanks": blanks}


class Taker(threading.Thread):
    def __init__(self, *, index: int, username: str, plan: dict, base: str, race: "Race", think: float):
        super().__init__(name=username, daemon=True)
        self.username, self.plan, self.base, self.race, self.think = username, plan, base, race, think
        self.rng = random.Random(index)
        self.session = requests.Session()
        self.measuring = False
        # (request, seconds, question position or 0, when it was sent on the perf_counter clock)
        self.timings: list[tuple[str, float, int, float]] = []
        self.position = 0
        self.errors: list[tuple[str, str]] = []  # (request, what went wrong)
        self.answers = []
        for question in plan["questions"]:
            right = self.rng.random() < RIGHT_SHARE
            fields, stored = planned_answer(question, right, self.rng)
            self.answers.append((question, fields, stored, right))
        self.expected_score = sum(q["points"] for q, _, _, right in self.answers if right)

    def call(self, kind: str, method: str, path: str, expect, data=None) -> requests.Response | None:
        """One request, timed; None when it failed (HTTP error, exception or an unexpected answer)."""
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, data=data, allow_redirects=False, timeout=60)
            problem = f"HTTP {response.status_code}" if response.status_code >= 400 else expect(response)
        except requests.RequestException as error:
            response, problem = None, type(error).__name__
        if self.measuring:
            self.timings.append((kind, time.perf_counter() - started, self.position, started))
        if problem:
            self.errors.append((kind, problem))
            return None
        return response

    def csrf(self, response: requests.Response) -> str:
        found = CSRF_INPUT.search(response.text)
        return found.group(1) if found else self.session.cookies.get("csrftoken", "")

    def run(self) -> None:
        try:
            with self.race.login_gate:
                logged_in = self.log_in()
        finally:
            try:
                self.race.barrier.wait(timeout=300)
            except threading.BrokenBarrierError:
                self.errors.append(("start", "barrier broken"))
                return
        if logged_in:
            self.measuring = True
            try:
                self.take()
            except Exception as error:  # a bug in the bench must show as an error, not as a quiet thread
                self.errors.append(("taker", f"stopped: {error!r}"))

    def log_in(self) -> bool:
        page = self.call("login GET", "GET", "/accounts/login/", lambda r: None)
        if page is None:
            return False
        form = {"username": self.username, "password": self.plan["password"], "csrfmiddlewaretoken": self.csrf(page)}
        welcomed = redirect_to(re.compile("^/$"))
        return self.call("login POST", "POST", "/accounts/login/", welcomed, form) is not None

    def take(self) -> None:
        token = {"csrfmiddlewaretoken": self.session.cookies.get("csrftoken", "")}
        start_url = f"/quizzes/{self.plan['slug']}/start/"
        # A new attempt starts straight at question 1.
        started = self.call("start POST", "POST", start_url, redirect_to(FIRST_QUESTION_URL), token)
        if started is None:
            return
        attempt = f"/quizzes/attempts/{FIRST_QUESTION_URL.match(started.headers['Location']).group(1)}"
        total = len(self.answers)
        for position, (question, fields, _, _) in enumerate(self.answers, start=1):
            self.position = position
            url = f"{attempt}/{position}/"
            page = self.call("question GET", "GET", url, lambda r, q=question: page_problem(r, q))
            if page is None:
                continue  # a real taker would reload; the bench moves on and counts the answer lost
            if self.think:
                time.sleep(self.rng.uniform(0, 2 * self.think))
            following = f"{attempt}/{position + 1}/" if position < total else f"{attempt}/submit/"
            data = {**fields, "go": "next", "csrfmiddlewaretoken": self.csrf(page)}
            self.call("answer POST", "POST", url, redirect_to(re.compile(f"^{re.escape(following)}$")), data)
        self.position = 0
        page = self.call("submit GET", "GET", f"{attempt}/submit/", ok_200)
        data = {"csrfmiddlewaretoken": self.csrf(page) if page else token["csrfmiddlewaretoken"]}
        to_result = redirect_to(re.compile(f"^{attempt}/result/$"))
        if self.call("submit POST", "POST", f"{attempt}/submit/", to_result, data):
            self.call("result GET", "GET", f"{attempt}/result/", ok_200)


def redirect_to(pattern: re.Pattern):
    def check(response):
        location = response.headers.get("Location", "")
        return None if response.status_code == 302 and pattern.match(location) else f"{response.status_code} {location}"

    return check


def ok_200(response) -> str | None:
    return None if response.status_code == 200 else f"status {response.status_code}"


def page_problem(response, question: dict) -> str | None:
    if response.status_code != 200:
        return f"status {response.status_code}"
    if question["kind"] in ("single", "multiple"):
        shown = {int(i) for i in CHOICE_INPUT.findall(response.text)}
        if shown != {c["id"] for c in question["choices"]}:
            return f"options {sorted(shown)} are not the question's"
    return None


def run_db_phase(phase: str, workdir: Path, env: dict, *extra: str) -> dict | None:
    command = [sys.executable, quiz_takers_db.__file__, phase, str(workdir), *extra]
    subprocess.run(command, env=env, cwd=ROOT, check=True, timeout=900)
    output = {"prepare": "plan.json", "verify": "verified.json", "queries": "queries.json"}[phase]
    return json.loads((workdir / output).read_text())


class Race:
    """What the takers share: a gate that lets a few log in at a time, and the start line."""

    def __init__(self, *, takers: int, logins_at_once: int):
        # Logging in is not measured: 60 password hashes at once would only slow the first
        # pages and could time out on a busy machine.
        self.login_gate = threading.Semaphore(logins_at_once)
        self.barrier = threading.Barrier(takers + 1)


def run_takers(plan: dict, base: str, args, master_pid: int) -> tuple[list[Taker], float, float]:
    race = Race(takers=len(plan["users"]), logins_at_once=args.workers)
    takers = [
        Taker(index=i, username=name, plan=plan, base=base, race=race, think=args.think)
        for i, name in enumerate(plan["users"])
    ]
    for taker in takers:
        taker.start()
    race.barrier.wait(timeout=300)  # everyone is logged in: the measured part starts now
    started, cpu_before = time.perf_counter(), server.workers_cpu_seconds(master_pid)
    for taker in takers:
        taker.join()
    return takers, time.perf_counter() - started, server.workers_cpu_seconds(master_pid) - cpu_before


def bench_database(label: str, server_url: str | None, args) -> dict:
    with server.throwaway_database(label, server_url, "quiz") as (workdir, database_url):
        env = server.server_env(workdir, database_url, args.conn_max_age)
        print(f"{label}: preparing {args.takers} takers and the quiz in {workdir} ...", flush=True)
        plan = run_db_phase("prepare", workdir, env, str(args.takers))
        with server.serving(args, env, workdir) as (base, pid, log_path):
            print(f"{label}: gunicorn on {base}, {args.takers} takers running ...", flush=True)
            takers, seconds, cpu = run_takers(plan, base, args, pid)
        sent = {t.username: {"responses": [a[2] for a in t.answers], "score": t.expected_score} for t in takers}
        (workdir / "sent.json").write_text(json.dumps(sent, ensure_ascii=False))
        # Every request, for a closer look with --keep: taker, request, position, sent at (s), seconds.
        first = min((at for t in takers for _, _, _, at in t.timings), default=0)
        rows = [(t.username, k, p, at - first, s) for t in takers for k, s, p, at in t.timings]
        (workdir / "timings.json").write_text(json.dumps(rows))
        verified = run_db_phase("verify", workdir, env)
        sql_counts = run_db_phase("queries", workdir, env)
        return {
            "label": label, "takers": takers, "seconds": seconds, "cpu": cpu, "verified": verified,
            "queries": sql_counts, "log": server.scan_log(log_path), "log_path": log_path,
        }  # fmt: skip


def machine_load() -> str:
    load = f"load average {os.getloadavg()[0]:.1f}"
    try:  # Linux pressure stall information: share of time some task waited for a CPU
        pressure = Path("/proc/pressure/cpu").read_text().split()[2].split("=")[1]
        return f"{load}, CPU pressure {pressure}% over the last minute"
    except (OSError, IndexError):
        return load


def print_report(result: dict, args) -> bool:
    """Print the tables; True when nothing went wrong."""
    takers = result["takers"]
    timings = [t for taker in takers for t in taker.timings]
    errors = [e for taker in takers for e in taker.errors]
    latencies = [t[1] for t in timings]
    verified = result["verified"]
    workers = f"{args.workers} {args.worker_class} workers" + (
        f" x {args.threads} threads" if args.worker_class == "gthread" else ""
    )
    print(f"\n{result['label']} · gunicorn {workers} · think {args.think:g} s · CONN_MAX_AGE {args.conn_max_age}")
    print(f"machine: {os.cpu_count()} CPUs, {machine_load()} (other work on the machine slows every request)")
    header = f"{'takers':>6} | {'requests':>8} | {'req/s':>6} | {'p50 ms':>6} | {'p95 ms':>6} | {'errors':>6} | "
    print(header + f"{'lost answers':>12} | {'score mismatches':>16}")
    print("-" * 90)
    print(
        f"{len(takers):>6} | {len(timings):>8} | {len(timings) / result['seconds']:>6.1f} | "
        f"{percentile(latencies, 0.5) * 1000:>6.0f} | {percentile(latencies, 0.95) * 1000:>6.0f} | {len(errors):>6} | "
        f"{verified['lost']:>12} | {verified['score_mismatches']:>16}"
    )
    header = f"\n{'request':>12} | {'count':>5} | {'p50 ms':>6} | {'p95 ms':>6} | {'max ms':>6} | "
    print(header + f"{'SQL*':>5} | {'CPU ms*':>7}")
    for kind in ("start POST", "question GET", "answer POST", "submit GET", "submit POST", "result GET"):
        values = [t[1] for t in timings if t[0] == kind]
        alone = result["queries"][kind]
        low, high = alone["sql"]
        sql = f"{low}" if low == high else f"{low}-{high}"
        p50, p95, top = (percentile(values, p) * 1000 for p in (0.5, 0.95, 1.0))
        cpu = alone["cpu"] * 1000
        print(f"{kind:>12} | {len(values):>5} | {p50:>6.0f} | {p95:>6.0f} | {top:>6.0f} | {sql:>5} | {cpu:>7.1f}")
    print("* one taker alone, in one process through Django's test client (median CPU time of that process)")
    # Everyone starts at once: start, resume and the first question come as one burst that takes a while
    # to clear. Requests sent after the last taker has its first question show the steady state.
    first_pages = [at + seconds for kind, seconds, position, at in timings if kind == "question GET" and position == 1]
    if first_pages:
        later = [t[1] for t in timings if t[3] >= max(first_pages)]
        burst = max(first_pages) - min(t[3] for t in timings)
        print(
            f"after the start burst ({burst:.1f} s): p50 {percentile(later, 0.5) * 1000:.0f} ms, "
            f"p95 {percentile(later, 0.95) * 1000:.0f} ms over {len(later)} requests"
        )
    rows = f"attempts {verified['attempts']}, answer rows {verified['answer_rows']}"
    cpu_ms = result["cpu"] * 1000 / max(1, len(timings))
    print(f"\nwall time {result['seconds']:.1f} s; {rows}; gunicorn workers' CPU {cpu_ms:.0f} ms per request")
    if not args.think:
        # Closed loop without pauses: each taker always has one request in flight (Little's law).
        queued = len(takers) / (len(timings) / result["seconds"]) * 1000
        print(f"no think time: mean latency ≈ takers / req/s = {queued:.0f} ms, i.e. queueing at full load")
    log = result["log"]
    print(
        f"server log: {log['server errors']} server errors, {log['database is locked']} of them "
        f"'database is locked'; {log['worker timeouts']} worker timeouts"
    )
    if log["first error"]:
        print(f"  first: {log['first error']}")
    for (kind, problem), count in Counter(errors).most_common(8):
        print(f"  {kind}: {problem} x {count}")
    for line in verified["problems"][:5]:
        print(f"  {line}")
    clean = not (errors or log["server errors"] or verified["lost"] or verified["score_mismatches"])
    if not clean:
        print(f"  (log kept: {result['log_path']})")
    return clean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--takers", type=int, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker with gthread")
    parser.add_argument("--think", type=float, default=0.0, help="mean pause before each answer, seconds")
    parser.add_argument("--conn-max-age", type=int, default=60, help="as site/deploy/env.example")
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs even when all went well")
    args = parser.parse_args()

    server_url = os.environ.get("DATABASE_URL", "")
    has_postgres = server_url.startswith(("postgres://", "postgresql://"))
    if args.database == "postgres" and not has_postgres:
        raise SystemExit("--database postgres needs DATABASE_URL=postgres://...; see scripts/with-postgres.sh")
    runs = []
    if args.database in ("sqlite", "all"):
        runs.append(("SQLite", None))
    if args.database in ("postgres", "all") and has_postgres:
        runs.append(("PostgreSQL", server_url))
    for label, url in runs:
        result = bench_database(label, url, args)
        clean = print_report(result, args)
        if clean and not args.keep:
            shutil.rmtree(result["log_path"].parent)


if __name__ == "__main__":
    main()
