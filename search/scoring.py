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

import math
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


class _Within:
    """The documents a part of a query is asked about (those every earlier part of an ``And`` matched): sorted, to
    skip posting blocks that hold none of them, and as a set."""

    __slots__ = ("set", "sorted")

    def __init__(self, docs: Iterable[int]):
        self.set = docs if isinstance(docs, frozenset) else frozenset(docs)
        self.sorted = sorted(self.set)


def _only(scores: Scores, within: _Within | None) -> Scores:
    """``scores`` of the documents in ``within`` only."""
    if within is None:
        return scores
    if len(within.sorted) < len(scores):
        return {d: scores[d] for d in within.sorted if d in scores}
    wanted = within.set
    return {d: s for d, s in scores.items() if d in wanted}


class _Segment:
    """Scores a query in one segment; each term's postings are read once per query.

    ``within`` (the matches so far of an ``And``) narrows what a part reads: posting blocks holding none of
    those documents are skipped, and only those documents are scored. A term's scores are memoised with the
    documents they cover (None: all), as are the blocks' encoded positions, which Whoosh unpickles with the
    ids anyway, so the phrase check later reads no posting twice.
    """

    def __init__(self, top, leaf):
        self.top, self.leaf, self.reader = top, leaf, leaf.reader()
        self.terms: dict[tuple[str, bytes], tuple[frozenset | None, Scores]] = {}
        self.value_blocks: dict[tuple[str, bytes], tuple[frozenset | None, list]] = {}
        self.values: dict[tuple[str, bytes], tuple[frozenset | None, dict[int, bytes]]] = {}

    def term(self, fieldname: str, word: str, boost: float, within: _Within | None = None) -> Scores | None:
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
        key = (fieldname, text)
        entry = self.terms.get(key)
        if entry is not None and (entry[0] is None or (within is not None and within.set <= entry[0])):
            scores = _only(entry[1], within)
        else:
            scores = self._bm25f(fieldname, text, weighting, within)
            if entry is None or within is None:
                self.terms[key] = (None if within is None else within.set, scores)
        return scores if boost == 1 else {d: s * boost for d, s in scores.items()}

    def _bm25f(self, fieldname: str, text: bytes, weighting: BM25F, within: _Within | None) -> Scores:
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
        keep = top.schema[fieldname].format.supports("positions")
        kept = []
        scores: Scores = {}
        wanted = None if within is None else within.set
        for ids, weights, values in internals.blocks(matcher, None if within is None else within.sorted, keep):
            if wanted is None:
                scores.update(
                    {
                        d: numerator * tf / (tf + constant + per_length * lengths[d])
                        for d, tf in zip(ids, weights, strict=True)
                    }
                )
            else:
                scores.update(
                    {
                        d: numerator * tf / (tf + constant + per_length * lengths[d])
                        for d, tf in zip(ids, weights, strict=True)
                        if d in wanted
                    }
                )
            if keep:
                kept.append((ids, values))
        entry = self.value_blocks.get((fieldname, text))
        if keep and (entry is None or (entry[0] is not None and wanted is None)):
            self.value_blocks[(fieldname, text)] = (wanted, kept)
        return scores

    def positions(self, fieldname: str, word: str, docs: set[int]) -> dict[int, list[int]]:
        """Word positions of a term in each of ``docs`` (decoding only those documents' postings).

        The encoded positions come from the blocks the scoring pass read; a term the pass did not read for
        these documents is read once, whole.
        """
        field = self.top.schema[fieldname]
        key = (fieldname, field.to_bytes(word))
        entry = self.values.get(key)
        if entry is None or (entry[0] is not None and not docs <= entry[0]):
            blocks = self.value_blocks.get(key)
            if blocks is None or (blocks[0] is not None and not docs <= blocks[0]):
                matcher = internals.unfiltered_postings(self.reader, *key)
                blocks = self.value_blocks[key] = (None, [(i, v) for i, _, v in internals.blocks(matcher, None, True)])
            values: dict[int, bytes] = {}
            for ids, encoded in blocks[1]:
                values.update(zip(ids, encoded, strict=True))
            entry = self.values[key] = (blocks[0], values)
        values = entry[1]
        found = [d for d in docs if d in values]
        return dict(zip(found, internals.positions_decoder(field)([values[d] for d in found]), strict=True))

    def _ours(self, q: wq.Phrase) -> bool:
        """Whether :meth:`phrase_bound` handles ``q`` (a Phrase with slop 1 on a positions field, BM25F)."""
        schema = self.top.schema
        return (
            q.slop == 1
            and bool(q.words)
            and q.fieldname in schema
            and schema[q.fieldname].format.supports("positions")
            and schema[q.fieldname].scorable
            and type(self.top.weighting) is BM25F
        )

    def phrase_bound(self, q: wq.Phrase, boost: float, within: _Within | None = None) -> Scores | None:
        """What ``q`` would score in each document holding all its words, were they adjacent (None: not ours)."""
        if not self._ours(q):
            return None
        parts = [self.term(q.fieldname, word, 1.0, within) for word in q.words]
        if any(part is None for part in parts):
            return None
        docs = set(min(parts, key=len)).intersection(*parts)
        return _add_up(parts, docs, q.boost * boost)

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

    def phrase(self, q: wq.Phrase, boost: float, within: _Within | None = None) -> Scores | None:
        """Whoosh's Phrase with slop 1: the words at consecutive positions, scored as the sum of their terms."""
        bound = self.phrase_bound(q, boost, within)
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
        if any(type(sub) is not wq.Phrase or not self._ours(sub) for sub, _ in optional):
            return None
        required = self.score(q.a, boost)
        if not required:
            return required, []
        within = _Within(required)
        bounds = [(sub, self.phrase_bound(sub, b, within)) for sub, b in optional]
        return required, [(sub, bound) for sub, bound in bounds if bound]

    def size(self, q: wq.Query) -> float:
        """About how many documents ``q`` matches, read from the term index alone (to order an And's parts)."""
        kind = type(q)
        if kind is wq.Term:
            field = self.top.schema[q.fieldname] if q.fieldname in self.top.schema else None
            try:
                return self.reader.doc_frequency(q.fieldname, field.to_bytes(q.text)) if field else 0
            except ValueError:
                return 0
        if kind is wq.Or:
            return sum(self.size(sub) for sub in q.subqueries)
        if kind is wq.And and q.subqueries:
            return min(self.size(sub) for sub in q.subqueries)
        if kind is wq.Phrase:
            return min((self.size(wq.Term(q.fieldname, w)) for w in q.words), default=0)
        if kind is wq.AndMaybe:
            return self.size(q.a)
        return math.inf

    def _and(self, q: wq.And, boost: float, within: _Within | None) -> Scores:
        """Smallest part first; each later part reads only the documents every earlier part matched."""
        parts: list[Scores | None] = [None] * len(q.subqueries)
        for i in sorted(range(len(q.subqueries)), key=lambda i: self.size(q.subqueries[i])):
            part = parts[i] = self.score(q.subqueries[i], boost * q.boost, within)
            if not part:
                return {}
            within = _Within(part)
        # Added up in the query's order, as Whoosh's matchers do.
        return _add_up(parts, within.sorted)

    def score(self, q: wq.Query, boost: float = 1.0, within: _Within | None = None) -> Scores:
        """Document number -> score of every match of ``q`` (with ``within``: of those documents only)."""
        if q is wq.NullQuery:
            return {}
        kind = type(q)
        scores = None
        if kind is wq.Term:
            scores = self.term(q.fieldname, q.text, q.boost * boost, within)
        elif kind is wq.Phrase:
            scores = self.phrase(q, boost, within)
        elif kind is wq.Or and not q.scale and not q.minmatch:
            scores = _sum(self.score(sub, boost * q.boost, within) for sub in q.subqueries)
        elif kind is wq.And and q.subqueries:
            scores = self._and(q, boost, within)
        elif kind is wq.AndMaybe:
            required = self.score(q.a, boost, within)
            optional = self.score(q.b, boost, _Within(required)) if required else {}
            scores = {d: s + optional.get(d, 0.0) for d, s in required.items()}
        return scores if scores is not None else _only(_whoosh(self.leaf, q, boost), within)


def _whoosh(leaf, q: wq.Query, boost: float) -> Scores:
    matcher = q.matcher(leaf)
    scores: Scores = {}
    while matcher.is_active():
        scores[matcher.id()] = matcher.score() * boost
        matcher.next()
    return scores


def _add_up(parts: list[Scores], docs: Iterable[int], factor: float = 1.0) -> Scores:
    """Each of ``docs`` (held by every part) with the sum of its parts' scores, in the parts' order, times
    ``factor``: a comprehension per part rather than a ``sum`` per document."""
    first, *rest = parts
    total = {d: first[d] for d in docs}
    for part in rest:
        total = {d: s + part[d] for d, s in total.items()}
    return total if factor == 1 else {d: s * factor for d, s in total.items()}


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
