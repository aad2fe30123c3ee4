"""What apps above search may ask of it: a result type of their own in the site search (/search/, /api/search/).

An app registers its type from its ``AppConfig.ready``; the type's querysets get the request's
``SearchScope`` (``scope.visible(queryset)`` keeps live pages the reader may see) and ``page_hit`` turns a
page into a hit with a marked snippet.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import QuerySet

from search.selectors import ResultType, SearchHit, SearchScope, _page_hit
from search.selectors import register_result_type as _register


def register_result_type(
    *,
    key: str,
    label: str,
    querysets: Callable[[SearchScope], list[QuerySet]],
    text: Callable[[object], str],
) -> None:
    """Add a result type after the built-in ones: its pages are found by their search_fields, shown with a
    snippet of ``text(page)`` (words marked)."""
    _register(ResultType(key, label, querysets, _page_hit(key, text)))


__all__ = ["SearchHit", "SearchScope", "register_result_type"]
