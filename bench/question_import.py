"""Benchmark: the question import's rows per second, and other people's saves while it runs.

For each size, the old synchronous path (``quizzes.spreadsheets.import_question_bank``: one transaction, one
search-index commit per question, still callable) and the background job's batches
(``quizzes.spreadsheet_jobs.run_question_import``) import a generated workbook into a throwaway SQLite file
(the project's WAL, BEGIN IMMEDIATE and 20 s busy timeout) with the Whoosh index, while ``--savers`` threads
save quiz answers through ``quizzes.api.save_answer``, pausing ``--think`` seconds between two. Prints rows
per second, and the p95 and the longest of the other saves, and how many failed. Not a test: run it by hand.

    .venv/bin/python bench/question_import.py [--sizes 1000,5000] [--savers 20] [--paths before,after]
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


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,5000")
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
    from django.db import connection, connections

    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": f"{workdir}/index", "WRITE_TIMEOUT": 30}
    }
    from quizzes import spreadsheet_format as fmt
    from quizzes.api import save_answer, start_attempt
    from quizzes.models import Choice, Question, QuestionCategory, QuestionImport, QuestionKind, Quiz, QuizQuestion
    from quizzes.spreadsheet_jobs import run_question_import
    from quizzes.spreadsheets import import_question_bank
    from tests.quizzes.workbooks import single_row, workbook

    call_command("migrate", verbosity=0)
    users = get_user_model().objects
    editor = users.create(username="bench-editor", is_superuser=True)
    parent = QuestionCategory.objects.create(name="巡察工作条例", slug="bench-regulation")
    QuestionCategory.objects.create(name="巡察程序", slug="bench-procedure", parent=parent)
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
        data = workbook(*(single_row(**{fmt.STEM: f"{path}{size}第{n}题：巡察组对谁负责？"}) for n in range(size)))
        if path == "after":
            job = QuestionImport.objects.create(user=editor, file_name="bench.xlsx", rows=size, data=data)
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
                    run_question_import(job_id=job.pk)
                    assert QuestionImport.objects.get(pk=job.pk).error == ""
                else:
                    import_question_bank(data=data, user=editor)
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
        f"\nQuestion import on SQLite (WAL, BEGIN IMMEDIATE) with Whoosh, {args.savers} people saving answers"
        f" every {args.think} s"
    )
    print(f"{'path':<7}{'rows':>6}{'seconds':>9}{'rows/s':>8}{'saves':>7}{'p95 ms':>8}{'max ms':>8}{'failed':>7}")
    for path, size, seconds, rate, saves, p95, longest, failed in results:
        timing = f"{seconds:>9.1f}{rate:>8.0f}{saves:>7}{p95 * 1000:>8.0f}{longest * 1000:>8.0f}"
        print(f"{path:<7}{size:>6}{timing}{failed:>7}")
    print("before: quizzes.spreadsheets.import_question_bank, one transaction, one index commit per question")
    print("after:  quizzes.spreadsheet_jobs.run_question_import, what the worker runs: batches, one index call each")


if __name__ == "__main__":
    main()
