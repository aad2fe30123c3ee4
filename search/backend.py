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

Whoosh only ranks the matching primary keys; the queryset's own filters,
ordering, ``select_related``/``prefetch_related`` and facets are then evaluated
by the Django ORM, as the fallback database backend does (see
:mod:`search.results`, which also explains when a count is estimated).

Queries are compiled in :mod:`search.compiler`; user text never goes through
Whoosh's query parser.
"""

from __future__ import annotations

import logging

from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends.base import BaseIndex, BaseSearchBackend

from search.compiler import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from search.documents import build_document, content_type_labels, document_key, model_label
from search.index_store import get_store
from search.results import MAX_HITS, WhooshSearchResults
from search.schema import TEXT_FIELDS

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
    # Here, not at the top: the search backend is loaded from settings before the app registry.
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
        # Matches checked against the queryset's filters per query, and the exact-count limit.
        self.max_hits = int(params.pop("MAX_HITS", MAX_HITS))
        self.store = get_store(index_dir, write_timeout=self.write_timeout)
        self.store.words_provider = _dictionary_words

    def document_frequencies(self, words: list[str]) -> tuple[int, dict[str, int]]:
        """(live documents, how many of them hold each word in any text field): the fallback's minimum-match
        rule asks which words are common. Read from the term index: no scoring pass."""
        with self.store.searcher() as searcher:
            if searcher is None:
                return 0, dict.fromkeys(words, 0)
            fields = [name for name in TEXT_FIELDS if name in searcher.schema]
            return searcher.doc_count(), {w: max(searcher.doc_frequency(f, w) for f in fields) for w in words}

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
