"""The one place that reaches into Whoosh's private members, for the pinned Whoosh-Reloaded only.

:mod:`search.scoring` reads a term's postings a block at a time and a field's encoded lengths as one
column; Whoosh has no public API for either, and going through its matchers one posting at a time costs
about ten times as much. Every private access (``reader._perdoc``, ``W3LeafMatcher._data``/``_byteids``/``_ids``/
``_weights``/``_values``/``_read_data``/``_goto``/``_lastblock``/``_nextoffset``, ``BM25F._field_B``) is here
and nowhere else.

On import the installed Whoosh-Reloaded is compared with :data:`PINNED_VERSION` (the version pinned in
``constraints.txt``) and every private member is looked up. If either differs, :data:`PROBLEMS` lists why,
a warning is logged once, and every function here takes the public road (one posting at a time, one
document at a time): slower, never wrong. ``tests/search/test_whoosh_internals.py`` fails loudly when the
version or a private member changes, so an upgrade is a decision, not an accident.

Each call that starts a scoring pass goes through :func:`count_pass`, so tests can assert how many
passes a request makes.
"""

from __future__ import annotations

import logging
import pickle
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from importlib import metadata
from itertools import accumulate
from typing import Any

from whoosh import formats
from whoosh.codec import whoosh3
from whoosh.matching.wrappers import FilterMatcher
from whoosh.scoring import BM25F
from whoosh.util.numeric import byte_to_length

__all__ = [
    "PINNED_VERSION",
    "PROBLEMS",
    "blocks",
    "bm25f_b",
    "count_pass",
    "field_lengths",
    "installed_version",
    "passes",
    "positions_decoder",
    "unfiltered_postings",
]

logger = logging.getLogger("search.backend")

#: The Whoosh-Reloaded release the private members below were read from (constraints.txt pins it).
PINNED_VERSION = "2.7.5"

#: Private members this module uses: (object, attribute). Instance attributes are checked on a live matcher.
_CLASS_MEMBERS = [
    (whoosh3.W3LeafMatcher, "_read_weights"),
    (whoosh3.W3LeafMatcher, "_read_values"),
    (whoosh3.W3LeafMatcher, "_goto"),
    (whoosh3.W3LeafMatcher, "_read_data"),
    (whoosh3, "LENGTHS_COLUMN"),
    (whoosh3, "_lenfield"),
]
#: Set on each W3LeafMatcher by its constructor and ``_goto``.
MATCHER_ATTRIBUTES = ("_data", "_byteids", "_ids", "_weights", "_values", "_lastblock", "_nextoffset")
#: Set on each BM25F by its constructor.
WEIGHTING_ATTRIBUTES = ("_field_B",)
#: Set on each Whoosh 3 segment reader.
READER_ATTRIBUTES = ("_perdoc",)


def installed_version() -> str:
    return metadata.version("Whoosh-Reloaded")


def _problems() -> list[str]:
    found = []
    version = installed_version()
    if version != PINNED_VERSION:
        found.append(f"Whoosh-Reloaded {version} is installed; this adapter was written for {PINNED_VERSION}")
    for owner, name in _CLASS_MEMBERS:
        if not hasattr(owner, name):
            found.append(f"{getattr(owner, '__name__', owner)}.{name} is gone")
    if not hasattr(BM25F(), "_field_B"):
        found.append("BM25F._field_B is gone")
    return found


#: Why the private road is closed (empty: it is open).
PROBLEMS: list[str] = _problems()
if PROBLEMS:
    logger.warning("Search scoring takes Whoosh's public API (slower): %s", "; ".join(PROBLEMS))


# -- counting scoring passes ---------------------------------------------------------

_passes = threading.local()


def count_pass() -> None:
    """Called once per scoring pass over the index (one query over every segment)."""
    _passes.n = getattr(_passes, "n", 0) + 1


def passes() -> int:
    """Scoring passes this thread has made so far (tests compare two readings)."""
    return getattr(_passes, "n", 0)


# -- the private road, with its public detour --------------------------------------


def bm25f_b(weighting: BM25F, fieldname: str) -> float:
    """BM25F's B for one field (its ``<field>_B`` argument, else B)."""
    if not PROBLEMS:
        return weighting._field_B.get(fieldname, weighting.B)
    return getattr(weighting, "_field_B", {}).get(fieldname, weighting.B)


def field_lengths(reader, fieldname: str) -> list[int]:
    """Every document's encoded length of ``fieldname`` in one segment (deleted documents included)."""
    if not PROBLEMS and hasattr(reader, "_perdoc"):
        try:
            column = reader._perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
        except AttributeError:  # another codec
            column = None
        if column is not None:
            return [byte_to_length(b) for b in column.load()]
    return [reader.doc_field_length(d, fieldname, 1) or 0 for d in range(reader.doc_count_all())]


def unfiltered_postings(reader, fieldname: str, text: bytes):
    """A term's matcher without the deletion filter (the caller removes deleted documents once per segment)."""
    matcher = reader.postings(fieldname, text)
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher


def _fast(matcher) -> bool:
    return not PROBLEMS and isinstance(matcher, whoosh3.W3LeafMatcher)


def _holds_any(within: Sequence[int], low: int, high: int) -> bool:
    """Whether the sorted ``within`` has a number in ``(low, high]``."""
    i = bisect_right(within, low)
    return i < len(within) and within[i] <= high


def blocks(matcher, within: Sequence[int] | None = None, values: bool = False) -> Iterator[tuple[Any, Any, Any]]:
    """(ids, weights, encoded values or None) of a term's postings, a block at a time.

    With ``within`` (sorted document numbers) a block whose id range holds none of them is skipped on its
    header alone: its postings are never decompressed or unpickled. Its ids may still hold numbers outside
    ``within``; the caller filters. ``values`` asks for the encoded values too (positions, for phrases):
    Whoosh unpickles them with the ids anyway, so keeping them costs nothing here.
    """
    if _fast(matcher):
        matcher.reset()
        low = -1  # a block's ids are above the previous block's largest
        while True:
            high = matcher.block_max_id()
            if within is None or _holds_any(within, low, high):
                if matcher._data is None:
                    matcher._read_data()
                if matcher._ids is None:
                    # Whoosh's own _read_ids adds the deltas up in a Python generator.
                    stored = matcher._data[0]
                    matcher._ids = stored if matcher._byteids else tuple(accumulate(stored))
                if matcher._weights is None:
                    matcher._read_weights()
                if values and matcher._values is None:
                    matcher._read_values()
                yield matcher._ids, matcher._weights, matcher._values if values else None
            if matcher._lastblock:
                return
            low = high
            matcher._goto(matcher._nextoffset)
    wanted = None if within is None else set(within)
    ids, weights, found = [], [], []
    while matcher.is_active():
        if wanted is None or matcher.id() in wanted:
            ids.append(matcher.id())
            weights.append(matcher.weight())
            if values:
                found.append(matcher.value())
        matcher.next()
    yield ids, weights, found if values else None


_PICKLE_START, _PICKLE_STOP = b"\x80\x02", b"."


def positions_decoder(field) -> Callable[[list[bytes]], list[list[int]]]:
    """Decodes many postings' encoded positions at once (``Positions`` format: a 4-byte count, then the pickled
    deltas).

    Unpickling each posting's value costs a call per value (Whoosh's ``decode_positions``, three
    microseconds each); the values of a batch are spliced into one pickled tuple instead and unpickled in one
    call. Each list's length is checked against its value's count; any surprise, any other format, or
    another version, takes Whoosh's own decoder, one value at a time.
    """
    one = field.format.decode_positions
    if PROBLEMS or type(field.format) is not formats.Positions:
        return lambda encoded: [one(value) for value in encoded]
    loads = pickle.loads

    def decode(encoded: list[bytes]) -> list[list[int]]:
        if not all(v.startswith(_PICKLE_START, 4) and v.endswith(_PICKLE_STOP) for v in encoded):
            return [one(value) for value in encoded]
        # MARK, each list's pickle without its protocol header and STOP, TUPLE, STOP.
        spliced = b"\x80\x02(" + b"".join([v[6:-1] for v in encoded]) + b"t."
        try:
            lists = loads(spliced)
        except Exception:  # any surprise in the splice: the slow road is always right
            return [one(value) for value in encoded]
        if len(lists) != len(encoded) or any(
            len(deltas) != int.from_bytes(v[:4], "big") for deltas, v in zip(lists, encoded, strict=True)
        ):
            return [one(value) for value in encoded]
        return [list(accumulate(deltas)) for deltas in lists]

    return decode


def check_matcher(matcher) -> list[str]:
    """The instance attributes a live Whoosh 3 matcher lacks (for the test)."""
    return [name for name in MATCHER_ATTRIBUTES if not hasattr(matcher, name)]


def check_reader(reader) -> list[str]:
    return [name for name in READER_ATTRIBUTES if not hasattr(reader, name)]
