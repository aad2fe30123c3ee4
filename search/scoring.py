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
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from typing import Any

from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

__all__ = ["doc_pks", "model_docs", "score_all"]

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
        try:
            column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            lengths = [byte_to_length(b) for b in column.load()] if column is not None else None
        except AttributeError:  # another codec: ask document by document
            lengths = None
        if lengths is None:
            lengths = [reader.doc_field_length(d, fieldname, 1) or 0 for d in range(reader.doc_count_all())]
        cache[("lengths", fieldname)] = lengths
    return lengths


def _blocks(matcher) -> Iterator[tuple[Any, Any]]:
    """(ids, weights) of a term's postings, a block at a time (Whoosh 3 codec internals, pinned version)."""
    if isinstance(matcher, W3LeafMatcher):
        matcher.reset()
        while True:
            if matcher._ids is None:
                matcher._read_ids()
            if matcher._weights is None:
                matcher._read_weights()
            yield matcher._ids, matcher._weights
            if matcher._lastblock:
                return
            matcher._goto(matcher._nextoffset)
    ids, weights = [], []
    while matcher.is_active():
        ids.append(matcher.id())
        weights.append(matcher.weight())
        matcher.next()
    yield ids, weights


class _Segment:
    """Scores a query in one segment; each term's postings are read once per query."""

    def __init__(self, top, leaf):
        self.top, self.leaf, self.reader = top, leaf, leaf.reader()
        self.terms: dict[tuple[str, bytes], Scores] = {}

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
        matcher = reader.postings(fieldname, text)
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child  # deletions are removed once per segment, in score_all
        lengths = _field_lengths(reader, fieldname)
        b, k1 = weighting._field_B.get(fieldname, weighting.B), weighting.K1
        # whoosh.scoring.bm25: idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg_length))
        numerator = top.idf(fieldname, text) * (k1 + 1)
        constant = k1 * (1 - b)
        per_length = k1 * b / (top.avg_field_length(fieldname) or 1)
        scores: Scores = {}
        for ids, weights in _blocks(matcher):
            scores.update(
                {
                    d: numerator * tf / (tf + constant + per_length * lengths[d])
                    for d, tf in zip(ids, weights, strict=True)
                }
            )
        return scores

    def positions(self, fieldname: str, word: str, docs: set[int]) -> dict[int, list[int]]:
        """Word positions of a term in each of ``docs`` (decoding only those documents' postings)."""
        field = self.top.schema[fieldname]
        matcher = self.reader.postings(fieldname, field.to_bytes(word))
        if isinstance(matcher, FilterMatcher):
            matcher = matcher.child
        decode = field.format.decode_positions
        found: dict[int, list[int]] = {}
        if not isinstance(matcher, W3LeafMatcher):
            while matcher.is_active():
                if matcher.id() in docs:
                    found[matcher.id()] = decode(matcher.value())
                matcher.next()
            return found
        for ids, _ in _blocks(matcher):
            if not docs.isdisjoint(ids):
                if matcher._values is None:
                    matcher._read_values()
                found.update((d, decode(v)) for d, v in zip(ids, matcher._values, strict=True) if d in docs)
        return found

    def phrase(self, q: wq.Phrase, boost: float) -> Scores | None:
        """Whoosh's Phrase with slop 1: the words at consecutive positions, scored as the sum of their terms."""
        field = self.top.schema[q.fieldname] if q.fieldname in self.top.schema else None
        if q.slop != 1 or not q.words or field is None or not field.format.supports("positions"):
            return None
        parts = [self.term(q.fieldname, word, 1.0) for word in q.words]
        if any(part is None for part in parts):
            return None
        docs = set(min(parts, key=len)).intersection(*parts)
        if not docs:
            return {}
        first, *rest = [self.positions(q.fieldname, word, docs) for word in q.words]
        found: Scores = {}
        for d in docs:
            following = [set(p[d]) for p in rest]
            if any(all(start + i in later for i, later in enumerate(following, 1)) for start in first[d]):
                found[d] = sum(part[d] for part in parts) * q.boost * boost
        return found

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


def score_all(searcher, q: wq.Query) -> Scores:
    """Document number -> score for every live document ``q`` matches, as Whoosh would score it."""
    found: Scores = {}
    for leaf, offset in searcher.leaf_searchers():
        scores = _Segment(searcher, leaf).score(q)
        reader = leaf.reader()
        if reader.has_deletions():
            scores = {d: s for d, s in scores.items() if d not in reader.deleted_docs_set}
        found.update({d + offset: s for d, s in scores.items()} if offset else scores)
    return found


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
