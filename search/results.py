"""Search results of the Whoosh backend: Whoosh ranks, the Django ORM filters, orders and counts.

A search scores every match in the index in one pass (:func:`search.scoring.score_deferred`)
and keeps the ones of the queryset's model, best first. Inside :func:`shared_pass` (the site
search's request) every queryset searched with the same query shares that one pass, and the
backend does not fall back to any-word matching by itself: the caller decides that once for the
whole query. The bonus for adjacent words is worked out only for the matches a page reaches
(:class:`LazyOrder`): the others are ordered by their best possible score, which is enough to
count and filter them. The queryset's own filters
(``live()``, ``regulation__in=...``, permissions) are then applied by the ORM, as
the fallback database backend does, but only as far as a page needs: matches are
checked a chunk at a time, best first, until the page is full.

Counting trade-off: a queryset without filters is counted from the index, exactly
(an index entry whose row was deleted behind the signals' back would be counted
too, and dropped from its page). A filtered queryset with at most ``MAX_HITS``
matches is counted exactly, in one query. With more, counting exactly would cost a
query over every match (tens of milliseconds for a few thousand), so the count is
estimated from the share of the first ``MAX_HITS`` best matches that pass the
filters (taken in the order of their best possible score), and
:meth:`WhooshSearchResults.count_is_estimate` says so (the site shows 约 N).
:meth:`WhooshSearchResults.exact_count` counts exactly when it matters.
"""

from __future__ import annotations

import contextlib
import heapq
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar

from django.db.models import Count
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import query as wq

from search.documents import model_label
from search.index_store import IndexStore
from search.scoring import Deferred, doc_pks, model_docs, score_deferred

__all__ = ["MAX_HITS", "ORDERED_MAX_HITS", "WhooshSearchResults", "current_shared_pass", "shared_pass"]

#: Most matches checked against the queryset's filters in one query; a filtered search
#: with more matches has an estimated count.
MAX_HITS = 1000
#: Most matches (the best ones) a search ordered by the queryset instead of relevance considers.
ORDERED_MAX_HITS = 20000
#: Matches checked in the first query for a page: a little more than the page, for filters that drop some.
_FIRST_CHECK = 100
#: Matches whose adjacency bonus is worked out at a time, at least.
_RESOLVE_BATCH = 32
#: Matches of one queryset whose adjacency bonus is worked out at most; see :class:`LazyOrder`.
RESOLVE_BUDGET = 2000


def _round_estimate(n: float) -> int:
    """Two significant figures (3,247 → 3,200): an estimate should not look exact."""
    n = round(n)
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return round(n / step) * step


# -- one pass per request ----------------------------------------------------------


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


# -- Whoosh's side: the matches of a model, best first ------------------------------


def _by_upper(deferred: Deferred) -> list[int]:
    """Every match by its best possible score, best first (ties in index order, as in Whoosh)."""
    order = getattr(deferred, "by_upper", None)
    if order is None:
        upper = {d: s + deferred.bound.get(d, 0.0) for d, s in deferred.exact.items()} if deferred.bound else None
        order = sorted(deferred.exact)
        order.sort(key=(upper or deferred.exact).__getitem__, reverse=True)
        deferred.by_upper = order
    return order


def _of_model(deferred: Deferred, searcher, label: str) -> list[int]:
    cache = deferred.__dict__.setdefault("by_model", {})
    docs = cache.get(label)
    if docs is None:
        model = model_docs(searcher, label)
        docs = cache[label] = [d for d in _by_upper(deferred) if d in model]
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
            size = max(_RESOLVE_BATCH, n - len(self.done), self.next // 2)
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


class _SearchState:
    """Shared by a results object and its clones (slices), so a Paginator searches once."""

    def __init__(self):
        self.candidates: list[str] | None = None  # stored pks of every match, by best possible score
        self.ranking: Ranking = Ranking()
        self.fallback_used = False
        self.checked = 0  # leading candidates run through the queryset's filters
        self.checked_set: set[str] = set()
        self.passed_set: set[str] | None = None  # those of them that passed (None: every match passes)
        self.failed: set[str] = set()  # those that did not
        self.passed: Sequence[str] = []  # matches that passed, in result order, as far as read
        self.walked = 0  # leading matches (in result order) looked at for ``passed``

    @property
    def complete(self) -> bool:
        return self.checked >= len(self.candidates)

    def passed_count(self) -> int:
        return len(self.passed) if self.passed_set is None else len(self.passed_set)


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    def __init__(self, backend, query_compiler, prefetch_related=None):
        super().__init__(backend, query_compiler, prefetch_related=prefetch_related)
        self._state = _SearchState()

    def _clone(self):
        new = super()._clone()
        new._state = self._state
        return new

    # -- Whoosh: every match, best first ----------------------------------------

    def _ranked(self, searcher, q, shared: SharedPass | None, coordinate: list[str] | None = None) -> Ranking:
        """The model's matches, best first.

        With ``coordinate`` (the backend's own any-word fallback), documents with more of those words come first.
        """
        if q is wq.NullQuery:
            return Ranking()
        compiler = self.query_compiler
        if shared is not None and not coordinate:
            deferred = shared.deferred(searcher, q)
        else:
            deferred = score_deferred(searcher, q, also=[compiler._term(t) for t in coordinate or ()])
        rough = _of_model(deferred, searcher, model_label(compiler.queryset.model))
        docs: Sequence[int] = LazyOrder(deferred, rough)
        if coordinate:
            exact = deferred.resolve(rough)
            docs = sorted(rough)
            docs.sort(key=exact.__getitem__, reverse=True)
            matched = {d: sum(d in found for found in deferred.matched) for d in docs}
            docs.sort(key=matched.__getitem__, reverse=True)
            rough = docs
        return Ranking(deferred, docs, rough, doc_pks(searcher))

    def _search_state(self) -> _SearchState:
        state = self._state
        if state.candidates is not None:
            return state
        compiler = self.query_compiler
        store: IndexStore = self.backend.store
        compiler.extra_words = store.current_extra_words()
        shared = _shared.get()
        if compiler.queryset.query.is_empty():  # .none(): nothing to look for
            self._start(state, Ranking())
            return state
        with store.searcher() as searcher:
            self._start(
                state, self._ranked(searcher, compiler.compile(), shared) if searcher is not None else Ranking()
            )
            fallback = shared is None and searcher is not None
            terms = compiler.fallback_terms() if fallback and not self._check(state, 1) else None
            if terms:
                self._start(state, self._ranked(searcher, compiler.compile_fallback(terms), None, coordinate=terms))
                state.fallback_used = self._check(state, 1)
        return state

    # -- the ORM: filters and ordering --------------------------------------------

    def _start(self, state: _SearchState, ranking: Ranking) -> None:
        compiler = self.query_compiler
        queryset = compiler.queryset
        state.ranking, state.checked, state.walked = ranking, 0, 0
        state.checked_set, state.passed_set, state.passed, state.failed = set(), set(), [], set()
        if not compiler.order_by_relevance:
            # The ORM orders; it needs every candidate at once.
            candidates = queryset.filter(pk__in=ranking.rough_pks[:ORDERED_MAX_HITS])
            if not queryset.query.order_by:
                candidates = candidates.order_by("-pk")
            state.candidates = state.passed = list(dict.fromkeys(map(str, candidates.values_list("pk", flat=True))))
            state.checked, state.passed_set = len(state.candidates), None
        elif _unfiltered(queryset):
            state.candidates, state.passed = ranking.rough_pks, ranking.pks
            state.checked, state.passed_set = len(state.candidates), None
        else:
            state.candidates = ranking.rough_pks
            if isinstance(ranking.docs, LazyOrder):
                pks, failed = ranking.pk_list, state.failed
                ranking.docs.skip = lambda d: pks[d] in failed

    def _check_upto(self, state: _SearchState, upto: int) -> None:
        """Run the first ``upto`` candidates through the queryset's filters, at most ``max_hits`` per query."""
        queryset = self.query_compiler.queryset.order_by()
        upto = min(upto, len(state.candidates))
        while state.checked < upto:
            chunk = state.candidates[state.checked : min(upto, state.checked + self.backend.max_hits)]
            passed = set(map(str, queryset.filter(pk__in=chunk).values_list("pk", flat=True)))
            state.passed_set |= passed
            state.failed.update(pk for pk in chunk if pk not in passed)
            state.checked_set.update(chunk)
            state.checked += len(chunk)

    def _walk(self, state: _SearchState, wanted: int | None) -> None:
        """Extend ``passed`` in result order while the matches met have been checked."""
        order = state.ranking.pks
        while wanted is None or len(state.passed) < wanted:
            step = max(_RESOLVE_BATCH, 0 if wanted is None else wanted - len(state.passed))
            chunk = order[state.walked : state.walked + step]
            if not chunk:
                return
            for pk in chunk:
                if pk not in state.checked_set:
                    return
                if pk in state.passed_set:
                    state.passed.append(pk)
                state.walked += 1
                if wanted is not None and len(state.passed) >= wanted:
                    return

    def _check(self, state: _SearchState, wanted: int | None) -> bool:
        """Check candidates until ``wanted`` have passed, in result order (None: all); whether that many did."""
        if state.passed_set is None:
            return wanted is None or len(state.passed) >= wanted
        limit = self.backend.max_hits
        if not state.checked:
            # Checked before walking: the order is worked out only among matches known to pass.
            first = min(max(_FIRST_CHECK, 2 * (wanted or 0)), limit)
            self._check_upto(state, len(state.candidates) if len(state.candidates) <= limit else first)
        while True:
            self._walk(state, wanted)
            if (wanted is not None and len(state.passed) >= wanted) or state.complete:
                break
            # One query a round: more than is missing (filters drop some), doubling, at most max_hits.
            # Up to max_hits matches are all checked at once: the count will need them anyway.
            missing = len(state.candidates) if wanted is None else wanted - len(state.passed)
            size = max(_FIRST_CHECK, 2 * missing, state.checked)
            size = len(state.candidates) if len(state.candidates) <= limit else min(size, limit)
            self._check_upto(state, state.checked + size)
        self._walk(state, wanted)
        return wanted is None or len(state.passed) >= wanted

    # -- the modelsearch API ---------------------------------------------------------

    @property
    def fallback_used(self) -> bool:
        """True when no result had all the words, so results with only some of them were returned."""
        return self._search_state().fallback_used

    def _do_search(self):
        state = self._search_state()
        self._check(state, self.stop)
        page = state.passed[self.start : self.stop]
        if not page:
            return []
        queryset = self.query_compiler.queryset.filter(pk__in=page).order_by()  # put in order below
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        by_pk = {str(obj.pk): obj for obj in queryset}
        results = [by_pk[pk] for pk in page if pk in by_pk]
        if self._score_field:
            for obj in results:
                setattr(obj, self._score_field, state.ranking.score(str(obj.pk)))
        return results

    def _total(self) -> tuple[int, bool]:
        """(count of the whole search, whether it is an estimate)."""
        state = self._search_state()
        if state.passed_set is None:
            return len(state.passed), False
        limit = self.backend.max_hits
        self._check_upto(state, len(state.candidates) if len(state.candidates) <= limit else limit)
        # Until a first result is found (or none is left): an estimate of 0 would hide a tier that has some.
        # Counting needs no order: the adjacency bonus is not worked out here.
        while not state.passed_set and not state.complete:
            self._check_upto(state, state.checked + limit)
        if state.complete:
            return len(state.passed_set), False
        estimate = len(state.passed_set) / state.checked * len(state.candidates)
        return max(len(state.passed_set), _round_estimate(estimate)), True

    def _do_count(self):
        total, _ = self._total()
        stop = total if self.stop is None else min(total, self.stop)
        return max(0, stop - self.start)

    def count_is_estimate(self) -> bool:
        """Whether ``count()`` is estimated (a filtered search with more than ``MAX_HITS`` matches)."""
        return self._total()[1]

    def exact_count(self) -> int:
        """The count, checking every match against the queryset's filters if need be."""
        state = self._search_state()
        if state.passed_set is not None:
            self._check_upto(state, len(state.candidates))
        total = state.passed_count()
        stop = total if self.stop is None else min(total, self.stop)
        return max(0, stop - self.start)

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add index.FilterField('
                f'"{field_name}") to {self.query_compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        state = self._search_state()
        if state.passed_set is not None:
            self._check_upto(state, len(state.candidates))
        passed = list(state.passed) if state.passed_set is None else list(state.passed_set)
        if not passed:
            return OrderedDict()
        queryset = self.query_compiler.queryset.filter(pk__in=passed)
        rows = queryset.order_by().values(field_name).annotate(count=Count("pk", distinct=True)).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)


def _unfiltered(queryset) -> bool:
    """Whether every indexed object of the model is in ``queryset`` (so the ORM need not check matches)."""
    query = queryset.query
    return not query.where and not query.combinator and not query.is_sliced
