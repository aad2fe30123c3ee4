"""Wagtail/modelsearch search backend on Whoosh with jieba segmentation.

Configure with::

    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "search.backend",
            "INDEX_DIR": BASE_DIR / "var" / "search-index",
            "WRITE_TIMEOUT": 2,  # seconds an edit's index write waits for the lock, then it is queued
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

Faults never reach the user (see :mod:`search.index_store`): with no usable index a
search is answered by modelsearch's database fallback backend (substring matching,
no index needed; :func:`index_degraded` tells the page to say so) and one rebuild is
queued; an edit whose index write cannot land is kept in the pending-operations table
(:mod:`search.services`) and applied by the worker or by the next rebuild.
"""

from __future__ import annotations

import logging
import threading

from django.core.exceptions import ImproperlyConfigured
from modelsearch.backends.base import BaseIndex, BaseSearchBackend
from modelsearch.backends.database.fallback import (
    DatabaseAutocompleteQueryCompiler,
    DatabaseSearchBackend,
    DatabaseSearchQueryCompiler,
)

from search.compiler import WhooshAutocompleteQueryCompiler, WhooshSearchQueryCompiler
from search.documents import build_document, content_type_labels, document_key, model_label
from search.index_store import IndexBusy, IndexUnavailable, get_store
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
    "index_degraded",
    "reset_index_degraded",
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
        self._write(items, "add", documents=documents)

    def delete_item(self, item):
        self._write([item], "delete", delete_keys=[document_key(item)])

    def _write(self, objects, op: str, **changes) -> None:
        """Write to the live generation; what cannot land there now goes to the pending queue."""
        store = self.backend.store
        if self.generation is not None:  # a rebuild filling its generation
            store.write(generation=self.generation, **changes)
            return
        from search.services import record_pending_index_operations, schedule_index_rebuild

        try:
            landed = store.write(create_missing=False, **changes)
        except IndexUnavailable:
            # Never a fresh, near-empty index in place of a missing one: the rebuild puts everything back.
            record_pending_index_operations(objects=objects, op=op, reason="no usable index")
            schedule_index_rebuild(store=store)
        except IndexBusy:
            record_pending_index_operations(objects=objects, op=op, reason="index write lock busy")
        else:
            if not landed:
                record_pending_index_operations(objects=objects, op=op, reason="rebuild running")


class WhooshRebuilder:
    """update_index protocol: fill a new generation while searches use the old one, then switch.

    Whatever the folder holds (garbage pointer, partial generations from a rebuild that died) is cleared
    by start(). finish() applies the pending operations to the new generation before it goes live, and
    those recorded during the switch right after.
    """

    def __init__(self, index: WhooshIndex):
        self.index = index
        self.generation: str | None = None

    def start(self) -> WhooshIndex:
        self.generation = self.index.backend.store.begin_rebuild()
        return WhooshIndex(self.index.backend, generation=self.generation)

    def finish(self) -> None:
        from search.services import drain_pending_index_operations

        store = self.index.backend.store

        def before_switch(name: str) -> None:
            drain_pending_index_operations(store=store, generation=name)

        store.finish_rebuild(self.generation, before_switch=before_switch)
        drain_pending_index_operations(store=store)


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
        self.write_timeout = float(params.pop("WRITE_TIMEOUT", 2))
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
            self._keep([obj], "add")

    def add_bulk(self, model, obj_list):
        try:
            super().add_bulk(model, obj_list)
        except Exception:
            logger.exception("Could not add %d %s objects to the search index", len(obj_list), model_label(model))
            self._keep(obj_list, "add")

    def delete(self, obj):
        try:
            super().delete(obj)
        except Exception:
            logger.exception("Could not delete %r from the search index %s", obj, self.store.path)
            self._keep([obj], "delete")

    def _keep(self, objects, op: str) -> None:
        """An unexpected failure (disk full...): the edit stays queued for the worker, never only logged."""
        from search.services import record_pending_index_operations

        try:
            record_pending_index_operations(objects=list(objects), op=op, reason="index write failed")
        except Exception:
            logger.exception("Could not queue the failed index write either; run `manage.py update_index`")
        if not self.catch_indexing_errors:
            raise

    # -- faults: answer from the database while the index cannot be opened ------------------------------

    def _search(self, query_compiler_class, query, model_or_queryset, **kwargs):
        if self.store.usable():
            return super()._search(query_compiler_class, query, model_or_queryset, **kwargs)
        # Nothing is queued from here: a search (a GET) writes nothing. A save queues the rebuild
        # (search.services.schedule_index_rebuild), and check_search_index --repair runs every 5 minutes.
        _degraded.used = True
        fallback = DatabaseSearchBackend({})
        compiler = (
            DatabaseAutocompleteQueryCompiler
            if query_compiler_class is self.autocomplete_query_compiler_class
            else DatabaseSearchQueryCompiler
        )
        return fallback._search(compiler, query, model_or_queryset, **kwargs)

    # -- warm workers ------------------------------------------------------------------------------------

    def warm_up(self) -> None:
        """Load the jieba dictionaries and open the searcher now (a new worker), not in a user's first search."""
        from wagtail.models import Page

        from search.dictionary import get_segmenter

        get_segmenter(self.store.current_extra_words()).precise("巡察整改")
        # One real search: the searcher, the query's analyzer and the per-segment caches of the scoring.
        list(self.search("巡察整改", Page)[:1])


# Whether a search in this thread's current request was answered by the database fallback.
_degraded = threading.local()


def index_degraded() -> bool:
    """A search of this request was answered without the index (missing or damaged): results may be incomplete."""
    return getattr(_degraded, "used", False)


def reset_index_degraded(**kwargs) -> None:
    _degraded.used = False


SearchBackend = WhooshSearchBackend
