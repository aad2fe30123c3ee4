"""Benchmark: the regulation import's articles per second, and other people's saves while it runs.

For each size, the old path (``regulations.services.import_regulation`` inside one transaction, as the admin's
confirmation ran it in the request: parse, page, every article, the index and the revision under one write
lock) and the background job (``regulations.import_jobs.run_regulation_import``: what the worker runs) import a
generated regulation into a throwaway SQLite file (the project's WAL, BEGIN IMMEDIATE and 20 s busy timeout)
with the Whoosh index, while ``--savers`` threads save quiz answers through ``quizzes.api.save_answer``, pausing
``--think`` seconds between two. Prints articles per second, the p95 and the longest of the other saves, and
how many failed. Not a test: run it by hand.

    .venv/bin/python bench/regulation_import_writes.py [--sizes 1000,3000] [--savers 20] [--paths before,after]
"""

import argparse
import multiprocessing
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,3000")
    parser.add_argument("--savers", type=int, default=20)
    parser.add_argument("--paths", default="before,after")
    # A person's pause between two answers; with none, 20 threads keep the lock busy without a gap.
    parser.add_argument("--think", type=float, default=0.2)
    args = parser.parse_args()

    workdir = tempfile.mkdtemp(prefix="xcxt-bench-")
    os.environ["XCXT_VAR_DIR"] = workdir
    # Always a throwaway database, even where DATABASE_URL points at a real one.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": f"{workdir}/index", "WRITE_TIMEOUT": 30}
    }
    from regulation_import import generated_text

    from quizzes.api import save_answer, start_attempt
    from quizzes.models import Choice, Question, QuestionKind, Quiz, QuizQuestion
    from regulations.import_jobs import run_regulation_import
    from regulations.models import ImportStatus, RegulationArticle
    from regulations.services import ensure_library, import_regulation, record_import_attempt

    call_command("migrate", verbosity=0)
    users = get_user_model().objects
    editor = users.create(username="bench-editor", is_superuser=True)
    ensure_library()
    quiz = Quiz.objects.create(title="基准测验", slug="bench-quiz")
    answers = []
    for n in range(2):
        question = Question.objects.create(kind=QuestionKind.SINGLE, stem=f"基准测验题{n}")
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=n)
        answers.append(
            [
                {"choices": [Choice.objects.create(question=question, text=t, is_correct=c, sort_order=i).pk]}
                for i, (t, c) in enumerate([("对", True), ("错", False)])
            ]
        )
    attempts = [start_attempt(quiz=quiz, user=users.create(username=f"bench-taker{n}")) for n in range(args.savers)]
    connection.close()

    def measure(path: str, size: int) -> tuple:
        source = generated_text(size).encode("utf-8")
        title = f"基准测试条例{path}{size}"
        if path == "after":
            job = record_import_attempt(
                source=source,
                filename="bench.txt",
                title=title,
                revises=None,
                user=editor,
                status=ImportStatus.QUEUED,
                articles=size,
            )
            connection.close()
        finished = threading.Event()
        waits: list[float] = []
        failures: list[str] = []
        ready = threading.Barrier(args.savers + 1)

        def save_answers(slot: int) -> None:
            try:
                # Already at work when the import starts: a new connection's first save is not the import's doing.
                save_answer(attempt=attempts[slot], position=1, raw=answers[0][1])
                ready.wait()
                for n in range(10**6):
                    if finished.wait(args.think if n else 0):
                        break
                    started = time.monotonic()
                    try:
                        save_answer(attempt=attempts[slot], position=1 + n % 2, raw=answers[n % 2][(n // 2) % 2])
                        waits.append(time.monotonic() - started)
                    except Exception as error:  # "database is locked" is what this bench looks for
                        failures.append(type(error).__name__)
            finally:
                connection.close()

        go = multiprocessing.get_context("fork").Event()

        def importer() -> None:
            # The worker's own process, as in production (in a thread it would share the savers' GIL).
            code = 1
            try:
                connections["default"] = type(connections["default"])(connection.settings_dict, "default")
                go.wait(timeout=60)
                if path == "after":
                    run_regulation_import(import_id=job.pk)
                    job.refresh_from_db()
                    assert job.status == ImportStatus.IMPORTED, job.error
                else:
                    with transaction.atomic():
                        import_regulation(source=source, filename="bench.txt", title=title, user=editor)
                assert RegulationArticle.objects.filter(regulation__title=title).count() == size
                code = 0
            finally:
                os._exit(code)

        connection.close()
        worker = multiprocessing.get_context("fork").Process(target=importer)
        worker.start()  # before the threads, so the fork copies none of them
        threads = [threading.Thread(target=save_answers, args=(slot,)) for slot in range(args.savers)]
        for thread in threads:
            thread.start()
        ready.wait()
        started = time.monotonic()
        go.set()
        worker.join()
        seconds = time.monotonic() - started
        finished.set()
        for thread in threads:
            thread.join()
        assert worker.exitcode == 0, f"the {path} import failed"
        return path, size, seconds, size / seconds, len(waits), percentile(waits, 0.95), max(waits), len(failures)

    results = [measure(path, int(size)) for size in args.sizes.split(",") for path in args.paths.split(",")]
    print(
        f"\nRegulation import on SQLite (WAL, BEGIN IMMEDIATE) with Whoosh, {args.savers} people saving answers"
        f" every {args.think} s"
    )
    print(f"{'path':<7}{'articles':>9}{'seconds':>9}{'art./s':>8}{'saves':>7}{'p95 ms':>8}{'max ms':>8}{'failed':>7}")
    for path, size, seconds, rate, saves, p95, longest, failed in results:
        timing = f"{seconds:>9.1f}{rate:>8.0f}{saves:>7}{p95 * 1000:>8.0f}{longest * 1000:>8.0f}"
        print(f"{path:<7}{size:>9}{timing}{failed:>7}")
    print("before: regulations.services.import_regulation in one transaction, as the admin's confirmation ran it")
    print("after:  regulations.import_jobs.run_regulation_import, what the worker runs: batches of 200, one index call")


if __name__ == "__main__":
    main()
