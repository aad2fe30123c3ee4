"""Turns modelsearch query objects into Whoosh queries built from analysed terms.

User text never goes through Whoosh's query parser: queries are built from the
words of :func:`search.analysis.query_terms`, so ``AND``, ``title:x``, ``*`` and
brackets are plain words (or dropped punctuation). Editors' synonym groups are
expanded here, at query time.
"""

from __future__ import annotations

import re

from django.utils.functional import cached_property
from modelsearch.backends.base import BaseSearchQueryCompiler
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh import query as wq

from search.analysis import query_terms
from search.documents import model_label, schema_field_for
from search.schema import AUTOCOMPLETE_MAX_GRAM, TEXT_FIELDS, autocomplete_text

__all__ = ["WhooshAutocompleteQueryCompiler", "WhooshSearchQueryCompiler", "fallback_words"]


def fallback_words(query, terms) -> list[str] | None:
    """The words of a top-level multi-word "and" query (``terms`` segments its text), for the any-word
    fallback; None for any other query. Shared by the Whoosh and PostgreSQL compilers."""
    while isinstance(query, Boost):
        query = query.subquery
    if isinstance(query, PlainText | Fuzzy) and query.operator == "and":
        words = terms(query.query_string)
        if len(words) > 1:
            return words
    return None


def _with_boost(q: wq.Query, boost: float) -> wq.Query:
    if boost == 1 or q is wq.NullQuery:
        return q
    return q.with_boost(q.boost * boost)


class WhooshSearchQueryCompiler(BaseSearchQueryCompiler):
    """Turns modelsearch query objects into Whoosh queries built from analysed terms."""

    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = True  # ordering is done by the ORM
    #: Extra weight of the optional "all the words, adjacent" clause of multi-word queries.
    PHRASE_BOOST = 2.0

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.text_fields = self._text_fields()

    def _get_filterable_field(self, field_attname):
        # modelsearch looks filter fields up by attname ("regulation_id"), but the admin sorts a
        # foreign-key column by its name ("regulation"); the ORM orders either way.
        field = super()._get_filterable_field(field_attname)
        if field is None:
            by_name = {f.field_name: f for f in self.queryset.model.get_filterable_search_fields()}
            field = by_name.get(field_attname)
        return field

    def _text_fields(self) -> tuple[str, ...]:
        if not self.fields:
            return TEXT_FIELDS
        by_name = {f.field_name: schema_field_for(f) for f in self.queryset.model.get_searchable_search_fields()}
        wanted = {by_name[name] for name in self.fields if name in by_name}
        # Approximate: "boosted" and "body" hold several fields each.
        return tuple(name for name in TEXT_FIELDS if name in wanted) or TEXT_FIELDS

    # The restriction to the queryset's model (its subclasses included).
    def model_filter(self) -> wq.Query:
        return wq.Term("content_types", model_label(self.queryset.model))

    # Set from the live generation before compiling: queries segment as that generation was indexed.
    extra_words: tuple[str, ...] = ()

    def _terms(self, text: str) -> list[str]:
        return query_terms(text, extra_words=self.extra_words)

    def _variant(self, word: str) -> wq.Query:
        words = self._terms(word) or [word]
        if len(words) == 1:
            return wq.Or([wq.Term(field, words[0]) for field in self.text_fields])
        return wq.Or([wq.Phrase(field, words) for field in self.text_fields])

    def _term(self, term: str) -> wq.Query:
        # Editors' synonym groups: 一把手 also finds 主要负责人 (a synonym of several words is a phrase).
        variants = self.synonyms.get(term, [term])
        if len(variants) == 1:
            return wq.Or([wq.Term(field, term) for field in self.text_fields])
        return wq.Or([self._variant(variant) for variant in variants])

    @cached_property
    def synonyms(self) -> dict[str, list[str]]:
        # Here, not at the top: the search backend is loaded from settings before the app registry.
        from search.models import synonym_map

        return synonym_map()

    def _phrase(self, terms: list[str]) -> wq.Query:
        if len(terms) == 1:
            return self._term(terms[0])
        return wq.Or([wq.Phrase(field, terms) for field in self.text_fields])

    def _plain_text(self, text: str, operator: str, boost: float = 1.0) -> wq.Query:
        terms = self._terms(text)
        if not terms:
            return wq.NullQuery
        if len(terms) > 1 and text.strip() in self.synonyms:
            # A synonym the segmenter splits (三资 → 三/资) still expands as a whole.
            return _with_boost(wq.Or([self._variant(v) for v in self.synonyms[text.strip()]]), boost)
        if len(terms) == 1:
            return _with_boost(self._term(terms[0]), boost)
        combined = (wq.And if operator == "and" else wq.Or)([self._term(t) for t in terms])
        # Documents with the words next to each other (in the title above all) come first.
        q = wq.AndMaybe(combined, self._phrase(terms).with_boost(self.PHRASE_BOOST))
        return _with_boost(q, boost)

    def compile(self, query=None, boost: float = 1.0) -> wq.Query:
        query = self.query if query is None else query
        if isinstance(query, PlainText):
            return self._plain_text(query.query_string, query.operator, boost * query.boost)
        if isinstance(query, Fuzzy):
            # No fuzzy matching for segmented Chinese; behave like plain text.
            return self._plain_text(query.query_string, query.operator, boost)
        if isinstance(query, Phrase):
            terms = self._terms(query.query_string)
            return _with_boost(self._phrase(terms), boost) if terms else wq.NullQuery
        if isinstance(query, MatchAll):
            return wq.Every()
        if isinstance(query, Boost):
            return self.compile(query.subquery, boost * query.boost)
        if isinstance(query, Not):
            return wq.Not(self.compile(query.subquery, boost))
        if isinstance(query, And):
            return wq.And([self.compile(sub, boost) for sub in query.subqueries])
        if isinstance(query, Or):
            return wq.Or([self.compile(sub, boost) for sub in query.subqueries])
        raise NotImplementedError(f"`{query.__class__.__name__}` is not supported by the Whoosh search backend.")

    def fallback_terms(self) -> list[str] | None:
        """For a top-level multi-word "and" query, its words: if no document has them all, any of them will do."""
        return fallback_words(self.query, self._terms)

    def compile_fallback(self, terms: list[str]) -> wq.Query:
        return wq.AndMaybe(
            wq.Or([self._term(t) for t in terms]),
            self._phrase(terms).with_boost(self.PHRASE_BOOST),
        )


_SPLIT = re.compile(r"[^\w]+")


class WhooshAutocompleteQueryCompiler(WhooshSearchQueryCompiler):
    """Substring match on AutocompleteField values (titles), so 谈话 finds 个别谈话要点 as the user types.

    Models without AutocompleteFields are searched like ``search()``. The
    ``fields`` argument is ignored: all autocomplete values share one field.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_ngrams = bool(self.queryset.model.get_autocomplete_search_fields())

    def _chunk(self, chunk: str) -> wq.Query:
        if len(chunk) <= AUTOCOMPLETE_MAX_GRAM:
            return wq.Term("autocomplete", chunk)
        # Longer than the longest gram: all its overlapping grams (a close approximation of the substring).
        size = AUTOCOMPLETE_MAX_GRAM
        grams = list(dict.fromkeys(chunk[i : i + size] for i in range(len(chunk) - size + 1)))
        return wq.And([wq.Term("autocomplete", g) for g in grams])

    def _plain_text(self, text: str, operator: str, boost: float = 1.0) -> wq.Query:
        if not self.use_ngrams:
            return super()._plain_text(text, operator, boost)
        chunks = [c for c in _SPLIT.split(autocomplete_text(text).lower().replace("_", " ")) if c]
        if not chunks:
            return wq.NullQuery
        parts = [self._chunk(c) for c in chunks]
        q = parts[0] if len(parts) == 1 else (wq.And if operator == "and" else wq.Or)(parts)
        return _with_boost(q, boost)

    def fallback_terms(self) -> list[str] | None:
        return None
