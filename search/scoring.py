"""Every match of a compiled Whoosh query with its score, computed a posting block at a time.

Whoosh's collector scores one match at a time through a tree of matcher objects
(about 15 µs a match here), so ranking a common word among 10,000 articles took
tens of milliseconds. :func:`score_all` gives the same scores from a fraction of
that work: a ``Term`` reads its posting blocks and applies the searcher's BM25F
(same formula, parameters, idf and encoded field lengths) in one comprehension;
``Or``, ``And`` and ``AndMaybe`` add up their parts' scores as Whoosh's matchers
do. Any other node (``Phrase``, ``Not``, ``Every``...) is run by Whoosh's own
matcher, so its meaning and score are Whoosh's.

What never changes in a segment (field lengths, the ``pk`` stored with each
document, the documents of a model) is cached by segment id; deletions are read
from each new reader.

:func:`score_deferred` is the site search's pass: for a multi-word query
(``AndMaybe(all the words, the words adjacent)``) it scores the required part
exactly and gives each document only an upper bound of the adjacency bonus; the
positions of the words are then decoded only for the documents that could rank
(:class:`Deferred`, used by :mod:`search.results`). The same pass also tells which
documents hold each of a few extra queries (the any-word fallback's words), so a
request scores the index once.

Every access to Whoosh's private members goes through :mod:`search.whoosh_internals`.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable

from whoosh import query as wq
from whoosh.scoring import BM25F

from search import whoosh_internals as internals

__all__ = ["Deferred", "doc_pks", "model_docs", "score_all", "score_deferred"]

Scores = dict[int, float]

_CACHED_SEGMENTS = 32
_segment_caches: OrderedDict[tuple, dict] = OrderedDict()
_segment_lock = threading.Lock()
_searcher_caches: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _segment_cache(reader) -> dict:
    """Per-segment memo; a throwaway dict for readers without a segment (an empty index)."""
    segment = reader.segment() if hasattr(reader, "segment") else None
    if segment is None:
        return {}
    key = (segment.segment_id(), reader.doc_count_all())
    with _segment_lock:
        cache = _segment_caches.get(key)
        if cache is None:
            cache = _segment_caches[key] = {}
            while len(_segment_caches) > _CACHED_SEGMENTS:
                _segment_caches.popitem(last=False)
        else:
            _segment_caches.move_to_end(key)
        return cache


def _field_lengths(reader, fieldname: str) -> list[int]:
    cache = _segment_cache(reader)
    lengths = cache.get(("lengths", fieldname))
    if lengths is None:
        lengths = cache[("lengths", fieldname)] = internals.field_lengths(reader, fieldname)
    return lengths


class _Segment:
    """Scores a query in one segment; each term's postings are read once per query."""

    def __init__(self, top, leaf):
        self.top, self.leaf, self.reader = top, leaf, leaf.reader()
        self.terms: dict[tuple[str, bytes], Scores] = {}
        self.values: dict[tuple[str, str], dict[int, bytes]] = {}

    def term(self, fieldname: str, word: str, boost: float) -> Scores | None:
        """BM25F scores of one term, or None when the weighting is not Whoosh's BM25F."""
        schema, weighting = self.top.schema, self.top.weighting
        if fieldname not in schema:
            return {}
        field = schema[fieldname]
        if type(weighting) is not BM25F or not field.scorable:
            return None
        try:
            text = field.to_bytes(word)
        except ValueError:
            return {}
        scores = self.terms.get((fieldname, text))
        if scores is None:
            scores = self.terms[(fieldname, text)] = self._bm25f(fieldname, text, weighting)
        return scores if boost == 1 else {d: s * boost for d, s in scores.items()}

    def _bm25f(self, fieldname: str, text: bytes, weighting: BM25F) -> Scores:
        reader, top = self.reader, self.top
        if (fieldname, text) not in reader:
            return {}
        # Deletions are removed once per segment, in score_all.
        matcher = internals.unfiltered_postings(reader, fieldname, text)
        lengths = _field_lengths(reader, fieldname)
        b, k1 = internals.bm25f_b(weighting, fieldname), weighting.K1
        # whoosh.scoring.bm25: idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg_length))
        numerator = top.idf(fieldname, text) * (k1 + 1)
        constant = k1 * (1 - b)
        per_length = k1 * b / (top.avg_field_length(fieldname) or 1)
        scores: Scores = {}
        for ids, weights in internals.blocks(matcher):
            scores.update(
                {
                    d: numerator * tf / (tf + constant + per_length * lengths[d])
                    for d, tf in zip(ids, weights, strict=True)
                }
            )
        return scores

    def positions(self, fieldname: str, word: str, docs: set[int]) -> dict[int, list[int]]:
        """Word positions of a term in each of ``docs`` (decoding only those documents' postings).

        The encoded postings of the term are read once per pass, on the first call: a pass resolves its
        phrases a batch of documents at a time.
        """
        field = self.top.schema[fieldname]
        values = self.values.get((fieldname, word))
        if values is None:
            values = self.values[(fieldname, word)] = {}
            matcher = internals.unfiltered_postings(self.reader, fieldname, field.to_bytes(word))
            for ids, block in internals.blocks_with_values(matcher, None):
                values.update(zip(ids, block, strict=True))
        decode = internals.positions_decoder(field)
        return {d: decode(values[d]) for d in docs if d in values}

    def phrase_bound(self, q: wq.Phrase, boost: float) -> Scores | None:
        """What ``q`` would score in each document holding all its words, were they adjacent (None: not ours)."""
        field = self.top.schema[q.fieldname] if q.fieldname in self.top.schema else None
        if q.slop != 1 or not q.words or field is None or not field.format.supports("positions"):
            return None
        parts = [self.term(q.fieldname, word, 1.0) for word in q.words]
        if any(part is None for part in parts):
            return None
        docs = set(min(parts, key=len)).intersection(*parts)
        return {d: sum(part[d] for part in parts) * q.boost * boost for d in docs}

    def adjacent(self, q: wq.Phrase, docs: set[int]) -> set[int]:
        """Those of ``docs`` where the phrase's words stand at consecutive positions."""
        if not docs:
            return set()
        first, *rest = [self.positions(q.fieldname, word, docs) for word in q.words]
        shifts = [(-i).__add__ for i in range(1, len(rest) + 1)]
        found = set()
        for d in docs:
            # Where the phrase could start: word 1's positions, kept while word i+1 stands i places on.
            starts = set(first[d])
            for later, shift in zip(rest, shifts, strict=True):
                starts.intersection_update(map(shift, later[d]))
                if not starts:
                    break
            else:
                found.add(d)
        return found

    def phrase(self, q: wq.Phrase, boost: float) -> Scores | None:
        """Whoosh's Phrase with slop 1: the words at consecutive positions, scored as the sum of their terms."""
        bound = self.phrase_bound(q, boost)
        if bound is None:
            return None
        return {d: bound[d] for d in self.adjacent(q, set(bound))}

    def split(self, q: wq.Query, boost: float = 1.0):
        """(exact scores, bonus bounds, phrases) of ``AndMaybe(required, phrases)``, or None for other shapes.

        A document's score is its exact score plus, for each ``(phrase, bound)`` of ``phrases`` whose words
        are adjacent in it, ``bound[doc]``: the phrases' positions are left for :meth:`Deferred.resolve`.
        """
        if type(q) is not wq.AndMaybe:
            return None
        optional = [(q.b, boost)]
        if type(q.b) is wq.Or and not q.b.scale and not q.b.minmatch:
            optional = [(sub, boost * q.b.boost) for sub in q.b.subqueries]
        if any(type(sub) is not wq.Phrase for sub, _ in optional):
            return None
        bounds = [self.phrase_bound(sub, b) for sub, b in optional]
        if any(bound is None for bound in bounds):
            return None
        required = self.score(q.a, boost)
        phrases = [
            (sub, {d: s for d, s in bound.items() if d in required})
            for (sub, _), bound in zip(optional, bounds, strict=True)
        ]
        return required, [(sub, bound) for sub, bound in phrases if bound]

    def score(self, q: wq.Query, boost: float = 1.0) -> Scores:
        if q is wq.NullQuery:
            return {}
        kind = type(q)
        scores = None
        if kind is wq.Term:
            scores = self.term(q.fieldname, q.text, q.boost * boost)
        elif kind is wq.Phrase:
            scores = self.phrase(q, boost)
        elif kind is wq.Or and not q.scale and not q.minmatch:
            scores = _sum(self.score(sub, boost * q.boost) for sub in q.subqueries)
        elif kind is wq.And and q.subqueries:
            parts = sorted((self.score(sub, boost * q.boost) for sub in q.subqueries), key=len)
            scores = {d: sum(part[d] for part in parts) for d in set(parts[0]).intersection(*parts[1:])}
        elif kind is wq.AndMaybe:
            required = self.score(q.a, boost)
            optional = self.score(q.b, boost) if required else {}
            scores = {d: s + optional.get(d, 0.0) for d, s in required.items()}
        return scores if scores is not None else _whoosh(self.leaf, q, boost)


def _whoosh(leaf, q: wq.Query, boost: float) -> Scores:
    matcher = q.matcher(leaf)
    scores: Scores = {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score() * boost
        matcher.next()
    return scores


def _sum(parts: Iterable[Scores]) -> Scores:
    parts = sorted(parts, key=len, reverse=True)
    if not parts:
        return {}
    total = dict(parts[0])
    for part in parts[1:]:
        for d, s in part.items():
            total[d] = total.get(d, 0.0) + s
    return total


def _live(reader, scores: Scores) -> Scores:
    if reader.has_deletions():
        deleted = reader.deleted_docs_set
        return {d: s for d, s in scores.items() if d not in deleted}
    return scores


def score_all(searcher, q: wq.Query) -> Scores:
    """Document number -> score for every live document ``q`` matches, as Whoosh would score it."""
    internals.count_pass()
    found: Scores = {}
    for leaf, offset in searcher.leaf_searchers():
        scores = _live(leaf.reader(), _Segment(searcher, leaf).score(q))
        found.update({d + offset: s for d, s in scores.items()} if offset else scores)
    return found


class Deferred:
    """One pass of a query over the index, the adjacency bonus of its phrases left until it matters.

    ``exact`` holds every live match with its score without the bonus, ``bound`` each match's largest
    possible bonus (absent: none). :meth:`resolve` decodes positions for the documents asked about only.
    ``matched`` has, for each extra query of :func:`score_deferred`, the live documents it matches.
    """

    def __init__(self, searcher):
        self.searcher = searcher
        self.exact: Scores = {}
        self.bound: Scores = {}
        self.matched: list[set[int]] = []
        self._segments: list[tuple[int, int, _Segment, list]] = []  # (offset, end, segment, phrases)
        self._bonus: Scores = {}

    def upper(self, d: int) -> float:
        return self.exact[d] + self.bound.get(d, 0.0)

    def resolve(self, docs: Iterable[int]) -> Scores:
        """The exact score of each of ``docs`` (matches of this pass)."""
        todo = {d for d in docs if d in self.bound and d not in self._bonus}
        for offset, end, segment, phrases in self._segments:
            local = {d - offset for d in todo if offset <= d < end}
            if not local:
                continue
            bonus: Scores = dict.fromkeys(local, 0.0)
            for phrase, bound in phrases:
                for d in segment.adjacent(phrase, local & bound.keys()):
                    bonus[d] += bound[d]
            self._bonus.update({d + offset: s for d, s in bonus.items()})
        return {d: self.exact[d] + self._bonus.get(d, 0.0) for d in docs}


def score_deferred(searcher, q: wq.Query, also: Iterable[wq.Query] = ()) -> Deferred:
    """One scoring pass of ``q`` (see :class:`Deferred`), and which documents each of ``also`` matches."""
    internals.count_pass()
    also = list(also)
    result = Deferred(searcher)
    result.matched = [set() for _ in also]
    for leaf, offset in searcher.leaf_searchers():
        segment = _Segment(searcher, leaf)
        reader = leaf.reader()
        split = segment.split(q) if q is not wq.NullQuery else None
        if split is None:
            exact, phrases = segment.score(q), []
        else:
            exact, phrases = split
        exact = _live(reader, exact)
        phrases = [(phrase, {d: s for d, s in bound.items() if d in exact}) for phrase, bound in phrases]
        result.exact.update({d + offset: s for d, s in exact.items()})
        for _, bound in phrases:
            for d, s in bound.items():
                result.bound[d + offset] = result.bound.get(d + offset, 0.0) + s
        result._segments.append((offset, offset + reader.doc_count_all(), segment, phrases))
        for matched, extra in zip(result.matched, also, strict=True):
            matched.update(d + offset for d in _live(reader, segment.score(extra)))
    return result


def _searcher_cache(searcher) -> dict:
    """Memo for one searcher: the whole index's view of the per-segment data, built once per reopen."""
    try:
        return _searcher_caches[searcher]
    except KeyError:
        return _searcher_caches.setdefault(searcher, {})


def model_docs(searcher, label: str) -> frozenset[int]:
    """Document numbers (deleted ones included) whose ``content_types`` has ``label``."""
    cache = _searcher_cache(searcher)
    found = cache.get(("model", label))
    if found is None:
        parts = []
        term = wq.Term("content_types", label)
        for leaf, offset in searcher.leaf_searchers():
            segment = _segment_cache(leaf.reader())
            docs = segment.get(("model", label))
            if docs is None:
                docs = segment[("model", label)] = frozenset(term.matcher(leaf, leaf.boolean_context()).all_ids())
            parts.append(frozenset(d + offset for d in docs) if offset else docs)
        found = cache[("model", label)] = frozenset().union(*parts)
    return found


def doc_pks(searcher) -> list[str | None]:
    """The stored ``pk`` of every document number (read once per segment, then cached)."""
    cache = _searcher_cache(searcher)
    pks = cache.get("pks")
    if pks is None:
        pks = []
        for leaf, _ in searcher.leaf_searchers():
            reader = leaf.reader()
            segment = _segment_cache(reader)
            if "pks" not in segment:
                segment["pks"] = [reader.stored_fields(d).get("pk") for d in range(reader.doc_count_all())]
            pks += segment["pks"]
        cache["pks"] = pks
    return pks
