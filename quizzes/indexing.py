"""Hold back the search index's one-commit-per-object updates while a bulk write indexes its rows itself.

modelsearch indexes a question on every ``post_save`` and removes it on every ``post_delete``, one
commit to the Whoosh index each (about 70 ms). The question import writes hundreds of questions per
batch: inside :func:`per_object_indexing_suspended` those per-object updates are skipped (in this
thread only, so other users' saves are indexed as usual), and the import indexes its questions with
one ``add_bulk`` call per batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_suspended: ContextVar[bool] = ContextVar("quizzes_per_object_indexing_suspended", default=False)


def per_object_indexing_is_suspended() -> bool:
    return _suspended.get()


@contextmanager
def per_object_indexing_suspended() -> Iterator[None]:
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)
