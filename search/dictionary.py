"""jieba segmentation with the inspection-domain dictionary.

Every process that indexes or queries must segment with the same dictionary,
otherwise indexed terms and query terms drift apart. ``get_segmenter`` hands out
one shared :class:`Segmenter` per distinct word set, and ``Segmenter.fingerprint``
lets an index record which dictionary built it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import re
import threading
import warnings
from collections.abc import Iterable
from pathlib import Path

with warnings.catch_warnings():
    # jieba 0.42.1 has invalid escape sequences that warn on Python 3.12+.
    warnings.simplefilter("ignore", SyntaxWarning)
    import jieba

__all__ = ["DOMAIN_WORDS_PATH", "Segmenter", "contains_cjk", "get_segmenter", "load_words", "normalize_words"]

DOMAIN_WORDS_PATH = Path(__file__).resolve().parent / "data" / "domain_words.txt"

# jieba logs "Building prefix dict..." to stderr at DEBUG on first use.
jieba.setLogLevel(logging.WARNING)


def load_words(path: str | Path) -> list[str]:
    """Read a one-word-per-line file, skipping blanks and ``#`` comments, de-duplicated in order."""
    with open(path, encoding="utf-8-sig") as fh:
        return normalize_words(line for line in fh if not line.lstrip().startswith("#"))


def normalize_words(words: Iterable[str]) -> list[str]:
    """Strip words, drop empty ones and de-duplicate, keeping the first occurrence."""
    seen: dict[str, None] = {}
    for word in words:
        word = word.strip()
        if word:
            seen.setdefault(word, None)
    return list(seen)


_CJK = re.compile("[\u4e00-\u9fd5]")


def contains_cjk(text: str) -> bool:
    """Whether ``text`` has a Han character, in the range jieba segments by dictionary."""
    return _CJK.search(text) is not None


#: Distinct words whose sub-words a Segmenter remembers (a large vocabulary, a few MB).
_SUB_WORDS_CACHED = 100_000

_LATIN_RUN = re.compile(r"[A-Za-z0-9]+")
_SCRIPT_RUN = re.compile(r"[A-Za-z0-9]+|[^A-Za-z0-9]+")


def _cuts_latin_run(text: str, index: int) -> bool:
    """Whether a word boundary at ``index`` falls inside a run of ASCII letters/digits."""
    pair = text[index - 1 : index + 1] if index > 0 else ""
    return len(pair) == 2 and pair.isascii() and pair.isalnum()


# The stock jieba dictionary is loaded once per process and copied into each
# Segmenter: loading it takes over a second, copying the dict takes ~20 ms.
_base_lock = threading.Lock()
_base_tokenizer: jieba.Tokenizer | None = None


def _stock_tokenizer() -> jieba.Tokenizer:
    global _base_tokenizer
    with _base_lock:
        if _base_tokenizer is None:
            tokenizer = jieba.Tokenizer()
            tokenizer.initialize()
            _base_tokenizer = tokenizer
        return _base_tokenizer


class Segmenter:
    """A private ``jieba.Tokenizer`` loaded with the domain words plus ``extra_words``.

    Not the global ``jieba.dt``: other code (or another test) adding words there
    must not change how this project segments.
    """

    def __init__(self, extra_words: Iterable[str] = ()) -> None:
        self.words: tuple[str, ...] = tuple(normalize_words([*load_words(DOMAIN_WORDS_PATH), *extra_words]))
        self.fingerprint: str = hashlib.sha256("\n".join(sorted(self.words)).encode("utf-8")).hexdigest()
        self._lock = threading.Lock()
        self._tokenizer: jieba.Tokenizer | None = None
        self._max_word_len = 0
        # Words recur endlessly in any text; their sub-words are worked out once.
        self._sub_words: dict[str, list[tuple[str, int]]] = {}

    def __repr__(self) -> str:
        return f"<Segmenter words={len(self.words)} fingerprint={self.fingerprint[:12]}>"

    def _ready(self) -> jieba.Tokenizer:
        tokenizer = self._tokenizer
        if tokenizer is not None:
            return tokenizer
        with self._lock:
            if self._tokenizer is None:
                self._tokenizer = self._build()
            return self._tokenizer

    def _build(self) -> jieba.Tokenizer:
        stock = _stock_tokenizer()
        tokenizer = jieba.Tokenizer()
        # Relies on jieba 0.42's internals (pinned <0.43): FREQ/total are the
        # whole loaded state, so a copy is equivalent to initialize().
        tokenizer.FREQ = stock.FREQ.copy()
        tokenizer.total = stock.total
        tokenizer.initialized = True
        # No explicit freq: a high one makes jieba mis-split neighbours (领导/班子成员).
        # Sorted order, because each suggested freq depends on the words added
        # before it; this way the fingerprint fully determines the dictionary.
        for word in sorted(self.words):
            tokenizer.add_word(word)
        self._max_word_len = max(map(len, tokenizer.FREQ))
        return tokenizer

    def precise(self, text: str) -> list[tuple[str, int, int]]:
        """jieba precise-mode words as ``(word, start_char, end_char)``, whitespace and punctuation included.

        One repair on top of jieba: a Latin/digit run is never cut in the middle.
        jieba's dictionary has mixed entries such as D版 and C盘, so it segments
        "WORD版" as WOR/D版; that becomes WORD/版.
        """
        tokenizer = self._ready()
        words = list(tokenizer.tokenize(text, mode="default", HMM=True))
        if not any(_cuts_latin_run(text, end) for _, _, end in words[:-1]):
            return words
        repaired: list[tuple[str, int, int]] = []
        i = 0
        while i < len(words):
            # Join the run of words that jieba glued across a Latin cut.
            j = i
            while j + 1 < len(words) and _cuts_latin_run(text, words[j][2]):
                j += 1
            if j == i:
                repaired.append(words[i])
            else:
                span_start, span_end = words[i][1], words[j][2]
                for match in _SCRIPT_RUN.finditer(text, span_start, span_end):
                    if _LATIN_RUN.fullmatch(match.group()):
                        repaired.append((match.group(), match.start(), match.end()))
                    else:
                        # No Latin left in this piece, so jieba cannot cut one again.
                        repaired.extend(
                            (word, match.start() + start, match.start() + end)
                            for word, start, end in tokenizer.tokenize(match.group(), mode="default", HMM=True)
                        )
            i = j + 1
        return repaired

    def sub_words(self, word: str) -> list[tuple[str, int]]:
        """Dictionary words of two or more characters strictly inside ``word``, with their offset in it.

        Like jieba's search mode, but every length, not only 2- and 3-grams.
        Ordered by offset, then length; never ``word`` itself.
        """
        found = self._sub_words.get(word)
        if found is not None:
            return list(found)
        freq = self._ready().FREQ
        longest = min(len(word) - 1, self._max_word_len)
        found = []
        for start in range(len(word) - 1):
            for end in range(start + 2, min(start + longest, len(word)) + 1):
                sub = word[start:end]
                # Prefix-only entries have freq 0: they are not words.
                if freq.get(sub):
                    found.append((sub, start))
        if len(self._sub_words) >= _SUB_WORDS_CACHED:
            self._sub_words.clear()
        self._sub_words[word] = found
        return list(found)


_segmenters_lock = threading.Lock()


# An unbounded lru_cache: extra words are configuration, so there are only a few
# word sets, and evicting one would break "same words, same object".
@functools.cache
def _cached_segmenter(extra_words: tuple[str, ...]) -> Segmenter:
    return Segmenter(extra_words)


def get_segmenter(extra_words: tuple[str, ...] = ()) -> Segmenter:
    """The shared segmenter for the domain words plus ``extra_words``.

    Word order and duplicates do not matter: the same word set always returns
    the same object.
    """
    key = tuple(sorted(normalize_words(extra_words)))
    # The lock keeps two threads from each building (and loading) a segmenter.
    with _segmenters_lock:
        return _cached_segmenter(key)
