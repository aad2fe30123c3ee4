"""The Whoosh side of a search: a model's matches, best first, with the adjacency bonus worked out lazily.

:class:`LazyOrder` places matches in their exact order only as far as a page reads them; :class:`Ranking`
holds the order as document numbers and reads them as stored pks.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Sequence

from search.scoring import Deferred, model_docs

__all__ = ["RESOLVE_BATCH", "RESOLVE_BUDGET", "LazyOrder", "Ranking", "by_upper", "of_model"]

#: Matches whose adjacency bonus is worked out at a time, at least.
RESOLVE_BATCH = 32
#: Matches of one queryset whose adjacency bonus is worked out at most; see :class:`LazyOrder`.
RESOLVE_BUDGET = 2000


def by_upper(deferred: Deferred) -> list[int]:
    """Every match by its best possible score, best first (ties in index order, as in Whoosh)."""
    order = getattr(deferred, "by_upper", None)
    if order is None:
        upper = {d: s + deferred.bound.get(d, 0.0) for d, s in deferred.exact.items()} if deferred.bound else None
        order = sorted(deferred.exact)
        order.sort(key=(upper or deferred.exact).__getitem__, reverse=True)
        deferred.by_upper = order
    return order


def of_model(deferred: Deferred, searcher, label: str) -> list[int]:
    cache = deferred.__dict__.setdefault("by_model", {})
    docs = cache.get(label)
    if docs is None:
        model = model_docs(searcher, label)
        docs = cache[label] = [d for d in by_upper(deferred) if d in model]
    return docs


class LazyOrder(Sequence):
    """Matches in their exact order, worked out only as far as it is read.

    ``candidates`` are in the order of their best possible score; a match is placed once its exact
    score beats every unresolved candidate's best possible one. That is exact, and cheap when some
    matches have the words adjacent. When common words are rarely adjacent (巡察 整改 in a large library)
    it would resolve nearly every match; after ``RESOLVE_BUDGET`` of them, the rest are taken without
    their bonus (as if their words were apart), so a match with the words adjacent that ranks below the
    first 2,000 on its words alone may come later than Whoosh would put it. Counts are never affected.
    """

    def __init__(self, deferred: Deferred, candidates: list[int]):
        self.deferred, self.candidates = deferred, candidates
        if not deferred.bound:
            self.done, self.next = candidates, len(candidates)
        else:
            self.done, self.next = [], 0
        self._heap: list[tuple[float, int]] = []
        #: Matches known not to be results (the queryset's filters dropped them): never resolved, and left out.
        self.skip: Callable[[int], bool] | None = None

    def __len__(self) -> int:
        return len(self.candidates)

    def _fill(self, n: int) -> None:
        n = min(n, len(self.candidates))
        deferred, candidates, heap = self.deferred, self.candidates, self._heap
        while len(self.done) < n:
            budget_left = self.next < RESOLVE_BUDGET
            upper = deferred.upper if budget_left else deferred.exact.__getitem__
            if heap and (self.next >= len(candidates) or -heap[0][0] > upper(candidates[self.next])):
                self.done.append(heapq.heappop(heap)[1])
                continue
            if self.next >= len(candidates):
                return  # the rest were skipped
            # Batches grow as the order is read further: fewer rounds when the bound prunes little.
            size = max(RESOLVE_BATCH, n - len(self.done), self.next // 2)
            batch = candidates[self.next : self.next + size]
            self.next += len(batch)
            if self.skip is not None:
                batch = [d for d in batch if not self.skip(d)]
            scores = deferred.resolve(batch) if budget_left else {d: deferred.exact[d] for d in batch}
            for d, score in scores.items():
                heapq.heappush(heap, (-score, d))

    def __getitem__(self, key):
        if isinstance(key, slice):
            self._fill(len(self) if key.stop is None or key.stop < 0 else key.stop)
            return self.done[key]
        self._fill(len(self) if key < 0 else key + 1)
        return self.done[key]

    def __iter__(self):
        self._fill(len(self))
        return iter(self.done)


class _Pks(Sequence):
    """A sequence of document numbers read as stored pks."""

    def __init__(self, docs: Sequence[int], pks: list):
        self.docs, self._pks = docs, pks

    def __len__(self) -> int:
        return len(self.docs)

    def __getitem__(self, key):
        if isinstance(key, slice):
            pks = self._pks
            return [pks[d] for d in self.docs[key]]
        return self._pks[self.docs[key]]

    def __iter__(self):
        pks = self._pks
        return (pks[d] for d in self.docs)


class Ranking:
    """Whoosh's side of a search: the matching documents, best first, and their scores."""

    def __init__(self, deferred: Deferred | None = None, docs: Sequence[int] = (), rough: Sequence[int] = (), pks=()):
        self.deferred, self.docs, self.rough, self._pks = deferred, docs, rough, pks
        self._by_pk: dict[str, float] | None = None

    @property
    def pks(self) -> Sequence[str]:
        """Stored pks, best first."""
        return _Pks(self.docs, self._pks)

    @property
    def pk_list(self) -> list:
        return self._pks

    @property
    def rough_pks(self) -> list[str]:
        """The same pks by best possible score: the order to check filters and count in."""
        pks = self._pks
        return [pks[d] for d in self.rough]

    def score(self, pk: str) -> float | None:
        """Only a search that annotates scores needs them by pk; most never build this."""
        if self._by_pk is None:
            exact = self.deferred.resolve(self.docs) if self.deferred is not None else {}
            self._by_pk = {self._pks[d]: s for d, s in exact.items()}
        return self._by_pk.get(pk)
