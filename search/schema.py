"""What a Whoosh document holds: the fields of every generation's schema, and their analysis."""

from __future__ import annotations

import unicodedata

from whoosh.analysis import LowercaseFilter, NgramTokenizer
from whoosh.fields import ID, KEYWORD, STORED, TEXT, Schema

from search.analysis import chinese_analyzer

__all__ = [
    "AUTOCOMPLETE_MAX_GRAM",
    "SCHEMA_VERSION",
    "TEXT_FIELDS",
    "autocomplete_text",
    "make_schema",
]

SCHEMA_VERSION = 1

#: Scored text fields, most important first. ``title`` and ``boosted`` carry field boosts.
TEXT_FIELDS = ("title", "boosted", "body")
TITLE_BOOST = 3.0
BOOSTED_BOOST = 2.0
#: Autocomplete values are indexed as every substring of 1..N characters.
AUTOCOMPLETE_MAX_GRAM = 8


def make_schema(extra_words: tuple[str, ...] = ()) -> Schema:
    # The analyzer (and so the dictionary it segments with) is pickled into the generation's schema:
    # every process writing to that generation segments the same way.
    analyzer = chinese_analyzer(mode="index", extra_words=extra_words)
    return Schema(
        key=ID(unique=True, stored=True),
        pk=STORED(),
        content_types=KEYWORD(),
        title=TEXT(analyzer=analyzer, phrase=True, field_boost=TITLE_BOOST),
        boosted=TEXT(analyzer=analyzer, phrase=True, field_boost=BOOSTED_BOOST),
        body=TEXT(analyzer=analyzer, phrase=True),
        autocomplete=TEXT(
            analyzer=NgramTokenizer(1, AUTOCOMPLETE_MAX_GRAM) | LowercaseFilter(),
            phrase=False,
        ),
    )


def autocomplete_text(text: str) -> str:
    """Width-normalised (ＰＤＦ → PDF) text for the n-gram field, the same for documents and queries."""
    return unicodedata.normalize("NFKC", text)
