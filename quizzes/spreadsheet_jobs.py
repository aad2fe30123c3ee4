"""The background question import: a checked workbook written in short batches, all of it or none of it.

Run by the worker through :mod:`quizzes.tasks`. Three steps:

1. Batches of :data:`BATCH_ROWS` rows, each in its own short transaction, so SQLite's write lock is held for
   a fraction of a second at a time, with a pause after each so that other people's saves slip in between.
   Each batch records in the job's ``undo`` (in the same transaction) which questions it created and what
   the ones it changed said before. Per-object search indexing is suspended meanwhile
   (:mod:`quizzes.indexing`), and new questions are written with ``bulk_create``, which sends no ``post_save``.
2. Only when every batch has committed does the job say 完成 (its ``undo`` dropped), and then the search index
   is written: one ``add_bulk`` call per batch of questions, instead of one Whoosh commit per question. So a
   failed import has no index entries to take back. An index failure (or a worker killed while indexing) is
   logged and does not undo the import, as for any editor's save; ``manage.py update_index`` repairs it.
3. If any batch fails, the earlier batches are taken back from ``undo`` (new questions deleted, changed ones
   restored, again in short transactions) and the job says 失败 with the reason.

A worker killed half-way (``kill -9``, a power cut) leaves its job 导入中 with ``undo`` kept. The job's
``heartbeat_at`` is touched by every batch; :func:`recover_interrupted_imports` (``manage.py
recover_interrupted_imports``, run before the worker starts) takes back a job whose heartbeat is older than
:data:`STALE_AFTER` exactly as a failed import is taken back. Each batch first checks, under the job's row
lock, that the job is still 导入中, so a worker that was only slow stops instead of writing on.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from datetime import timedelta

from django.db import connection, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.search.backends import get_search_backends

from quizzes import spreadsheet_format as fmt
from quizzes.indexing import per_object_indexing_suspended
from quizzes.models import BlankAnswer, Choice, ImportState, Question, QuestionImport
from quizzes.spreadsheet_reading import read_bank
from quizzes.spreadsheet_rows import BankRow, ImportRejected, QuestionSpec, RowError, questions_for_specs
from quizzes.spreadsheets import deleted_message, question_fields, update_parts

__all__ = [
    "BATCH_ROWS",
    "STALE_AFTER",
    "interrupted_message",
    "is_stuck",
    "recover_import",
    "recover_interrupted_imports",
    "run_question_import",
]

logger = logging.getLogger(__name__)

#: Rows per transaction: a few hundredths of a second of SQLite's write lock each (bench/question_import.py).
BATCH_ROWS = 100
#: On SQLite, the pause after each batch, as a share of the time the batch held the write lock, and its floor.
#: Writers waiting for the lock poll it (SQLite's busy handler, every 100 ms at most), while the next batch would
#: take it again within microseconds: without a pause, the same few people waited out the whole import.
PAUSE_SHARE = 1.0
PAUSE_FLOOR_SECONDS = 0.25
#: Problems listed in a failed job's message; the rest are counted.
_SHOWN_PROBLEMS = 10
#: A job 导入中 whose last batch is older than this was left by a worker that is gone. A batch takes well under a
#: second, and waits at most the database's 20 s busy timeout.
STALE_AFTER = timedelta(minutes=10)


class _Interrupted(Exception):
    """The job is no longer 导入中: a recovery took it back while this worker was still at it."""


def run_question_import(*, job_id: int) -> None:
    """Import a queued job. Never raises for a bad file or a failed write: the job records the outcome."""
    with transaction.atomic():
        job = QuestionImport.objects.select_for_update().get(pk=job_id)
        if job.state != ImportState.QUEUED:
            return  # already taken by another worker, or retried after it ended
        job.state = ImportState.RUNNING
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["state", "heartbeat_at"])
    try:
        if job.user is None:
            raise ImportRejected([RowError(None, "", _("The person who uploaded the file no longer exists."))])
        bank = read_bank(bytes(job.data), user=job.user)
        changed = _write_in_batches(job, bank)
    except _Interrupted:
        return  # taken back by recover_import, which also marked the job
    except Exception as error:
        if not isinstance(error, ImportRejected):
            logger.exception("Question import %s failed", job.pk)
        kept = _take_back(job)
        _fail(job, _failure_message(error, kept))
        return
    job.state = ImportState.DONE
    job.unchanged = len(bank) - job.created - job.updated
    job.data = b""
    job.undo = {}
    job.finished_at = timezone.now()
    # Every write inside atomic(): BEGIN IMMEDIATE waits for SQLite's lock, where a lone autocommit UPDATE
    # can fail at once ("database is locked") if another connection wrote since it began reading.
    with transaction.atomic():
        if not _still_running(job):
            return
        job.save(update_fields=["state", "unchanged", "data", "undo", "finished_at"])
    _index(changed)


def _still_running(job: QuestionImport) -> bool:
    """Lock the job's row (inside the caller's transaction) and say whether it is still 导入中."""
    locked = QuestionImport.objects.select_for_update().filter(pk=job.pk, state=ImportState.RUNNING)
    return bool(list(locked.values_list("pk", flat=True)))


def _write_in_batches(job: QuestionImport, bank: list[BankRow]) -> list[int]:
    """Write every row, batch by batch; the ids of the questions created or changed."""
    job.undo = {"created": [], "previous": {}}
    changed: list[int] = []
    for batch in _chunks(bank, BATCH_ROWS):
        started = time.monotonic()
        with per_object_indexing_suspended(), transaction.atomic():
            changed += _write_batch(job, batch)
        if connection.vendor == "sqlite":
            time.sleep(max(PAUSE_FLOOR_SECONDS, PAUSE_SHARE * (time.monotonic() - started)))
    return changed


def _write_batch(job: QuestionImport, batch: list[BankRow]) -> list[int]:
    if not _still_running(job):
        raise _Interrupted
    ids = [row.question_id for row in batch if row.question_id]
    # Locked for the batch, so an admin edit cannot land half-way through one question.
    stored = questions_for_specs().select_for_update().in_bulk(ids)
    vanished = [row for row in batch if row.question_id and row.question_id not in stored]
    if vanished:
        raise ImportRejected([RowError(row.row, fmt.ID, deleted_message(row.question_id)) for row in vanished])
    new = create_questions([row.spec for row in batch if row.question_id is None])
    previous: dict[str, dict] = {}
    now = timezone.now()
    for row in batch:
        if row.question_id is None:
            continue
        question = stored[row.question_id]
        before = QuestionSpec.of(question)
        if before == row.spec:
            continue
        previous[str(question.pk)] = _spec_to_json(before)
        _rewrite(question, row.spec, when=now)
        log(instance=question, action="wagtail.edit", user=job.user)
    for question in new:
        log(instance=question, action="wagtail.create", user=job.user)
    job.undo["created"] += [question.pk for question in new]
    job.undo["previous"].update(previous)
    job.created += len(new)
    job.updated += len(previous)
    job.progress += len(batch)
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["undo", "created", "updated", "progress", "heartbeat_at"])
    return [question.pk for question in new] + [int(pk) for pk in previous]


def create_questions(specs: list[QuestionSpec]) -> list[Question]:
    """New questions with their options, blanks, categories and articles, a few queries for the lot.

    ``bulk_create`` sends no ``post_save``, so nothing is indexed here: the caller indexes the questions.
    """
    questions = Question.objects.bulk_create(Question(**question_fields(spec)) for spec in specs)
    pairs = list(zip(questions, specs, strict=True))
    Choice.objects.bulk_create(
        Choice(question=question, text=text, is_correct=correct, sort_order=order)
        for question, spec in pairs
        for order, (text, correct) in enumerate(spec.choices)
    )
    BlankAnswer.objects.bulk_create(
        BlankAnswer(question=question, accepted=accepted, sort_order=order)
        for question, spec in pairs
        for order, accepted in enumerate(spec.blanks)
    )
    for relation, ids_of in ((Question.categories, "category_ids"), (Question.articles, "article_ids")):
        through = relation.through
        own, other = f"{relation.field.m2m_field_name()}_id", f"{relation.field.m2m_reverse_field_name()}_id"
        through.objects.bulk_create(
            through(**{own: question.pk, other: pk}) for question, spec in pairs for pk in getattr(spec, ids_of)
        )
    return questions


def _rewrite(question: Question, spec: QuestionSpec, *, when) -> None:
    """Change a question to say what the spec says, without ``save()`` (whose ``post_save`` would index it)."""
    Question.objects.filter(pk=question.pk).update(**question_fields(spec), updated_at=when)
    update_parts(question, spec)


def _take_back(job: QuestionImport) -> list[int]:
    """Undo what the committed batches wrote; the ids of new questions that could not be deleted."""
    created = job.undo.get("created", [])
    previous = job.undo.get("previous", {})
    kept: list[int] = []
    with per_object_indexing_suspended():
        for chunk in _chunks(created, BATCH_ROWS):
            kept += _delete(chunk)
        for chunk in _chunks(list(previous.items()), BATCH_ROWS):
            with transaction.atomic():
                stored = questions_for_specs().select_for_update().in_bulk([int(pk) for pk, _spec in chunk])
                for pk, spec in chunk:
                    if int(pk) in stored:
                        _rewrite(stored[int(pk)], _spec_from_json(spec), when=timezone.now())
    return kept


def _delete(ids: list[int]) -> list[int]:
    try:
        with transaction.atomic():
            Question.objects.filter(pk__in=ids).delete()
        return []
    except ProtectedError:
        # Someone answered a new question, or put it in a quiz, before the import failed: keep only those.
        kept = []
        for pk in ids:
            try:
                with transaction.atomic():
                    Question.objects.filter(pk=pk).delete()
            except ProtectedError:
                kept.append(pk)
        return kept


def _index(question_ids: list[int]) -> None:
    """Index the imported questions with one call to each search backend per batch."""
    backends = list(get_search_backends(with_auto_update=True))
    for chunk in _chunks(question_ids, BATCH_ROWS):
        questions = list(Question.get_indexed_objects().filter(pk__in=chunk))
        for backend in backends:
            backend.add_bulk(Question, questions)


def _fail(job: QuestionImport, message: str) -> None:
    job.state = ImportState.FAILED
    job.error = message
    job.progress = 0
    job.created = job.updated = 0
    job.data = b""
    job.undo = {}
    job.finished_at = timezone.now()
    with transaction.atomic():
        job.save(update_fields=["state", "error", "progress", "created", "updated", "data", "undo", "finished_at"])


def _failure_message(error: Exception, kept: list[int]) -> str:
    if isinstance(error, ImportRejected):
        lines = [_problem_line(problem) for problem in error.errors[:_SHOWN_PROBLEMS]]
        if len(error.errors) > _SHOWN_PROBLEMS:
            lines.append(_("…and %(count)s more problems.") % {"count": len(error.errors) - _SHOWN_PROBLEMS})
        message = "\n".join([_("The question bank changed after the file was checked: nothing was imported."), *lines])
    else:
        message = _("The import stopped because of an error on the server: nothing was imported. Try again later.")
    return message + _kept_note(kept)


def _kept_note(kept: list[int]) -> str:
    if not kept:
        return ""
    ids = "、".join(str(pk) for pk in kept)
    return "\n" + _(
        "Questions %(ids)s were already answered or put in a quiz before the import stopped, so they were kept."
    ) % {"ids": ids}


def interrupted_message() -> str:
    return _("The import was interrupted (server restart); what it had written was taken back. Import it again.")


def is_stuck(job: QuestionImport, *, stale_after: timedelta = STALE_AFTER) -> bool:
    """导入中 with no batch for longer than ``stale_after``: the worker that ran it is gone."""
    if job.state != ImportState.RUNNING:
        return False
    last = job.heartbeat_at or job.queued_at
    return last <= timezone.now() - stale_after


def recover_interrupted_imports(*, stale_after: timedelta = STALE_AFTER) -> list[int]:
    """Take back every job a gone worker left 导入中 (and finish a take-back that was itself cut short).

    The ids of the jobs taken back. ``stale_after=timedelta(0)`` takes back every job 导入中: right only where
    no worker is running, as before the (single) worker starts.
    """
    cutoff = timezone.now() - stale_after
    left = Q(state=ImportState.RUNNING) & (
        Q(heartbeat_at__lte=cutoff) | Q(heartbeat_at__isnull=True, queued_at__lte=cutoff)
    )
    # 失败 with its undo still kept: a take-back that was itself interrupted (_fail clears undo).
    unfinished = Q(state=ImportState.FAILED) & ~Q(undo={})
    candidates = QuestionImport.objects.filter(left | unfinished).order_by("pk").values_list("pk", flat=True)
    return [pk for pk in candidates if recover_import(job_id=pk, stale_after=stale_after)]


def recover_import(*, job_id: int, stale_after: timedelta = STALE_AFTER) -> bool:
    """Take back one interrupted job, as a failed import is taken back; False when it is not interrupted."""
    with transaction.atomic():
        job = QuestionImport.objects.select_for_update().get(pk=job_id)
        unfinished = job.state == ImportState.FAILED and job.undo
        if not (is_stuck(job, stale_after=stale_after) or unfinished):
            return False
        if not unfinished:
            # First, so that a worker still writing stops at its next batch (_still_running).
            job.state = ImportState.FAILED
            job.error = interrupted_message()
            job.finished_at = timezone.now()
            job.save(update_fields=["state", "error", "finished_at"])
    logger.warning("Question import %s was interrupted; taking back what it wrote", job.pk)
    kept = _take_back(job)
    _fail(job, job.error + _kept_note(kept))
    return True


def _problem_line(problem: RowError) -> str:
    if problem.row is None:
        return problem.message
    return _("Row %(row)s, %(column)s: %(message)s") % {
        "row": problem.row,
        "column": problem.column,
        "message": problem.message,
    }


def _spec_to_json(spec: QuestionSpec) -> dict:
    return {
        **question_fields(spec),
        "choices": [[text, correct] for text, correct in spec.choices],
        "blanks": list(spec.blanks),
        "category_ids": sorted(spec.category_ids),
        "article_ids": sorted(spec.article_ids),
    }


def _spec_from_json(data: dict) -> QuestionSpec:
    return QuestionSpec(
        **{
            **data,
            "choices": tuple((text, correct) for text, correct in data["choices"]),
            "blanks": tuple(data["blanks"]),
            "category_ids": frozenset(data["category_ids"]),
            "article_ids": frozenset(data["article_ids"]),
        }
    )


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
