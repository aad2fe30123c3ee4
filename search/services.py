"""Writes of the search app's index queue: pending index operations, recorded and drained; rebuilds queued.

An index write that cannot land in the live Whoosh generation now (its write lock stayed busy past the
2 s write timeout, there is no usable index, or a rebuild is filling a new generation that may miss it)
becomes a :class:`~search.models.PendingIndexOperation` row, written in the same transaction as the edit.
The drain re-reads each object from the database (the source of truth) and writes what it is *now*, so
rows can be applied in any order and more than once. It runs in the background worker
(:mod:`search.tasks`) and at the end of every rebuild, before and after the new generation goes live.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.apps import apps
from django.db import transaction
from modelsearch.backends.base import get_model_root

from search.documents import build_document, model_label
from search.index_store import IndexBusy, IndexUnavailable
from search.models import PendingIndexOperation

__all__ = ["drain_pending_index_operations", "record_pending_index_operations", "schedule_index_rebuild"]

logger = logging.getLogger("search.backend")

#: Rows read per round of a drain (each round is one index writer).
DRAIN_BATCH = 500


def record_pending_index_operations(*, objects: Iterable, op: str, reason: str) -> None:
    """Keep ``op`` ("add" or "delete") for each object, in the edit's transaction, and queue a drain after it."""
    rows = [
        PendingIndexOperation(model_label=model_label(type(obj)), object_pk=str(obj.pk), op=op)
        for obj in objects
        if obj.pk is not None
    ]
    if not rows:
        return
    try:
        with transaction.atomic():
            PendingIndexOperation.objects.bulk_create(rows)
    except Exception:
        # The edit's transaction cannot take the row (it is being rolled back): try once it has committed.
        logger.exception("Could not record %d pending index operations now; retrying after the commit", len(rows))
        transaction.on_commit(lambda: PendingIndexOperation.objects.bulk_create(rows))
    # info, not warning: with the index missing every save comes here, and the rebuild's own warning says why.
    logger.info("Index %s of %d object(s) queued (%s)", op, len(rows), reason)
    if reason != "rebuild running":  # the rebuild applies them before it goes live
        transaction.on_commit(_enqueue_drain)


def _enqueue_drain() -> None:
    from search.tasks import drain_pending_index

    try:
        drain_pending_index.enqueue()
    except Exception:
        logger.exception("Could not queue the drain of pending index operations; update_index applies them")


def schedule_index_rebuild(*, store) -> bool:
    """Queue one rebuild for a missing or damaged index (not one per request or save). True if queued now."""
    if store.rebuild_running() or not store.request_rebuild():
        return False
    from search.tasks import rebuild_search_index

    logger.warning("Search index %s is missing or damaged: a rebuild is queued", store.path)
    try:
        rebuild_search_index.enqueue()
    except Exception:
        logger.exception("Could not queue the search index rebuild; run `manage.py update_index`")
        return False
    return True


def _resolve(label: str, pks: list[str]) -> tuple[list, list[str]]:
    """(documents of the objects that are still indexed, keys of those that are gone)."""
    try:
        model = apps.get_model(label)
    except LookupError:
        return [], []
    root = model_label(get_model_root(model))
    found = {str(obj.pk): obj for obj in model.get_indexed_objects().filter(pk__in=pks)}
    documents = []
    for obj in found.values():
        instance = obj.get_indexed_instance() if hasattr(obj, "get_indexed_instance") else obj
        if instance is not None:
            documents.append(build_document(instance))
    gone = [f"{root}:{pk}" for pk in pks if pk not in found]
    return documents, gone


def drain_pending_index_operations(*, store, generation: str | None = None) -> int:
    """Apply the queued operations to ``generation`` (default: the live one); return how many rows were done.

    Rows are deleted once written. A drain of the live index leaves them while a rebuild runs (the rebuild
    drains into its generation before the switch, and again after it) or when the index is busy or unusable.
    """
    if generation is None and store.rebuild_running():
        return 0
    done = 0
    while True:
        rows = list(PendingIndexOperation.objects.order_by("id")[:DRAIN_BATCH])
        if not rows:
            return done
        by_label: dict[str, list[str]] = {}
        for row in rows:
            pks = by_label.setdefault(row.model_label, [])
            if row.object_pk not in pks:
                pks.append(row.object_pk)
        documents, delete_keys = [], []
        for label, pks in by_label.items():
            docs, gone = _resolve(label, pks)
            documents += docs
            delete_keys += gone
        try:
            landed = store.write(documents, delete_keys, generation=generation, create_missing=False)
        except (IndexBusy, IndexUnavailable) as exc:
            logger.warning("Pending index operations stay queued: %s", exc)
            if isinstance(exc, IndexUnavailable):
                schedule_index_rebuild(store=store)
            return done
        if not landed and generation is None:
            return done  # a rebuild started meanwhile: it will apply them
        with transaction.atomic():
            PendingIndexOperation.objects.filter(id__in=[row.id for row in rows]).delete()
        done += len(rows)
