"""Hold back the search index's per-object updates while the regulation import indexes its edition itself.

modelsearch indexes a page on every ``post_save`` and removes an article on every ``post_delete``, one commit
to the Whoosh index each (about 70 ms, more when Whoosh merges segments): inside the import's short
transactions that would hold SQLite's write lock for the length of an index commit, and taking back a failed
import of 1,000 articles would cost over a minute, for entries that were never written. Inside
:func:`import_indexing_suspended` the per-object updates of regulation pages and articles are skipped (in this
thread only, so other people's saves are indexed as usual); the import indexes the edition and its articles
once, after its last transaction.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_suspended: ContextVar[bool] = ContextVar("regulations_import_indexing_suspended", default=False)


def import_indexing_is_suspended() -> bool:
    return _suspended.get()


@contextmanager
def import_indexing_suspended() -> Iterator[None]:
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)
