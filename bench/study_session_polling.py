"""Benchmark: 60 phones follow an evening study session, polling its state every 2 s, while the host opens
a live question, every phone answers it once, and the host reveals the answers.

For each database (an SQLite file in a temp dir; with DATABASE_URL=postgres://... also a throwaway
PostgreSQL database, dropped afterwards): migrated, with 60 trainees, a host and an evening whose agenda
is a talk and a one-question closing quiz. gunicorn serves it with the production settings and
site/deploy/gunicorn.conf.py on 127.0.0.1 (helpers shared with bench/quiz_takers.py). Each phone is a
thread with its own requests.Session that logs in (not measured), then for --seconds polls
state/?v=<version> every 2 s; when the version moves it fetches the step (follow/?part=1), as room.js
does. The host opens the question after 5 s; each phone answers it once at a random moment; the host
reveals 5 s before the end and checks the projector's count. Afterwards the database is checked:
"answers lost" counts every planned answer not stored as sent. Not a test: run it by hand.

    .venv/bin/python bench/study_session_polling.py                                  # SQLite
    scripts/with-postgres.sh .venv/bin/python bench/study_session_polling.py         # SQLite, then PostgreSQL
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

# bench/ is on sys.path: this script's own directory.
import gunicorn_harness as server
import requests
from quiz_takers import machine_load, percentile

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-phone-password"
POLL_SECONDS = 2.0
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BAR_COUNT = re.compile(r'data-testid="bar-count">(\d+)<')
KINDS = ("state GET", "step GET", "answer POST", "host POST", "host GET")


# ---- database side: run as a child process with the server's environment --------------------------


def _setup() -> None:
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import django

    django.setup()


def prepare(workdir: Path, phones: int) -> None:
    """Migrate, collect static files, create the phones' accounts, the host, the quiz and tonight's evening."""
    _setup()
    import datetime

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from core.roles import TRAINEE
    from quizzes.models import Choice, Question, Quiz, QuizQuestion
    from studysessions.models import StudySeries
    from studysessions.schedule.occurrences import local_zone
    from studysessions.schedule.services import materialise

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    User = get_user_model()
    password = make_password(PASSWORD)  # one real hash shared by every account
    names = [f"bench-phone-{n:02d}" for n in range(1, phones + 1)]
    today = timezone.localtime(timezone.now(), local_zone()).date()
    with transaction.atomic():
        users = User.objects.bulk_create([User(username=n, password=password) for n in [*names, "bench-host"]])
        trainee = Group.objects.get(name=TRAINEE)
        User.groups.through.objects.bulk_create([User.groups.through(user_id=u.pk, group_id=trainee.pk) for u in users])
        question = Question.objects.create(kind="single", stem="巡察组进驻后首先做什么？", points=1)
        choices = [
            Choice.objects.create(question=question, text=text, is_correct=correct, sort_order=i)
            for i, (text, correct) in enumerate([("召开动员会", True), ("个别谈话", False), ("调阅资料", False)])
        ]
        quiz = Quiz.objects.create(title="夜学基准测验", slug="bench-evening-quiz")
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=1)
        series = StudySeries.objects.create(
            title="基准夜学",
            place="三楼会议室",
            host=users[-1],
            weekdays=["MO", "TU", "WE", "TH", "FR", "SA", "SU"][today.weekday()],
            first_date=today,
            start_time=datetime.time(0, 0),
            end_time=datetime.time(23, 59),
        )
        slot_start = datetime.datetime.combine(today, datetime.time(0, 0), tzinfo=local_zone())
        session = materialise(series=series, slot_start=slot_start)
        session.agenda = [
            ("talk", {"speaker": "老巡察员", "topic": "第一次进驻", "notes": "先听汇报，再谈话。"}),
            ("quiz", {"quiz": quiz}),
        ]
        session.save()
    plan = {
        "key": f"{series.pk}-{int(slot_start.timestamp())}",
        "users": names,
        "host": "bench-host",
        "password": PASSWORD,
        "question_step": 3,  # 1 talk, 2 quiz intro, 3 the question (as the host types it)
        "choices": [c.pk for c in choices],
        "question": question.pk,
        "quiz": quiz.pk,
    }
    (workdir / "plan.json").write_text(json.dumps(plan))


def verify(workdir: Path) -> None:
    """Compare the stored answers with what each phone sent."""
    _setup()
    from quizzes.models import AttemptAnswer

    plan = json.loads((workdir / "plan.json").read_text())
    sent = json.loads((workdir / "sent.json").read_text())
    stored = {
        a.attempt.user.username: a
        for a in AttemptAnswer.objects.filter(
            question_id=plan["question"], attempt__quiz_id=plan["quiz"]
        ).select_related("attempt__user")
    }
    lost, problems = 0, []
    for username, choice in sent.items():
        row = stored.get(username)
        if row is None or row.answered_at is None or row.response != {"choices": [choice]}:
            lost += 1
            problems.append(f"{username}: sent {choice}, stored {row and row.response}")
    result = {"stored": sum(1 for a in stored.values() if a.answered_at), "lost": lost, "problems": problems[:10]}
    (workdir / "verified.json").write_text(json.dumps(result))


def run_db_phase(phase: str, workdir: Path, env: dict, *extra: str) -> dict:
    subprocess.run([sys.executable, __file__, phase, str(workdir), *extra], env=env, cwd=ROOT, check=True, timeout=900)
    return json.loads((workdir / {"prepare": "plan.json", "verify": "verified.json"}[phase]).read_text())


# ---- client side -----------------------------------------------------------------------------------


class Client:
    """One browser: a requests.Session, every measured request timed, every failure counted."""

    def __init__(self, base: str):
        self.base = base
        self.session = requests.Session()
        self.measuring = False
        self.timings: list[tuple[str, float, float]] = []  # (kind, seconds, sent at)
        self.errors: list[tuple[str, str]] = []

    def call(self, kind, method, path, expect, data=None):
        started = time.perf_counter()
        try:
            response = self.session.request(method, self.base + path, data=data, allow_redirects=False, timeout=30)
            problem = f"HTTP {response.status_code}" if response.status_code >= 400 else expect(response)
        except requests.RequestException as error:
            response, problem = None, type(error).__name__
        if self.measuring:
            self.timings.append((kind, time.perf_counter() - started, started))
        if problem:
            self.errors.append((kind, problem))
            return None
        return response

    def log_in(self, username: str, password: str, next_path: str) -> bool:
        page = self.call("login", "GET", "/accounts/login/", ok_200)
        if page is None:
            return False
        token = CSRF_INPUT.search(page.text).group(1)
        form = {"username": username, "password": password, "csrfmiddlewaretoken": token, "next": next_path}
        return self.call("login", "POST", "/accounts/login/", redirected, form) is not None

    @property
    def csrf(self) -> str:
        return self.session.cookies.get("csrftoken", "")


def ok_200(response) -> str | None:
    return None if response.status_code == 200 else f"status {response.status_code}"


def redirected(response) -> str | None:
    return None if response.status_code == 302 else f"status {response.status_code}"


def answer_confirmed(response) -> str | None:
    if response.status_code != 200:
        return f"status {response.status_code}"
    return None if 'data-testid="my-answer"' in response.text else "answer not shown as submitted"


def state_problem(response) -> str | None:
    if response.status_code != 200:
        return f"status {response.status_code}"
    try:
        response.json()
    except ValueError:
        return "not JSON"
    return None


class Phone(threading.Thread):
    def __init__(self, *, index: int, username: str, plan: dict, base: str, clock: "Clock"):
        super().__init__(name=username, daemon=True)
        self.username, self.plan, self.clock = username, plan, clock
        self.client = Client(base)
        self.rng = random.Random(index)
        self.choice = self.rng.choice(plan["choices"])
        # A random moment after the question opens and before the host reveals.
        # A random moment after the question opens, leaving a few polls before the host reveals.
        self.answer_after = self.rng.uniform(clock.open_at + 1, clock.reveal_at - 8)
        self.answered = False
        self.saw_distribution = False

    def run(self) -> None:
        key = self.plan["key"]
        follow = f"/sessions/{key}/follow/"
        with self.clock.login_gate:
            logged_in = self.client.log_in(self.username, self.plan["password"], follow)
            if logged_in:
                logged_in = self.client.call("login", "GET", follow, ok_200) is not None
        try:
            self.clock.barrier.wait(timeout=300)
        except threading.BrokenBarrierError:
            self.client.errors.append(("start", "barrier broken"))
            return
        if not logged_in:
            return
        self.client.measuring = True
        try:
            self.follow(key)
        except Exception as error:  # a bug in the bench must show as an error, not as a quiet thread
            self.client.errors.append(("phone", f"stopped: {error!r}"))

    def follow(self, key: str) -> None:
        version, question_open = "", False
        next_poll = self.clock.start + self.rng.uniform(0, POLL_SECONDS)  # phones do not poll in step
        while True:
            now = time.perf_counter()
            if now >= self.clock.end:
                return
            if question_open and not self.answered and now - self.clock.start >= self.answer_after:
                self.answer(key)
            time.sleep(max(0.0, next_poll - time.perf_counter()))
            next_poll += POLL_SECONDS
            state = self.client.call("state GET", "GET", f"/sessions/{key}/state/?v={version}", state_problem)
            if state is None or not state.json()["changed"]:
                continue
            state = state.json()
            version, question_open = str(state["version"]), state["question"] is not None
            # room.js: the version moved, fetch the step after a random pause of up to 1 s.
            time.sleep(self.rng.uniform(0, 1))
            step = self.client.call("step GET", "GET", f"/sessions/{key}/follow/?part=1", ok_200)
            if step is not None and state["revealed"] and 'data-testid="distribution"' in step.text:
                self.saw_distribution = True

    def answer(self, key: str) -> None:
        self.answered = True
        data = {"choice": str(self.choice), "csrfmiddlewaretoken": self.client.csrf}
        if self.client.call("answer POST", "POST", f"/sessions/{key}/live-answer/", redirected, data):
            # The phone follows the redirect: the page must now show the answer as submitted.
            self.client.call("step GET", "GET", f"/sessions/{key}/follow/", answer_confirmed)


class Clock:
    """The evening's timeline, shared by the host and the phones (perf_counter seconds)."""

    def __init__(self, *, phones: int, seconds: float, logins_at_once: int):
        self.login_gate = threading.Semaphore(logins_at_once)
        # The phones, the host, the main thread; the clock starts before any of them goes on.
        self.barrier = threading.Barrier(phones + 2, action=self.begin)
        self.seconds = seconds
        self.open_at = 5.0
        self.reveal_at = seconds - 5.0
        self.start = self.end = 0.0

    def begin(self) -> None:
        self.start = time.perf_counter()
        self.end = self.start + self.seconds


class Host(threading.Thread):
    def __init__(self, *, plan: dict, base: str, clock: Clock):
        super().__init__(name="host", daemon=True)
        self.plan, self.clock = plan, clock
        self.client = Client(base)
        self.shown_count: int | None = None

    def run(self) -> None:
        key = self.plan["key"]
        present = f"/sessions/{key}/present/"
        logged_in = self.client.log_in(self.plan["host"], self.plan["password"], present)
        # Opening the room is the host's POST (a GET writes nothing); it redirects to the projector.
        opened = (
            None
            if not logged_in
            else self.client.call("login", "POST", present, redirected, {"csrfmiddlewaretoken": self.client.csrf})
        )
        logged_in = opened is not None and self.client.call("login", "GET", present, ok_200) is not None
        try:
            self.clock.barrier.wait(timeout=300)
        except threading.BrokenBarrierError:
            return
        if not logged_in:
            self.client.errors.append(("host", "could not log in"))
            return
        self.client.measuring = True
        control = f"/sessions/{key}/present/control/"
        self.wait_until(self.clock.open_at)
        self.press(control, action="goto", index=str(self.plan["question_step"]))
        self.press(control, action="open_question")
        self.wait_until(self.clock.reveal_at)
        self.press(control, action="reveal")
        page = self.client.call("host GET", "GET", present, ok_200)
        if page is not None:
            self.shown_count = sum(int(n) for n in BAR_COUNT.findall(page.text))

    def press(self, control: str, **data) -> None:
        self.client.call("host POST", "POST", control, redirected, {**data, "csrfmiddlewaretoken": self.client.csrf})

    def wait_until(self, offset: float) -> None:
        time.sleep(max(0.0, self.clock.start + offset - time.perf_counter()))


def run_evening(plan: dict, base: str, args, master_pid: int):
    clock = Clock(phones=len(plan["users"]), seconds=args.seconds, logins_at_once=args.workers)
    phones = [Phone(index=i, username=name, plan=plan, base=base, clock=clock) for i, name in enumerate(plan["users"])]
    host = Host(plan=plan, base=base, clock=clock)
    for thread in [host, *phones]:
        thread.start()
    clock.barrier.wait(timeout=300)  # everyone is logged in: the measured part starts now
    cpu_before = server.workers_cpu_seconds(master_pid)
    for thread in [host, *phones]:
        thread.join()
    return phones, host, time.perf_counter() - clock.start, server.workers_cpu_seconds(master_pid) - cpu_before


def bench_database(label: str, server_url: str | None, args) -> dict:
    with server.throwaway_database(label, server_url, "room") as (workdir, database_url):
        env = server.server_env(workdir, database_url, args.conn_max_age)
        print(f"{label}: preparing {args.phones} phones and the evening in {workdir} ...", flush=True)
        plan = run_db_phase("prepare", workdir, env, str(args.phones))
        with server.serving(args, env, workdir) as (base, pid, log_path):
            print(f"{label}: gunicorn on {base}, {args.phones} phones for {args.seconds:g} s ...", flush=True)
            phones, host, seconds, cpu = run_evening(plan, base, args, pid)
        sent = {p.username: p.choice for p in phones if p.answered}
        (workdir / "sent.json").write_text(json.dumps(sent))
        verified = run_db_phase("verify", workdir, env)
        # Planned answers never sent (a phone that stopped early) are lost too.
        verified["lost"] += len(phones) - len(sent)
        return {
            "label": label, "phones": phones, "host": host, "seconds": seconds, "cpu": cpu, "verified": verified,
            "log": server.scan_log(log_path), "log_path": log_path,
        }  # fmt: skip


def print_report(result: dict, args) -> bool:
    clients = [p.client for p in result["phones"]] + [result["host"].client]
    timings = [t for c in clients for t in c.timings]
    errors = [e for c in clients for e in c.errors]
    latencies = [t[1] for t in timings]
    verified, host = result["verified"], result["host"]
    workers = f"{args.workers} {args.worker_class} workers"
    print(f"\n{result['label']} · gunicorn {workers} · CONN_MAX_AGE {args.conn_max_age}")
    print(f"machine: {os.cpu_count()} CPUs, {machine_load()} (other work on the machine slows every request)")
    header = f"{'phones':>6} | {'requests':>8} | {'req/s':>6} | {'p50 ms':>6} | {'p95 ms':>6} | {'errors':>6} | "
    print(header + "answers lost")
    print("-" * 72)
    print(
        f"{len(result['phones']):>6} | {len(timings):>8} | {len(timings) / result['seconds']:>6.1f} | "
        f"{percentile(latencies, 0.5) * 1000:>6.1f} | {percentile(latencies, 0.95) * 1000:>6.1f} | "
        f"{len(errors):>6} | {verified['lost']:>12}"
    )
    print(f"\n{'request':>12} | {'count':>5} | {'p50 ms':>6} | {'p95 ms':>6} | {'max ms':>6}")
    for kind in KINDS:
        values = [t[1] for t in timings if t[0] == kind]
        p50, p95, top = (percentile(values, p) * 1000 for p in (0.5, 0.95, 1.0))
        print(f"{kind:>12} | {len(values):>5} | {p50:>6.1f} | {p95:>6.1f} | {top:>6.1f}")
    cpu_ms = result["cpu"] * 1000 / max(1, len(timings))
    saw = sum(p.saw_distribution for p in result["phones"])
    print(
        f"\nwall time {result['seconds']:.1f} s; answers stored {verified['stored']}; projector showed "
        f"{host.shown_count} answers; {saw} phones saw the distribution; gunicorn CPU {cpu_ms:.1f} ms per request"
    )
    log = result["log"]
    print(f"server log: {log['server errors']} server errors, {log['database is locked']} of them 'database is locked'")
    if log["first error"]:
        print(f"  first: {log['first error']}")
    for (kind, problem), count in Counter(errors).most_common(8):
        print(f"  {kind}: {problem} x {count}")
    for line in verified["problems"][:5]:
        print(f"  {line}")
    clean = not (errors or log["server errors"] or verified["lost"] or host.shown_count != verified["stored"])
    if not clean:
        print(f"  (log kept: {result['log_path']})")
    return clean


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres", "all"], default="all")
    parser.add_argument("--phones", type=int, default=60)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=3, help="as the deployment's gunicorn.conf.py")
    parser.add_argument("--worker-class", choices=["sync", "gthread"], default="sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker with gthread")
    parser.add_argument("--conn-max-age", type=int, default=60, help="as site/deploy/env.example")
    parser.add_argument("--keep", action="store_true", help="keep the temp dirs even when all went well")
    args = parser.parse_args()
    if args.seconds < 20:
        raise SystemExit("--seconds must leave time to open, answer and reveal (at least 20)")

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
        if print_report(result, args) and not args.keep:
            shutil.rmtree(result["log_path"].parent)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "prepare":
        prepare(Path(sys.argv[2]), int(sys.argv[3]))
    elif len(sys.argv) > 2 and sys.argv[1] == "verify":
        verify(Path(sys.argv[2]))
    else:
        main()
