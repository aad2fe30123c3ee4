"""Whoosh analysis for Chinese text, segmented by jieba with the domain dictionary.

Use this instead of ``jieba.analyse.ChineseAnalyzer``: that one gives tokens
character offsets as positions (so phrase queries never match) and stems
English words.

In index mode a word such as 个别谈话 is indexed together with the dictionary
words inside it (个别, 谈话) at the same position, so a search for 谈话 finds
it while phrase queries over consecutive words keep working. Queries are
segmented in precise mode only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from whoosh.analysis import Analyzer, LowercaseFilter, Token, Tokenizer

from search.dictionary import contains_cjk, get_segmenter, normalize_words

__all__ = ["ChineseTokenizer", "chinese_analyzer", "query_terms"]

Mode = Literal["index", "query"]
MODES = ("index", "query")

# Full-width ASCII (ＰＤＦ, ２０２４) and the ideographic space map one-to-one
# onto ASCII, so character offsets into the original text stay valid.
_WIDTH_TABLE = {0x3000: 0x20, **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}}


def _normalize_width(text: str) -> str:
    return text.translate(_WIDTH_TABLE)


# A letter, digit or Han character (\w is those plus "_"). Whitespace and punctuation
# (ASCII or Chinese: ，。、“”《》—… etc.) have none.
_WORD_CHAR = re.compile(r"[^\W_]")


def _is_word(text: str) -> bool:
    return _WORD_CHAR.search(text) is not None


class ChineseTokenizer(Tokenizer):
    """Segments text with jieba; positions count words, not characters.

    Holds only ``mode`` and ``extra_words`` so that it pickles with the Whoosh
    schema; the jieba segmenter is looked up per call from a process-wide cache.
    """

    def __init__(self, *, mode: Mode, extra_words: tuple[str, ...] = ()) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self.mode = mode
        self.extra_words = tuple(sorted(normalize_words(extra_words)))

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, ChineseTokenizer)
            and self.__class__ is other.__class__
            and (self.mode, self.extra_words) == (other.mode, other.extra_words)
        )

    def __hash__(self) -> int:
        return hash((self.__class__, self.mode, self.extra_words))

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs,
    ) -> Iterator[Token]:
        if not isinstance(value, str):
            raise TypeError(f"{value!r} is not a str")

        # Whoosh reuses one Token object for the whole stream, as its own tokenizers do.
        t = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)

        if not tokenize:
            # Whoosh asks for the whole value as one term for some queries (ranges, etc.).
            t.original = value
            t.text = _normalize_width(value)
            t.boost = 1.0
            t.stopped = False
            if positions:
                t.pos = start_pos
            if chars:
                t.startchar = start_char
                t.endchar = start_char + len(value)
            yield t
            return

        # Whoosh passes mode="query" when it parses a query string: never
        # expand sub-words there, even with the index-mode analyzer.
        with_sub_words = self.mode == "index" and mode != "query"
        segmenter = get_segmenter(self.extra_words)
        pos = start_pos
        for word, start, end in segmenter.precise(_normalize_width(value)):
            if not _is_word(word):
                continue
            pieces = [(word, start, end)]
            if with_sub_words and contains_cjk(word):
                seen = {word}
                for sub, offset in segmenter.sub_words(word):
                    # One posting per term per position is enough.
                    if sub not in seen:
                        seen.add(sub)
                        pieces.append((sub, start + offset, start + offset + len(sub)))
            for text, piece_start, piece_end in pieces:
                t.text = text
                t.boost = 1.0
                t.stopped = False
                if keeporiginal:
                    t.original = value[piece_start:piece_end]
                if positions:
                    t.pos = pos
                if chars:
                    t.startchar = start_char + piece_start
                    t.endchar = start_char + piece_end
                yield t
            pos += 1


def chinese_analyzer(*, mode: Mode = "index", extra_words: tuple[str, ...] = ()) -> Analyzer:
    """jieba segmentation plus lower-casing; no stemmer and no stop words (they would drop Chinese words)."""
    return ChineseTokenizer(mode=mode, extra_words=extra_words) | LowercaseFilter()


def query_terms(text: str, *, extra_words: tuple[str, ...] = ()) -> list[str]:
    """The user's text as query words (precise mode), de-duplicated in order, punctuation dropped.

    Meant for building Term/And/Or/Phrase queries directly, so user text never
    goes through Whoosh's query parser and its syntax.
    """
    analyzer = chinese_analyzer(mode="query", extra_words=extra_words)
    return normalize_words(token.text for token in analyzer(text, mode="query"))
