"""Search results of the Whoosh backend: Whoosh ranks, the Django ORM filters, orders and counts.

A search scores every match in the index at once (:func:`search.scoring.score_all`)
and keeps the ones of the queryset's model, best first. The queryset's own filters
(``live()``, ``regulation__in=...``, permissions) are then applied by the ORM, as
the fallback database backend does, but only as far as a page needs: matches are
checked a chunk at a time, best first, until the page is full.

Counting trade-off: a queryset without filters is counted from the index, exactly
(an index entry whose row was deleted behind the signals' back would be counted
too, and dropped from its page). A filtered queryset with at most ``MAX_HITS``
matches is counted exactly, in one query. With more, counting exactly would cost a
query over every match (tens of milliseconds for a few thousand), so the count is
estimated from the share of the first ``MAX_HITS`` best matches that pass the
filters, and :meth:`WhooshSearchResults.count_is_estimate` says so (the site shows
约 N). :meth:`WhooshSearchResults.exact_count` counts exactly when it matters.
"""

from __future__ import annotations

from collections import OrderedDict
from operator import itemgetter

from django.db.models import Count
from modelsearch.backends.base import BaseSearchResults, FilterFieldError
from whoosh import query as wq

from search.documents import model_label
from search.index_store import IndexStore
from search.scoring import doc_pks, model_docs, score_all

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


class Ranking:
    """Whoosh's side of a search: the matching documents, best first, and their scores."""

    def __init__(self, docs=(), scores=None, pks=None):
        self.docs, self._raw, self._pks = docs, scores or {}, pks
        self._by_pk: dict[str, float] | None = None

    @property
    def pks(self) -> list[str]:
        if not self.docs:
            return []
        # itemgetter: one C call instead of a comprehension over thousands of matches.
        found = itemgetter(*self.docs)(self._pks)
        return list(found) if len(self.docs) > 1 else [found]

    def score(self, pk: str) -> float | None:
        """Only a search that annotates scores needs them by pk; most never build this."""
        if self._by_pk is None:
            self._by_pk = {self._pks[d]: self._raw[d] for d in self.docs}
        return self._by_pk.get(pk)


class _SearchState:
    """Shared by a results object and its clones (slices), so a Paginator searches once."""

    def __init__(self):
        self.candidates: list[str] | None = None  # stored pks of every match, in result order
        self.ranking: Ranking = Ranking()
        self.fallback_used = False
        self.checked = 0  # leading candidates run through the queryset's filters
        self.passed: list[str] = []  # those of them that passed, in result order

    @property
    def complete(self) -> bool:
        return self.checked >= len(self.candidates)


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

    def _ranked(self, searcher, q, coordinate: list[str] | None = None) -> Ranking:
        """The model's matches, best first.

        With ``coordinate`` (the any-word fallback), documents with more of those words come first.
        """
        if q is wq.NullQuery:
            return Ranking()
        scores = score_all(searcher, q)
        docs = sorted(scores.keys() & model_docs(searcher, model_label(self.query_compiler.queryset.model)))
        docs.sort(key=scores.__getitem__, reverse=True)  # stable: ties stay in index order, as in Whoosh
        if coordinate:
            matched = dict.fromkeys(docs, 0)
            for term in coordinate:
                for d in score_all(searcher, self.query_compiler._term(term)).keys() & matched.keys():
                    matched[d] += 1
            docs.sort(key=matched.__getitem__, reverse=True)
        return Ranking(docs, scores, doc_pks(searcher))

    def _search_state(self) -> _SearchState:
        state = self._state
        if state.candidates is not None:
            return state
        compiler = self.query_compiler
        store: IndexStore = self.backend.store
        compiler.extra_words = store.current_extra_words()
        with store.searcher() as searcher:
            self._start(state, self._ranked(searcher, compiler.compile()) if searcher is not None else Ranking())
            terms = compiler.fallback_terms() if searcher is not None and not self._check(state, 1) else None
            if terms:
                self._start(state, self._ranked(searcher, compiler.compile_fallback(terms), coordinate=terms))
                state.fallback_used = self._check(state, 1)
        return state

    # -- the ORM: filters and ordering --------------------------------------------

    def _start(self, state: _SearchState, ranking: Ranking) -> None:
        compiler = self.query_compiler
        queryset = compiler.queryset
        ranked = ranking.pks
        state.ranking, state.checked, state.passed = ranking, 0, []
        if not compiler.order_by_relevance:
            # The ORM orders; it needs every candidate at once.
            candidates = queryset.filter(pk__in=ranked[:ORDERED_MAX_HITS])
            if not queryset.query.order_by:
                candidates = candidates.order_by("-pk")
            state.candidates = state.passed = list(dict.fromkeys(map(str, candidates.values_list("pk", flat=True))))
            state.checked = len(state.candidates)
        elif _unfiltered(queryset):
            state.candidates = state.passed = ranked
            state.checked = len(ranked)
        else:
            state.candidates = ranked

    def _check_upto(self, state: _SearchState, upto: int) -> None:
        """Run the first ``upto`` candidates through the queryset's filters, at most ``max_hits`` per query."""
        queryset = self.query_compiler.queryset.order_by()
        upto = min(upto, len(state.candidates))
        while state.checked < upto:
            chunk = state.candidates[state.checked : min(upto, state.checked + self.backend.max_hits)]
            passed = set(map(str, queryset.filter(pk__in=chunk).values_list("pk", flat=True)))
            state.passed += [pk for pk in chunk if pk in passed]
            state.checked += len(chunk)

    def _check(self, state: _SearchState, wanted: int | None) -> bool:
        """Check candidates until ``wanted`` have passed (None: all); whether that many did."""
        if wanted is None:
            self._check_upto(state, len(state.candidates))
            return True
        limit = self.backend.max_hits
        while not state.complete and len(state.passed) < wanted:
            # One query a round: more than is missing (filters drop some), doubling, at most max_hits.
            # Up to max_hits matches are all checked at once: the count will need them anyway.
            size = max(_FIRST_CHECK, 2 * (wanted - len(state.passed)), state.checked)
            size = len(state.candidates) if len(state.candidates) <= limit else min(size, limit)
            self._check_upto(state, state.checked + size)
        return len(state.passed) >= wanted

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
        limit = self.backend.max_hits
        self._check_upto(state, len(state.candidates) if len(state.candidates) <= limit else limit)
        if state.complete:
            return len(state.passed), False
        estimate = len(state.passed) / state.checked * len(state.candidates)
        return max(len(state.passed), _round_estimate(estimate)), True

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
        self._check(state, None)
        stop = len(state.passed) if self.stop is None else min(len(state.passed), self.stop)
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
        self._check(state, None)
        if not state.passed:
            return OrderedDict()
        queryset = self.query_compiler.queryset.filter(pk__in=state.passed)
        rows = queryset.order_by().values(field_name).annotate(count=Count("pk", distinct=True)).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)


def _unfiltered(queryset) -> bool:
    """Whether every indexed object of the model is in ``queryset`` (so the ORM need not check matches)."""
    query = queryset.query
    return not query.where and not query.combinator and not query.is_sliced
