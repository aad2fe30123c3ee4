"""A 5,000-row question import while 20 other people save quiz answers (issue 13).

The import runs in a forked process, as the worker does in production: in a thread it would share the
test's GIL, and people's saves would wait for Python, not for the database.

On SQLite the threads share a file copy of the test database (the in-memory one cannot be shared between
connections that wait for each other), with the project's WAL, BEGIN IMMEDIATE and busy timeout; on PostgreSQL
(DATABASE_URL) they use the test database itself. Marked ``slow``: it runs in ``bash scripts/test.sh`` and
can be left out with ``-m "not slow"``.
"""

from __future__ import annotations

import multiprocessing
import os
import sqlite3
import threading
import time
import traceback

import pytest
from django.db import connection, connections

from quizzes import spreadsheet_format as fmt
from quizzes.api import save_answer, start_attempt
from quizzes.models import ImportState, Question, QuestionImport
from quizzes.spreadsheet_jobs import run_question_import
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionCategoryFactory, QuestionFactory, QuizFactory
from tests.quizzes.workbooks import single_row, workbook

ROWS = 5000
SAVERS = 20
#: Longest any one save may take, waiting for the lock included.
MAX_WAIT_SECONDS = 2.0
#: Each saver stops after this many saves even if the import is still running (the loop ends by itself).
MAX_SAVES = 3000
#: A person's pause between two answers (a fast one: five answers a second). Twenty threads saving with no
#: pause at all keep SQLite's lock busy without a gap, and any other writer, this import or a 21st person,
#: waits out the busy timeout: that measures the GIL and SQLite's unfair busy handler, not the import.
THINK_SECONDS = 0.2


@pytest.fixture
def thread_database(tmp_path):
    """Settings for the threads' connections: a file copy of the SQLite test database, taken when called."""

    def settings() -> dict | None:
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            return None
        path = tmp_path / "concurrent.sqlite3"
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
            # Set once here: 21 connections switching a new file to WAL at the same moment would trip over each other.
            target.execute("PRAGMA journal_mode=WAL")
        finally:
            target.close()
        return {**connection.settings_dict, "NAME": str(path)}

    return settings


def _own_connection(settings: dict | None) -> None:
    if settings:
        connections["default"] = type(connections["default"])(settings, "default")
    connection.ensure_connection()


def _worker(settings: dict | None, job_id: int, go) -> None:
    """The background worker: a process of its own, as in production, with a connection of its own."""
    code = 1
    try:
        connections["default"] = type(connections["default"])(settings or connection.settings_dict, "default")
        go.wait(timeout=60)
        run_question_import(job_id=job_id)
        code = 0
    finally:
        os._exit(code)  # nothing of the test run (database teardown, pytest's exit) in this copy of it


def _read_in_thread(settings: dict | None, read):
    """Read what the threads wrote, from the database they wrote to."""
    found = []

    def work():
        try:
            _own_connection(settings)
            found.append(read())
        finally:
            connection.close()

    thread = threading.Thread(target=work)
    thread.start()
    thread.join(timeout=60)
    return found[0]


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_5000_row_import_runs_while_20_people_save_answers(thread_database):
    parent = QuestionCategoryFactory(name="巡察工作条例")
    QuestionCategoryFactory(name="巡察程序", parent=parent)
    questions = [QuestionFactory(stem=f"测验题{n}") for n in range(2)]
    quiz = QuizFactory(questions=questions)
    attempts = [start_attempt(quiz=quiz, user=UserFactory()) for _ in range(SAVERS)]
    choices = [[{"choices": [c.pk]} for c in q.choices.all()] for q in questions]
    data = workbook(*(single_row(**{fmt.STEM: f"第{n}题：巡察组对谁负责并报告工作？"}) for n in range(ROWS)))
    job = QuestionImport.objects.create(user=UserFactory(), file_name="五千题.xlsx", rows=ROWS, data=data)

    settings = thread_database()
    barrier = threading.Barrier(SAVERS + 1, timeout=60)
    finished = threading.Event()
    waits: list[list[float]] = [[] for _ in range(SAVERS)]
    errors: list[BaseException] = []

    go = multiprocessing.get_context("fork").Event()
    # Started before the threads, so the fork copies none of them.
    worker = multiprocessing.get_context("fork").Process(target=_worker, args=(settings, job.pk, go))
    worker.start()

    def run_import():
        try:
            barrier.wait()
            go.set()
            worker.join(timeout=240)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()
        finally:
            finished.set()

    def save_answers(slot: int):
        try:
            _own_connection(settings)
            # Already at work when the import starts: the first save on a new connection is not the import's doing.
            save_answer(attempt=attempts[slot], position=1, raw=choices[0][1])
            barrier.wait()
            for n in range(MAX_SAVES):
                # The pause ends early, and the loop with it, when the import has finished.
                if finished.wait(THINK_SECONDS if n else 0):
                    break
                raw = choices[n % 2][(n // 2) % 2]  # a different answer each time: every save writes
                started = time.monotonic()
                save_answer(attempt=attempts[slot], position=1 + n % 2, raw=raw)
                waits[slot].append(time.monotonic() - started)
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()
        finally:
            connection.close()

    threads = [threading.Thread(target=run_import)]
    threads += [threading.Thread(target=save_answers, args=(slot,)) for slot in range(SAVERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert not any(thread.is_alive() for thread in threads) and worker.exitcode == 0
    assert errors == [], "".join(traceback.format_exception(errors[0])) if errors else ""
    outcome = _read_in_thread(
        settings,
        lambda: (QuestionImport.objects.values_list("state", "error", "created").get(), Question.objects.count()),
    )
    assert outcome == ((ImportState.DONE, "", ROWS), ROWS + len(questions))
    everyone = [wait for slot in waits for wait in slot]
    assert all(waits), "every person saved at least once during the import"
    assert max(everyone) < MAX_WAIT_SECONDS, f"slowest save {max(everyone):.2f} s of {len(everyone)}"
