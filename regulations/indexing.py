"""Hold back the search index's one-commit-per-article updates while the import indexes articles itself.

modelsearch removes an article from every index on its ``post_delete``, one commit to the Whoosh index each
(about 70 ms): taking back a failed import of 1,000 articles would cost over a minute, for entries that were
never written (the import indexes its articles once, at the end). Inside :func:`article_indexing_suspended`
those per-article updates are skipped, in this thread only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_suspended: ContextVar[bool] = ContextVar("regulations_article_indexing_suspended", default=False)


def article_indexing_is_suspended() -> bool:
    return _suspended.get()


@contextmanager
def article_indexing_suspended() -> Iterator[None]:
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)
