"""The bulk-write benches' harness (bench/question_import.py, bench/regulation_import_writes.py): a bulk write
runs in its own process, as the worker would, while ``--savers`` people save quiz answers through
``quizzes.api.save_answer``, pausing ``--think`` seconds between two, against a throwaway SQLite file (the
project's WAL, BEGIN IMMEDIATE and 20 s busy timeout) with the Whoosh index. Measures the write's seconds and
the other saves' waits and failures, and prints the table."""

import argparse
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from throwaway_django import setup_throwaway_django


def arguments(*, default_sizes: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default=default_sizes)
    parser.add_argument("--savers", type=int, default=20)
    parser.add_argument("--paths", default="before,after")
    # A person's pause between two answers; with none, 20 threads keep the lock busy without a gap.
    parser.add_argument("--think", type=float, default=0.2)
    return parser.parse_args()


def setup_and_migrate() -> None:
    """Django on a throwaway SQLite file with the Whoosh index in the same temp dir, migrated."""
    setup_throwaway_django(whoosh_index=True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


@dataclass(frozen=True)
class Savers:
    """One started attempt per saver at a two-question quiz, and each question's two answers."""

    attempts: list
    answers: list[list[dict]]


def quiz_savers(*, count: int) -> Savers:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from quizzes.api import start_attempt
    from quizzes.models import Choice, Question, QuestionKind, Quiz, QuizQuestion

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
    users = get_user_model().objects
    attempts = [start_attempt(quiz=quiz, user=users.create(username=f"bench-taker{n}")) for n in range(count)]
    connection.close()
    return Savers(attempts=attempts, answers=answers)


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def saves_during(write: Callable[[], None], *, savers: Savers, think: float, what: str) -> tuple:
    """Runs ``write`` in a forked process once every saver is at work; returns its seconds, the saves' waits
    and the names of the saves' errors. ``write`` fails the bench by raising (``what`` names it)."""
    from django.db import connection, connections

    from quizzes.api import save_answer

    count = len(savers.attempts)
    finished = threading.Event()
    waits: list[float] = []
    failures: list[str] = []
    ready = threading.Barrier(count + 1)

    def save_answers(slot: int) -> None:
        attempt, answers = savers.attempts[slot], savers.answers
        try:
            # Already at work when the write starts: a new connection's first save is not the write's doing.
            save_answer(attempt=attempt, position=1, raw=answers[0][1])
            ready.wait()
            for n in range(10**6):
                if finished.wait(think if n else 0):
                    break
                started = time.monotonic()
                try:
                    save_answer(attempt=attempt, position=1 + n % 2, raw=answers[n % 2][(n // 2) % 2])
                    waits.append(time.monotonic() - started)
                except Exception as error:  # "database is locked" is what these benches look for
                    failures.append(type(error).__name__)
        finally:
            connection.close()

    go = multiprocessing.get_context("fork").Event()

    def writer() -> None:
        # The worker's own process, as in production (in a thread it would share the savers' GIL).
        code = 1
        try:
            connections["default"] = type(connections["default"])(connection.settings_dict, "default")
            go.wait(timeout=60)
            write()
            code = 0
        finally:
            os._exit(code)

    connection.close()
    worker = multiprocessing.get_context("fork").Process(target=writer)
    worker.start()  # before the threads, so the fork copies none of them
    threads = [threading.Thread(target=save_answers, args=(slot,)) for slot in range(count)]
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
    assert worker.exitcode == 0, f"{what} failed"
    return seconds, waits, failures


def measured_row(path: str, size: int, seconds: float, waits: list[float], failures: list[str]) -> tuple:
    return path, size, seconds, size / seconds, len(waits), percentile(waits, 0.95), max(waits), len(failures)


def print_table(*, title: str, unit: str, rate: str, rows: list[tuple], notes: list[str]) -> None:
    """One line per ``measured_row``: the path, its size in ``unit``, seconds, ``rate`` per second, the saves,
    their p95 and longest wait and how many failed; then ``notes``."""
    print(title)
    width = max(len(unit) + 1, 6)
    print(f"{'path':<7}{unit:>{width}}{'seconds':>9}{rate:>8}{'saves':>7}{'p95 ms':>8}{'max ms':>8}{'failed':>7}")
    for path, size, seconds, per_second, saves, p95, longest, failed in rows:
        timing = f"{seconds:>9.1f}{per_second:>8.0f}{saves:>7}{p95 * 1000:>8.0f}{longest * 1000:>8.0f}"
        print(f"{path:<7}{size:>{width}}{timing}{failed:>7}")
    for note in notes:
        print(note)
