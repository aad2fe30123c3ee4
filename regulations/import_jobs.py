"""The regulation import as a job: a checked file written in short transactions, all of it or none of it.

The admin's confirmation queues the job for the background worker (:mod:`regulations.tasks`); ``manage.py
import_regulation`` runs the same job in its own process. The steps:

1. The edition's page is created as a draft (one short transaction), and the job records it: that is all
   there is to take back, since the articles go with their page.
2. The articles, :data:`ARTICLE_BATCH` per transaction, so SQLite's write lock is held for a few hundredths of
   a second at a time, with a pause after each on SQLite so other people's saves slip in between. Each batch
   first checks, under the job's row lock, that the job is still 导入中 (a recovery may have taken it back),
   and touches the job's ``heartbeat_at``.
3. The revision (published too when the command asks for it) and 已导入, in one transaction.
4. Then the search index: the edition, and every article in one ``add_bulk`` call per backend, instead of
   one Whoosh commit per article; no index commit runs inside the transactions above (regulations.indexing).
   A failed import therefore has no index entries to take back. An index failure (or a
   worker killed while indexing) is logged and does not undo the import; ``manage.py update_index`` repairs it.

If any step before 3 fails, the page is deleted with its articles (per-article index updates held back:
there are none to remove) and the job says 失败 with the reason. A worker killed half-way leaves the job
导入中: :func:`recover_interrupted_imports` (``manage.py recover_interrupted_imports``, run before the worker
starts) takes it back the same way once its heartbeat is older than :data:`STALE_AFTER`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator, Sequence
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.search.backends import get_search_backends
from wagtail.search.index import insert_or_update_object

from regulations.indexing import import_indexing_suspended
from regulations.models import ImportStatus, RegulationArticle, RegulationImport, RegulationPage
from regulations.parsing import ParsedRegulation, RegulationParseError, parse_source
from regulations.services import (
    ArticleDraft,
    article_rows,
    drafts_from_parse,
    edition_slug,
    ensure_library,
    new_edition,
    record_import_attempt,
    recorded_on_failure,
)

__all__ = [
    "ARTICLE_BATCH",
    "STALE_AFTER",
    "import_file",
    "interrupted_message",
    "is_stuck",
    "recover_import",
    "recover_interrupted_imports",
    "run_regulation_import",
]

logger = logging.getLogger(__name__)

#: Articles per transaction (bench/regulation_import.py).
ARTICLE_BATCH = 200
#: On SQLite, the pause after each batch, as a share of the time the batch held the write lock, and its floor
#: (as for the question import: without it, writers polling for the lock keep missing it).
PAUSE_SHARE = 1.0
PAUSE_FLOOR_SECONDS = 0.25
#: A job 导入中 whose last batch is older than this was left by a worker that is gone.
STALE_AFTER = timedelta(minutes=10)


class _Interrupted(Exception):
    """The job is no longer 导入中: a recovery took it back while this worker was still at it."""


def run_regulation_import(*, import_id: int) -> None:
    """Write a queued import. Never raises for a bad file or a failed write: the job records the outcome."""
    with transaction.atomic():
        attempt = RegulationImport.objects.select_for_update().get(pk=import_id)
        if attempt.status != ImportStatus.QUEUED:
            return  # already taken by another worker, or retried after it ended
        attempt.status = ImportStatus.RUNNING
        attempt.progress = 0
        attempt.heartbeat_at = timezone.now()
        attempt.save(update_fields=["status", "progress", "heartbeat_at"])
    try:
        parsed = parse_source(
            bytes(attempt.source),
            filename=attempt.filename,
            title=attempt.title,
            allow_numbering_gaps=attempt.allow_numbering_gaps,
        )
        drafts = drafts_from_parse(parsed)
        regulation = _create_page(attempt, parsed)
        for first, batch in _batches(drafts, ARTICLE_BATCH):
            started = time.monotonic()
            _write_batch(attempt, regulation, batch, first_ordinal=first)
            if connection.vendor == "sqlite":
                time.sleep(max(PAUSE_FLOOR_SECONDS, PAUSE_SHARE * (time.monotonic() - started)))
        _finish(attempt, regulation)
    except _Interrupted:
        return  # taken back by recover_import, which also marked the job
    except Exception as error:
        if isinstance(error, RegulationParseError):
            message = error.message
        else:
            logger.exception("Regulation import %s failed", attempt.pk)
            message = _(
                "The import stopped because of an error on the server: nothing of the regulation was written. "
                "Try again later."
            )
        _take_back(attempt.pk, message=message)
        return
    _index(regulation)


def _still_running(import_id: int) -> None:
    """Lock the job's row (inside the caller's transaction); raise _Interrupted unless it is still 导入中."""
    locked = RegulationImport.objects.select_for_update().filter(pk=import_id, status=ImportStatus.RUNNING)
    if not list(locked.values_list("pk", flat=True)):
        raise _Interrupted


def _create_page(attempt: RegulationImport, parsed: ParsedRegulation) -> RegulationPage:
    with import_indexing_suspended(), transaction.atomic():
        _still_running(attempt.pk)
        library = ensure_library()
        regulation = new_edition(
            library=library,
            title=attempt.title,
            slug=edition_slug(revises=attempt.revises),
            revises=attempt.revises,
            preamble="\n".join(parsed.preamble),
            preface="\n".join(parsed.preface),
            user=attempt.created_by,
        )
        library.add_child(instance=regulation)
        # The undo record: taking back is deleting this page.
        attempt.regulation = regulation
        attempt.articles = len(parsed.articles)
        attempt.heartbeat_at = timezone.now()
        attempt.save(update_fields=["regulation", "articles", "heartbeat_at"])
    return regulation


def _write_batch(
    attempt: RegulationImport, regulation: RegulationPage, batch: Sequence[ArticleDraft], *, first_ordinal: int
) -> None:
    with transaction.atomic():
        _still_running(attempt.pk)
        # bulk_create sends no post_save: nothing is indexed here.
        RegulationArticle.objects.bulk_create(
            article_rows(regulation=regulation, drafts=batch, first_ordinal=first_ordinal)
        )
        attempt.progress += len(batch)
        attempt.heartbeat_at = timezone.now()
        attempt.save(update_fields=["progress", "heartbeat_at"])


def _finish(attempt: RegulationImport, regulation: RegulationPage) -> None:
    with import_indexing_suspended(), transaction.atomic():
        _still_running(attempt.pk)
        revision = regulation.save_revision(user=attempt.created_by, log_action=True)
        if attempt.publish:
            revision.publish(user=attempt.created_by)
        attempt.status = ImportStatus.IMPORTED
        attempt.finished_at = attempt.heartbeat_at = timezone.now()
        attempt.save(update_fields=["status", "finished_at", "heartbeat_at"])


def _index(regulation: RegulationPage) -> None:
    """Index the edition, and its articles with one call to each search backend, outside any transaction."""
    insert_or_update_object(regulation)
    articles = list(RegulationArticle.get_indexed_objects().filter(regulation=regulation))
    for backend in get_search_backends(with_auto_update=True):
        backend.add_bulk(RegulationArticle, articles)


def _take_back(import_id: int, *, message: str) -> None:
    """Mark the job 失败 (first, so a worker still at it stops at its next batch), then delete its page.

    A job already 失败 keeps its reason: this finishes a take-back that was itself cut short.
    """
    with transaction.atomic():
        attempt = RegulationImport.objects.select_for_update().get(pk=import_id)
        if attempt.status != ImportStatus.FAILED:
            attempt.status = ImportStatus.FAILED
            attempt.error = message
            attempt.progress = 0
            attempt.finished_at = timezone.now()
            attempt.save(update_fields=["status", "error", "progress", "finished_at"])
    if attempt.regulation_id is None:
        return
    # The edition and its articles were never indexed: hold back the one index commit per deleted object.
    with import_indexing_suspended(), transaction.atomic():
        page = RegulationPage.objects.filter(pk=attempt.regulation_id).first()
        if page is not None:
            page.delete()
        RegulationImport.objects.filter(pk=import_id).update(regulation=None)


def interrupted_message() -> str:
    return _("The import was interrupted (server restart); what it had written was taken back. Import it again.")


def is_stuck(attempt: RegulationImport, *, stale_after: timedelta = STALE_AFTER) -> bool:
    """导入中 with no batch for longer than ``stale_after``: the worker that ran it is gone."""
    if attempt.status != ImportStatus.RUNNING:
        return False
    last = attempt.heartbeat_at or attempt.created_at
    return last <= timezone.now() - stale_after


def recover_interrupted_imports(*, stale_after: timedelta = STALE_AFTER) -> list[int]:
    """Take back every import a gone worker left 导入中 (and finish a take-back that was itself cut short).

    The ids of the imports taken back. ``stale_after=timedelta(0)`` takes back every import 导入中: right only
    where no worker is running, as before the (single) worker starts.
    """
    cutoff = timezone.now() - stale_after
    left = Q(status=ImportStatus.RUNNING) & (
        Q(heartbeat_at__lte=cutoff) | Q(heartbeat_at__isnull=True, created_at__lte=cutoff)
    )
    # 失败 with its page still recorded: a take-back that was itself interrupted.
    unfinished = Q(status=ImportStatus.FAILED, regulation__isnull=False)
    candidates = RegulationImport.objects.filter(left | unfinished).order_by("pk").values_list("pk", flat=True)
    return [pk for pk in candidates if recover_import(import_id=pk, stale_after=stale_after)]


def recover_import(*, import_id: int, stale_after: timedelta = STALE_AFTER) -> bool:
    """Take back one interrupted import, as a failed one is taken back; False when it is not interrupted."""
    attempt = RegulationImport.objects.defer("source").get(pk=import_id)
    unfinished = attempt.status == ImportStatus.FAILED and attempt.regulation_id is not None
    if not (is_stuck(attempt, stale_after=stale_after) or unfinished):
        return False
    with transaction.atomic():
        # Checked again under the lock: the worker may have written a batch since.
        attempt = RegulationImport.objects.select_for_update().defer("source").get(pk=import_id)
        if not (is_stuck(attempt, stale_after=stale_after) or unfinished):
            return False
        logger.warning("Regulation import %s was interrupted; taking back what it wrote", import_id)
        _take_back(import_id, message=interrupted_message())
    return True


def import_file(
    *,
    source: bytes,
    filename: str,
    title: str,
    revises: RegulationPage | None = None,
    user: AbstractBaseUser | None = None,
    allow_numbering_gaps: bool = False,
    publish: bool = False,
) -> RegulationPage:
    """The command's import: checked, recorded as a job and written by the same steps as the worker's, here.

    Raises RegulationParseError (the attempt kept as 失败) when the file does not parse or the write fails.
    """
    with recorded_on_failure(source=source, filename=filename, title=title, revises=revises, user=user):
        parsed = parse_source(source, filename=filename, title=title, allow_numbering_gaps=allow_numbering_gaps)
    attempt = record_import_attempt(
        source=source,
        filename=filename,
        title=title,
        revises=revises,
        user=user,
        status=ImportStatus.QUEUED,
        articles=len(parsed.articles),
        allow_numbering_gaps=allow_numbering_gaps,
        publish=publish,
    )
    run_regulation_import(import_id=attempt.pk)
    attempt.refresh_from_db()
    if attempt.status != ImportStatus.IMPORTED:
        raise RegulationParseError(attempt.error)
    return attempt.regulation


def _batches(drafts: list[ArticleDraft], size: int) -> Iterator[tuple[int, list[ArticleDraft]]]:
    """(ordinal of the batch's first article, the batch)."""
    for start in range(0, len(drafts), size):
        yield start + 1, drafts[start : start + size]
