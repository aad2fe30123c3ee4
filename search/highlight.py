"""Snippets with the matched words marked, the same for every search backend."""

import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 90


def plain_text(html_or_text: str) -> str:
    return re.sub(r"\s+", " ", strip_tags(html_or_text or "")).strip()


def highlight(text: str, terms: list[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """A window of `text` around the first match, escaped, with every term wrapped in <mark>.

    Matching is on substrings, so 谈话 is marked inside 个别谈话 as the index finds it there.
    """
    text = plain_text(text)
    terms = sorted({t for t in terms if t.strip()}, key=len, reverse=True)
    if not terms:
        return mark_safe(escape(text[:length]) + ("…" if len(text) > length else ""))
    pattern = re.compile("|".join(re.escape(t) for t in terms), re.IGNORECASE)
    first = pattern.search(text)
    start = max(0, (first.start() if first else 0) - length // 4)
    window = text[start : start + length]
    pieces, cursor = [], 0
    for match in pattern.finditer(window):
        pieces.append(escape(window[cursor : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    pieces.append(escape(window[cursor:]))
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + length < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)
