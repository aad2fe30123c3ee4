"""One scoring pass per request, and search results whose slices share one search state.

Inside :func:`shared_pass` (the site search's request, search.selectors) every queryset searched with the same
query shares one Whoosh scoring pass, and no backend falls back to any-word matching by itself: the caller
decides that once for the whole query. Both backends' results ask :func:`current_shared_pass`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from whoosh import query as wq

from search.scoring import Deferred, score_deferred

__all__ = ["SharedPass", "SharedSearchState", "current_shared_pass", "shared_pass"]


class SharedPass:
    """The passes of one request: a query compiled the same way over the same searcher is scored once."""

    def __init__(self):
        self._found: dict[tuple[int, wq.Query], tuple[object, Deferred]] = {}

    def deferred(self, searcher, q: wq.Query) -> Deferred:
        key = (id(searcher), q)
        entry = self._found.get(key)
        if entry is None or entry[0] is not searcher:
            entry = self._found[key] = (searcher, score_deferred(searcher, q))
        return entry[1]


_shared: ContextVar[SharedPass | None] = ContextVar("search_shared_pass", default=None)


def current_shared_pass() -> SharedPass | None:
    """The shared pass this search runs in (search.selectors), or None outside one: other backends ask it too."""
    return _shared.get()


@contextlib.contextmanager
def shared_pass() -> Iterator[SharedPass]:
    """Searches in this block share their scoring pass and never fall back to any word by themselves.

    Harmless with other backends, which never look at it.
    """
    token = _shared.set(SharedPass())
    try:
        yield _shared.get()
    finally:
        _shared.reset(token)


class SharedSearchState:
    """Mixin for search results: the object and its clones (a Paginator counts, then slices) share one search
    state, so the search runs once. ``state_class`` makes the state."""

    state_class: type

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._state = self.state_class()

    def _clone(self):
        new = super()._clone()
        new._state = self._state
        return new
