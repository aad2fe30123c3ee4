"""The 监督要点 that rest on regulation articles, for the revision impact list (core.citing)."""

from __future__ import annotations

from core.citing import CitingItem, article_link_citations, repoint_article_links
from supervision.models import PointArticleLink, SupervisionPointPage

KIND = "supervision"


def citations_of(*, article_ids: list[int]) -> list[CitingItem]:
    """One per (point, cited article) among these articles: one query."""
    return article_link_citations(
        kind=KIND, links=PointArticleLink.objects.filter(article_id__in=article_ids), page_field="point"
    )


def repoint(*, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    return repoint_article_links(
        pages=SupervisionPointPage.objects,
        item_id=item_id,
        old_article_id=old_article_id,
        new_article_id=new_article_id,
        user=user,
    )
