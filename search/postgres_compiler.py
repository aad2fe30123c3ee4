"""The PostgreSQL backend's text side: jieba-segmented ``tsvector`` values and ``tsquery`` values built from words.

PostgreSQL does no Chinese segmentation, so nothing here goes through ``to_tsvector``/``to_tsquery`` (their
parsers would stem, fold or split the words again). Documents are analysed by the Whoosh backend's own
analyzer (:mod:`search.analysis`, index mode: precise words plus their dictionary sub-words at the same
position) and written as ``tsvector`` literals with their positions and a weight per field: ``title`` A,
``boosted`` B, ``body`` C, a gap of one position between fields so that no phrase runs from one into the next.
Queries are ``tsquery`` literals of quoted lexemes: user text is never parsed as query syntax.

Autocomplete values are stored as the suffixes of each run of letters and digits, so a prefix query
(``'谈话':*``) matches any substring, as the Whoosh backend's n-grams do.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.functional import cached_property
from modelsearch.backends.base import BaseSearchQueryCompiler
from modelsearch.query import And, Boost, Fuzzy, MatchAll, Not, Or, Phrase, PlainText
from whoosh.util.numeric import byte_to_length, length_to_byte

from search.analysis import chinese_analyzer, query_terms
from search.compiler import fallback_words
from search.documents import schema_field_for
from search.schema import TEXT_FIELDS, autocomplete_text

__all__ = [
    "FIELD_WEIGHTS",
    "Compiled",
    "PostgresAutocompleteQueryCompiler",
    "PostgresSearchQueryCompiler",
    "autocomplete_vector",
    "document_vectors",
    "lexeme",
]

#: tsvector weight of each scored field (the Whoosh backend's field boosts 3, 2 and 1).
FIELD_WEIGHTS = {"title": "A", "boosted": "B", "body": "C"}
#: ``ts_rank`` weights, in PostgreSQL's order {D, C, B, A}: the field boosts scaled to A = 1.
RANK_WEIGHTS = "{0.1,0.3333,0.6667,1.0}"
#: PostgreSQL keeps positions up to 16383 (later ones are stored as 16383) and 256 of them per lexeme.
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256
#: Longest autocomplete suffix stored; a longer query chunk is matched by its first this many characters.
AUTOCOMPLETE_MAX_SUFFIX = 24

_CHUNKS = re.compile(r"[^\w]+")


def lexeme(word: str) -> str:
    """A quoted tsvector/tsquery lexeme: quotes doubled and backslashes escaped, so any text is one word."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def document_vectors(doc: dict, *, extra_words: tuple[str, ...]) -> tuple[str, str, int]:
    """(title vector, whole-document vector, length) of a :func:`search.documents.build_document` document.

    The length counts the body's tokens (sub-words too), rounded as Whoosh stores field lengths, for the ranking.
    """
    analyzer = chinese_analyzer(mode="index", extra_words=extra_words)
    title: dict[str, list[str]] = {}
    whole: dict[str, list[str]] = {}
    offset = tokens = 0
    for name in TEXT_FIELDS:
        weight = FIELD_WEIGHTS[name]
        last = -1
        for token in analyzer(doc.get(name) or "", positions=True):
            position = f"{min(offset + token.pos + 1, MAX_POSITION)}{weight}"
            for vector in (whole, title) if name == "title" else (whole,):
                found = vector.setdefault(token.text, [])
                if len(found) < MAX_POSITIONS_PER_LEXEME and position not in found:
                    found.append(position)
            last = token.pos
            tokens += name == "body"
        offset += last + 2  # one empty position between fields: no phrase across them
    return _vector(title), _vector(whole), byte_to_length(length_to_byte(tokens))


def _vector(entries: dict[str, list[str]]) -> str:
    return " ".join(f"{lexeme(word)}:{','.join(positions)}" for word, positions in entries.items())


def _chunks(text: str) -> list[str]:
    return [c for c in _CHUNKS.split(autocomplete_text(text).lower().replace("_", " ")) if c]


def autocomplete_vector(text: str) -> str:
    """Every suffix of every chunk of the document's AutocompleteField text."""
    suffixes = dict.fromkeys(chunk[i:][:AUTOCOMPLETE_MAX_SUFFIX] for chunk in _chunks(text) for i in range(len(chunk)))
    return " ".join(lexeme(s) for s in suffixes)


# -- queries -------------------------------------------------------------------------------------------------


@dataclass
class Compiled:
    """A compiled query: ``match`` filters (a tsquery literal; None: everything, "": nothing), ``rank`` scores.

    Each rank part is (tsquery, factor, kind): ``sum`` adds ``ts_rank`` of a query every match has;
    ``if`` adds it only where the row matches that query too (the phrase bonus, a word of an any-word search,
    which then also counts one for each matched word so that results with more of the words come first).
    """

    match: str | None
    rank: list[tuple[str, float, str]] = field(default_factory=list)


NOTHING = Compiled(match="")


def _all(parts: list[str]) -> str:
    return " & ".join(f"({p})" for p in parts) if len(parts) > 1 else parts[0]


def _any(parts: list[str]) -> str:
    return " | ".join(f"({p})" for p in parts) if len(parts) > 1 else parts[0]


def _boosted(compiled: Compiled, boost: float) -> Compiled:
    if boost == 1:
        return compiled
    return Compiled(compiled.match, [(q, factor * boost, kind) for q, factor, kind in compiled.rank])


class PostgresSearchQueryCompiler(BaseSearchQueryCompiler):
    """modelsearch query objects as tsquery literals, with the Whoosh backend's rules for words and synonyms.

    The same words as :class:`search.compiler.WhooshSearchQueryCompiler`: the user's text segmented in precise
    mode with the dictionary the index was built with, editors' synonym groups expanded at query time (a
    synonym of several words as a phrase), every word required by default, and the words next to each other
    ranked higher (``<->``).
    """

    DEFAULT_OPERATOR = "and"
    HANDLES_ORDER_BY_EXPRESSIONS = True  # ordering is done by the ORM
    #: Extra weight of the words found next to each other, as in the Whoosh backend.
    PHRASE_BOOST = 2.0

    #: Set by the backend before compiling: the dictionary words the index was segmented with.
    extra_words: tuple[str, ...] = ()

    def _get_filterable_field(self, field_attname):
        # As in search.compiler: the admin sorts a foreign-key column by its name, not its attname.
        found = super()._get_filterable_field(field_attname)
        if found is None:
            by_name = {f.field_name: f for f in self.queryset.model.get_filterable_search_fields()}
            found = by_name.get(field_attname)
        return found

    @cached_property
    def labels(self) -> str:
        """Weight labels that restrict a lexeme to the fields searched ("" for all of them)."""
        if not self.fields:
            return ""
        by_name = {f.field_name: schema_field_for(f) for f in self.queryset.model.get_searchable_search_fields()}
        wanted = {by_name[name] for name in self.fields if name in by_name}
        if not wanted or wanted == set(TEXT_FIELDS):
            return ""
        return "".join(FIELD_WEIGHTS[name] for name in TEXT_FIELDS if name in wanted)

    @cached_property
    def synonyms(self) -> dict[str, list[str]]:
        # Here, not at the top: the search backend is loaded from settings before the app registry.
        from search.models import synonym_map

        return synonym_map()

    def _terms(self, text: str) -> list[str]:
        return query_terms(text, extra_words=self.extra_words)

    def _word(self, word: str) -> str:
        return f"{lexeme(word)}:{self.labels}" if self.labels else lexeme(word)

    def _phrase(self, words: list[str]) -> str:
        return " <-> ".join(self._word(w) for w in words)

    def _variant(self, text: str) -> str:
        words = self._terms(text) or [text]
        return self._phrase(words)

    def _term(self, term: str) -> str:
        variants = self.synonyms.get(term, [term])
        if len(variants) == 1:
            return self._word(term)
        return _any([self._variant(v) for v in variants])

    def _plain_text(self, text: str, operator: str, boost: float = 1.0) -> Compiled:
        terms = self._terms(text)
        if not terms:
            return NOTHING
        if len(terms) > 1 and text.strip() in self.synonyms:
            # A synonym the segmenter splits (三资 → 三/资) still expands as a whole.
            q = _any([self._variant(v) for v in self.synonyms[text.strip()]])
            return Compiled(q, [(q, boost, "sum")])
        return self._words(terms, operator, boost)

    def _words(self, terms: list[str], operator: str, boost: float = 1.0) -> Compiled:
        parts = [self._term(t) for t in terms]
        if len(parts) == 1:
            return Compiled(parts[0], [(parts[0], boost, "sum")])
        phrase = (self._phrase(terms), self.PHRASE_BOOST * boost, "if")
        if operator == "and":
            return Compiled(_all(parts), [*((p, boost, "sum") for p in parts), phrase])
        return Compiled(_any(parts), [*((p, boost, "count") for p in parts), phrase])

    def compile(self, query=None, boost: float = 1.0) -> Compiled:
        query = self.query if query is None else query
        if isinstance(query, PlainText | Fuzzy):
            # No fuzzy matching for segmented Chinese: fuzzy behaves like plain text, as in the Whoosh backend.
            return self._plain_text(query.query_string, query.operator, boost * getattr(query, "boost", 1.0))
        if isinstance(query, Phrase):
            terms = self._terms(query.query_string)
            if not terms:
                return NOTHING
            q = self._phrase(terms) if len(terms) > 1 else self._term(terms[0])
            return Compiled(q, [(q, boost, "sum")])
        if isinstance(query, MatchAll):
            return Compiled(None)
        if isinstance(query, Boost):
            return self.compile(query.subquery, boost * query.boost)
        if isinstance(query, Not):
            inner = self.compile(query.subquery, boost)
            if inner.match is None:
                return NOTHING
            return Compiled(f"!({inner.match})" if inner.match else None)
        if isinstance(query, And | Or):
            parts = [self.compile(sub, boost) for sub in query.subqueries]
            rank = [part for p in parts for part in p.rank]
            if isinstance(query, And):
                if any(p.match == "" for p in parts):
                    return NOTHING
                matches = [p.match for p in parts if p.match is not None]
                return Compiled(_all(matches) if matches else None, rank)
            if any(p.match is None for p in parts):
                return Compiled(None, rank)
            matches = [p.match for p in parts if p.match]
            # A part of an any-of query counts only where it matched.
            rank = [(q, f, "if" if kind == "sum" else kind) for q, f, kind in rank]
            return Compiled(_any(matches) if matches else "", rank)
        raise NotImplementedError(f"`{query.__class__.__name__}` is not supported by the PostgreSQL search backend.")

    def fallback_terms(self) -> list[str] | None:
        """For a top-level multi-word "and" query, its words: if no row has them all, any of them will do."""
        return fallback_words(self.query, self._terms)

    def compile_fallback(self, terms: list[str]) -> Compiled:
        return self._words(terms, "or")


class PostgresAutocompleteQueryCompiler(PostgresSearchQueryCompiler):
    """Substring match on AutocompleteField values (prefixes of stored suffixes), like the Whoosh backend's.

    Models without AutocompleteFields are searched like ``search()``; ``fields`` is ignored.
    """

    def fallback_terms(self) -> list[str] | None:
        return None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.use_suffixes = bool(self.queryset.model.get_autocomplete_search_fields())

    def _plain_text(self, text: str, operator: str, boost: float = 1.0) -> Compiled:
        if not self.use_suffixes:
            return super()._plain_text(text, operator, boost)
        chunks = _chunks(text)
        if not chunks:
            return NOTHING
        parts = [f"{lexeme(c[:AUTOCOMPLETE_MAX_SUFFIX])}:*" for c in chunks]
        q = _all(parts) if operator == "and" else _any(parts)
        return Compiled(q, [(q, boost, "sum")])
