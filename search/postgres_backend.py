"""Wagtail/modelsearch search backend on PostgreSQL full-text search, with the Whoosh backend's jieba analysis.

For deployments with several app servers on one PostgreSQL (``SEARCH_BACKEND=postgres``)::

    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.postgres_backend"}}

It subclasses modelsearch's own PostgreSQL backend and keeps its table (``modelsearch_indexentry``, one row
per indexed object with ``tsvector`` columns and their GIN indexes, created by modelsearch's migrations on
PostgreSQL only), but replaces its analysis, queries and ranking with ours (:mod:`search.postgres_compiler`;
the results are in :mod:`search.postgres_results`):

- the same text as the Whoosh backend (:func:`search.documents.build_document`: ``title``, ``boosted``,
  ``body``), segmented by the same analyzer and dictionary, stored in ``body`` with weights A/B/C per field
  (``title`` holds the title alone, ``autocomplete`` the suffixes for the admin's autocomplete);
- matching by ``tsquery`` literals (every word by default, synonyms expanded, ``<->`` phrases), ranking by
  ``ts_rank`` per word with those weights plus a bonus where the words are next to each other;
- the queryset's own filters (``live()``, ``regulation__in=...``, view restrictions) in the same SQL query,
  so counts are exact; the count and the first page come from one query.

Index writes run in the database transaction of the edit, in a savepoint: a failed index write is logged
and rolls back alone, never the editor's save. There is no index directory and no queue; every app server
sees a write as soon as it commits.

The dictionary the index was segmented with (the editors' 分词词库 words and every synonym, as for a Whoosh
generation) is kept in the table itself, in one row keyed to :class:`search.models.DictionaryWord`'s content
type; queries segment with it, and ``update_index`` replaces it (see :class:`PostgresRebuilder`).
"""

from __future__ import annotations

import json
import logging
import threading
import time

from django.db import transaction
from modelsearch.backends.database.postgres.postgres import (
    IndexEntry,
    PostgresIndex,
    PostgresSearchBackend,
)
from modelsearch.utils import get_content_type_pk

from search.documents import build_document, model_label
from search.postgres_compiler import (
    PostgresAutocompleteQueryCompiler,
    PostgresSearchQueryCompiler,
    autocomplete_vector,
    document_vectors,
    lexeme,
)
from search.postgres_results import PostgresChineseResults

__all__ = ["PostgresChineseBackend", "PostgresChineseIndex", "PostgresChineseResults", "SearchBackend"]

logger = logging.getLogger("search.backend")

#: object_id of the row that records the dictionary the index was segmented with.
WORDS_KEY = "index-words"


def _dictionary_words() -> tuple[str, ...]:
    """Today's dictionary: editors' words plus every synonym (so a synonym is one word), as for Whoosh."""
    # Here, not at the top: the search backend is loaded from settings before the app registry.
    from search.models import DictionaryWord, SynonymGroup

    words = set(DictionaryWord.objects.values_list("word", flat=True))
    for group in SynonymGroup.objects.all():
        words.update(group.word_list)
    return tuple(sorted(words))


def _words_content_type() -> int:
    from search.models import DictionaryWord

    return get_content_type_pk(DictionaryWord)


# The index's dictionary, cached per process for a short while: it changes only when update_index runs (or on
# the very first write), and reading it for every search would cost a query each time.
WORDS_TTL = 30.0
_words_lock = threading.Lock()
_words_cache: tuple[float, tuple[str, ...]] | None = None


def _forget_words() -> None:
    global _words_cache
    with _words_lock:
        _words_cache = None


class PostgresChineseIndex(PostgresIndex):
    def _refresh_title_norms(self, full=False):
        pass  # ranking uses the field weights, not modelsearch's title norm

    # -- the dictionary the index is segmented with ---------------------------------------------

    def index_words(self) -> tuple[str, ...] | None:
        """The words of the index's dictionary, or None before anything was indexed."""
        global _words_cache
        cached = _words_cache
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        row = self.entries.filter(content_type_id=_words_content_type(), object_id=WORDS_KEY)
        text = row.values_list("body_text", flat=True).first()
        if text is None:
            return None
        words = tuple(json.loads(text))
        with _words_lock:
            _words_cache = (time.monotonic() + WORDS_TTL, words)
        return words

    def set_index_words(self, words: tuple[str, ...]) -> None:
        with transaction.atomic(using=self.write_connection.alias), self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {IndexEntry._meta.db_table} "  # the table name is ours
                "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
                "VALUES (%s, %s, ''::tsvector, ''::tsvector, ''::tsvector, 1.0, '', %s) "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET body_text = EXCLUDED.body_text",
                [_words_content_type(), WORDS_KEY, json.dumps(list(words), ensure_ascii=False)],
            )
        _forget_words()

    def _words_for_writing(self) -> tuple[str, ...]:
        words = self.index_words()
        if words is None:
            # The first write: the index takes today's dictionary, as a new Whoosh generation does.
            self.set_index_words(_dictionary_words())
            words = self.index_words() or ()
        return words

    # -- writes ------------------------------------------------------------------------------------

    def add_items(self, model, objs):
        if not model.get_search_fields() or not objs:
            return
        words = self._words_for_writing()
        content_type = get_content_type_pk(model)
        rows, params = [], []
        for obj in objs:
            doc = build_document(obj)
            title, body, length = document_vectors(doc, extra_words=words)
            # title_norm (unused by this backend otherwise) keeps the document's length, for the ranking.
            rows.append("(%s, %s, %s::tsvector, %s::tsvector, %s::tsvector, %s, '', '')")
            params += [content_type, str(obj.pk), title, autocomplete_vector(doc["autocomplete"]), body, length]
        with self.write_connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {IndexEntry._meta.db_table} "  # the table name is ours
                "(content_type_id, object_id, title, autocomplete, body, title_norm, title_text, body_text) "
                f"VALUES {', '.join(rows)} "
                "ON CONFLICT (content_type_id, object_id) DO UPDATE SET title = EXCLUDED.title, "
                "autocomplete = EXCLUDED.autocomplete, body = EXCLUDED.body, title_norm = EXCLUDED.title_norm",
                params,
            )

    def reset(self):
        super().reset()
        self.set_index_words(_dictionary_words())


class PostgresRebuilder:
    """update_index: today's dictionary first, then every object re-indexed in place, stale rows removed.

    Not one long transaction (modelsearch's atomic rebuild): an edit saved during the rebuild would wait for
    it. While it runs, queries already segment with the new dictionary, so a word an editor just added may
    miss some not yet re-indexed objects for those minutes.
    """

    def __init__(self, index: PostgresChineseIndex):
        self.index = index

    def start(self) -> PostgresChineseIndex:
        self.index.set_index_words(_dictionary_words())
        self.index.delete_stale_entries()
        return self.index

    def finish(self) -> None:
        pass


class PostgresChineseBackend(PostgresSearchBackend):
    query_compiler_class = PostgresSearchQueryCompiler
    autocomplete_query_compiler_class = PostgresAutocompleteQueryCompiler
    index_class = PostgresChineseIndex
    results_class = PostgresChineseResults
    rebuilder_class = PostgresRebuilder
    atomic_rebuilder_class = PostgresRebuilder
    # A failed index write is logged and never breaks the editor's save (it rolls back to its savepoint).
    catch_indexing_errors = True

    def __init__(self, params):
        super().__init__({**params, "ATOMIC_REBUILD": False})

    @property
    def index(self) -> PostgresChineseIndex:
        # A new one each time: it holds the connections of the thread that made it.
        return self.index_class(self)

    def get_index_for_model(self, model):
        return self.index

    def _guarded(self, what: str, write) -> None:
        try:
            with transaction.atomic(using=self.index.write_connection.alias):
                write()
        except Exception:
            logger.exception("Could not %s the PostgreSQL search index", what)
            if not self.catch_indexing_errors:
                raise

    def document_frequencies(self, words: list[str]) -> tuple[int, dict[str, int]]:
        """(indexed objects, how many of them hold each word): the fallback's minimum-match rule asks which words
        are common (search.selectors). One pass over the table."""
        # One count per word through the GIN index (a single lexeme needs no recheck, so no tsvector is read),
        # not one FILTER per word over every row: that read each row's whole tsvector (18 ms at 10k articles).
        index = self.index
        table = IndexEntry._meta.db_table  # the table name is ours
        counts = "".join(f", (SELECT count(*) FROM {table} WHERE body @@ %s::tsquery)" for _ in words)
        with index.read_connection.cursor() as cursor:
            cursor.execute(
                f"SELECT (SELECT count(*) FROM {table} WHERE NOT (content_type_id = %s AND object_id = %s)){counts}",
                [_words_content_type(), WORDS_KEY, *(lexeme(w) for w in words)],
            )
            documents, *held = cursor.fetchone()
        return documents, dict(zip(words, held, strict=True))

    def add(self, obj):
        self._guarded(f"add {obj!r} to", lambda: self.index.add_item(obj))

    def add_bulk(self, model, obj_list):
        self._guarded(
            f"add {len(obj_list)} {model_label(model)} objects to", lambda: self.index.add_items(model, obj_list)
        )

    def delete(self, obj):
        self._guarded(f"delete {obj!r} from", lambda: self.index.delete_item(obj))


SearchBackend = PostgresChineseBackend
