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

from collections import OrderedDict
from collections.abc import Sequence

from django.db.models import Count
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import query as wq

from search.documents import model_label
from search.index_store import IndexStore
from search.ranking import RESOLVE_BATCH, LazyOrder, Ranking, of_model
from search.scoring import doc_pks, score_deferred
from search.shared_pass import SharedPass, SharedSearchState, current_shared_pass

__all__ = ["MAX_HITS", "ORDERED_MAX_HITS", "WhooshSearchResults"]

#: Most matches checked against the queryset's filters in one query; a filtered search
#: with more matches has an estimated count.
MAX_HITS = 1000
#: Most matches (the best ones) a search ordered by the queryset instead of relevance considers.
ORDERED_MAX_HITS = 20000
#: Matches checked in the first query for a page: a little more than the page, for filters that drop some.
_FIRST_CHECK = 100


def _round_estimate(n: float) -> int:
    """Two significant figures (3,247 → 3,200): an estimate should not look exact."""
    n = round(n)
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return round(n / step) * step


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


class WhooshSearchResults(SharedSearchState, BaseSearchResults):
    supports_facet = True
    state_class = _SearchState

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
        rough = of_model(deferred, searcher, model_label(compiler.queryset.model))
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
        shared = current_shared_pass()
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
            step = max(RESOLVE_BATCH, 0 if wanted is None else wanted - len(state.passed))
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
