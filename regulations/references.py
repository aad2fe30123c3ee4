"""Turns references to articles of the same regulation into links (依照本条例第十二条 → #article-12)."""

import re
from collections.abc import Collection

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from regulations.numerals import from_chinese

_NUMERAL = "[零〇一二两三四五六七八九十百千]+"
# "本条例/本办法/本规定 …" marks a reference to this document; a bare 第X条 inside 《…》 citations
# would point at another law, so only these contexts are linked:
#   - 本<document word>第X条, and the articles chained after it (第十二条、第十三条和第十五条, 第十条至第十二条);
#   - 第X条 at the very start of a paragraph ("第十二条规定的问题清单……").
_SELF = r"本(?:条例|办法|规定|规则|准则|细则|决定|意见|法|章程|制度)"
_ARTICLE = rf"第(?P<num>{_NUMERAL})条"
_CHAIN_GLUE = r"(?:第[^、，。；]{1,4}款|第[^、，。；]{1,4}项)?(?:、|和|及|或者|或|至|到)"
_START = re.compile(rf"(?:{_SELF}|^){_ARTICLE}")
_CHAINED = re.compile(rf"{_CHAIN_GLUE}{_ARTICLE}")


def _spans(text: str) -> list[tuple[int, int, int]]:
    """(start, end, number) of each linkable 第X条 in text."""
    spans = []
    for match in _START.finditer(text):
        spans.append((match.start("num") - 1, match.end(), from_chinese(match.group("num"))))
        position = match.end()
        while chained := _CHAINED.match(text, position):
            spans.append((chained.start("num") - 1, chained.end(), from_chinese(chained.group("num"))))
            position = chained.end()
    return spans


def link_article_references(text: str, *, known_numbers: Collection[int]) -> SafeString:
    """The paragraph as escaped HTML with same-regulation references linked to their anchors.

    References to article numbers that this edition does not have stay plain text.
    """
    pieces, cursor = [], 0
    for start, end, number in _spans(text):
        if number not in known_numbers:
            continue
        pieces.append(escape(text[cursor:start]))
        pieces.append(format_html('<a class="article-ref" href="#article-{}">{}</a>', number, text[start:end]))
        cursor = end
    pieces.append(escape(text[cursor:]))
    return mark_safe("".join(pieces))
