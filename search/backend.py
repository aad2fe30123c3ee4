"""Wagtail/modelsearch search backend on Whoosh with jieba segmentation.

Configure with::

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backend",
            "INDEX_DIR": BASE_DIR / "var" / "search-index",
            "WRITE_TIMEOUT": 30,  # seconds a writer waits for another process's write lock
        }
    }

One Whoosh index holds every indexed model. A document is keyed by the root
model (``wagtailcore.page:42``) and lists the concrete model and its parents in
``content_types``, so ``Page.objects.search`` and ``CasePage.objects.search``
both find a case page. Text goes into three scored fields — ``title`` (the
``title`` SearchField), ``boosted`` (SearchFields with boost > 1) and ``body``
(everything else, related fields included) — and AutocompleteField values into
an n-gram field for the admin's ``autocomplete()``.

Whoosh only finds candidate primary keys (at most ``MAX_HITS``, best first); the
queryset's own filters, ordering, ``select_related``/``prefetch_related`` and
facets are then evaluated by the Django ORM, as the fallback database backend does.

Queries are compiled in :mod:`search.compiler`; user text never goes through
Whoosh's query parser.
"""

from __future__ import annotations

import logging
from collections import OrderedDict

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Count
from modelsearch.backends.base import BaseIndex, BaseSearchBackend, BaseSearchResults, FilterFieldError
from whoosh import query as wq

from search.compiler import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from search.documents import build_document, content_type_labels, document_key, model_label
from search.index_store import IndexStore, get_store

__all__ = [
    "MAX_HITS",
    "SearchBackend",
    "WhooshAutocompleteQueryCompiler",
    "WhooshIndex",
    "WhooshRebuilder",
    "WhooshSearchBackend",
    "WhooshSearchQueryCompiler",
    "WhooshSearchResults",
    "build_document",
    "content_type_labels",
    "document_key",
]

logger = logging.getLogger("search.backend")

#: Most candidates taken from Whoosh per search, before the ORM filters them.
MAX_HITS = 1000


# -- results -------------------------------------------------------------------


class _SearchState:
    """Shared by a results object and its clones (slices), so a Paginator searches once."""

    def __init__(self):
        self.ordered: list | None = None  # surviving pks, in result order
        self.scores: dict = {}
        self.fallback_used = False


class WhooshSearchResults(BaseSearchResults):
    supports_facet = True

    def __init__(self, backend, query_compiler, prefetch_related=None):
        super().__init__(backend, query_compiler, prefetch_related=prefetch_related)
        self._state = _SearchState()

    def _clone(self):
        new = super()._clone()
        new._state = self._state
        return new

    # Whoosh part: candidate (pk, score) pairs, best first.
    def _whoosh_hits(self, searcher, q) -> list[tuple[str, float, int]]:
        if q is wq.NullQuery:
            return []
        # The model restriction as a required clause, not a filter=: Whoosh builds a filter's
        # full document set on every search, an And skips through the postings instead.
        results = searcher.search(wq.And([q, self.query_compiler.model_filter()]), limit=self.backend.max_hits)
        return [(hit["pk"], hit.score, hit.docnum) for hit in results]

    def _coordinated(self, searcher, hits, terms) -> list[tuple[str, float, int]]:
        """Rank fallback hits by how many of the words they contain, then by score."""
        model_filter = self.query_compiler.model_filter()
        docnums = {docnum for _, _, docnum in hits}
        matched = {docnum: 0 for docnum in docnums}
        for term in terms:
            found = set(searcher.docs_for_query(wq.And([self.query_compiler._term(term), model_filter])))
            for docnum in found & docnums:
                matched[docnum] += 1
        return sorted(hits, key=lambda hit: (-matched[hit[2]], -hit[1]))

    def _filter(self, hits) -> tuple[list, dict]:
        """Apply the queryset (filters and, without relevance, its ordering) to the candidates."""
        compiler = self.query_compiler
        queryset = compiler.queryset
        pk_field = queryset.model._meta.pk
        scores: dict = {}
        for pk, score, _ in hits:
            scores.setdefault(pk_field.to_python(pk), score)
        if not scores:
            return [], {}
        candidates = queryset.filter(pk__in=list(scores))
        if compiler.order_by_relevance:
            surviving = set(candidates.order_by().values_list("pk", flat=True))
            ordered = [pk for pk in scores if pk in surviving]
        else:
            if not queryset.query.order_by:
                candidates = candidates.order_by("-pk")
            ordered = list(dict.fromkeys(candidates.values_list("pk", flat=True)))
        return ordered, scores

    def _search_state(self) -> _SearchState:
        state = self._state
        if state.ordered is not None:
            return state
        compiler = self.query_compiler
        store: IndexStore = self.backend.store
        compiler.extra_words = store.current_extra_words()
        ordered, scores, fallback_used = [], {}, False
        with store.searcher() as searcher:
            if searcher is not None:
                ordered, scores = self._filter(self._whoosh_hits(searcher, compiler.compile()))
                terms = compiler.fallback_terms() if not ordered else None
                if terms:
                    hits = self._whoosh_hits(searcher, compiler.compile_fallback(terms))
                    hits = self._coordinated(searcher, hits, terms)
                    ordered, scores = self._filter(hits)
                    fallback_used = bool(ordered)
        state.ordered, state.scores, state.fallback_used = ordered, scores, fallback_used
        return state

    @property
    def fallback_used(self) -> bool:
        """True when no result had all the words, so results with only some of them were returned."""
        return self._search_state().fallback_used

    def _do_search(self):
        state = self._search_state()
        page = state.ordered[self.start : self.stop]
        if not page:
            return []
        queryset = self.query_compiler.queryset.filter(pk__in=page)
        if self.prefetch_related:
            queryset = queryset.prefetch_related(*self.prefetch_related)
        by_pk = {obj.pk: obj for obj in queryset}
        results = [by_pk[pk] for pk in page if pk in by_pk]
        if self._score_field:
            for obj in results:
                setattr(obj, self._score_field, state.scores.get(obj.pk))
        return results

    def _do_count(self):
        return len(self._search_state().ordered[self.start : self.stop])

    def facet(self, field_name):
        field = self.query_compiler._get_filterable_field(field_name)
        if field is None:
            raise FilterFieldError(
                f'Cannot facet search results with field "{field_name}". Please add index.FilterField('
                f'"{field_name}") to {self.query_compiler.queryset.model.__name__}.search_fields.',
                field_name=field_name,
            )
        ordered = self._search_state().ordered
        if not ordered:
            return OrderedDict()
        queryset = self.query_compiler.queryset.filter(pk__in=ordered)
        rows = queryset.order_by().values(field_name).annotate(count=Count("pk", distinct=True)).order_by("-count")
        return OrderedDict((row[field_name], row["count"]) for row in rows)


# -- index ---------------------------------------------------------------------


class WhooshIndex(BaseIndex):
    """The single index. ``generation`` pins writes to one generation (used while rebuilding)."""

    def __init__(self, backend, generation: str | None = None):
        super().__init__(backend)
        self.generation = generation

    def __repr__(self):
        return f"<WhooshIndex {self.backend.store.path} {self.generation or 'live'}>"

    def get_key(self):
        return "default"

    def add_model(self, model):
        pass

    def refresh(self):
        # Committed writes are already visible; merging segments keeps queries fast after bulk loads.
        self.backend.store.optimize()

    def reset(self):
        self.backend.store.reset()

    def add_item(self, obj):
        self.add_items(type(obj), [obj])

    def add_items(self, model, items):
        documents = [build_document(obj) for obj in items]
        self.backend.store.write(documents, generation=self.generation)

    def delete_item(self, item):
        self.backend.store.write(delete_keys=[document_key(item)], generation=self.generation)


class WhooshRebuilder:
    """update_index protocol: fill a new generation while searches use the old one, then switch."""

    def __init__(self, index: WhooshIndex):
        self.index = index
        self.generation: str | None = None

    def start(self) -> WhooshIndex:
        self.generation = self.index.backend.store.begin_rebuild()
        return WhooshIndex(self.index.backend, generation=self.generation)

    def finish(self) -> None:
        self.index.backend.store.finish_rebuild(self.generation)


# -- backend -------------------------------------------------------------------


def _dictionary_words() -> list[str]:
    """Words editors added, plus every synonym (so a synonym is one token, not split apart)."""
    from search.models import DictionaryWord, SynonymGroup

    words = list(DictionaryWord.objects.values_list("word", flat=True))
    for group in SynonymGroup.objects.all():
        words += group.word_list
    return words


class WhooshSearchBackend(BaseSearchBackend):
    query_compiler_class = WhooshSearchQueryCompiler
    autocomplete_query_compiler_class = WhooshAutocompleteQueryCompiler
    results_class = WhooshSearchResults
    index_class = WhooshIndex
    rebuilder_class = WhooshRebuilder
    # An index failure is logged, and never breaks the editor's save.
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__(params)
        params = dict(params)
        index_dir = params.pop("INDEX_DIR", None)
        if not index_dir:
            raise ImproperlyConfigured("The search.backend search backend needs an INDEX_DIR setting")
        self.write_timeout = float(params.pop("WRITE_TIMEOUT", 30))
        # Candidates handed to the ORM filters; a broad query with a narrow filter needs more.
        self.max_hits = int(params.pop("MAX_HITS", MAX_HITS))
        self.store = get_store(index_dir, write_timeout=self.write_timeout)
        self.store.words_provider = _dictionary_words

    def add(self, obj):
        try:
            super().add(obj)
        except Exception:
            logger.exception("Could not add %r to the search index %s", obj, self.store.path)
            if not self.catch_indexing_errors:
                raise

    def add_bulk(self, model, obj_list):
        try:
            super().add_bulk(model, obj_list)
        except Exception:
            logger.exception("Could not add %d %s objects to the search index", len(obj_list), model_label(model))
            if not self.catch_indexing_errors:
                raise

    def delete(self, obj):
        try:
            super().delete(obj)
        except Exception:
            logger.exception("Could not delete %r from the search index %s", obj, self.store.path)
            if not self.catch_indexing_errors:
                raise


SearchBackend = WhooshSearchBackend
