"""The cases that cite regulation articles (their 相关条文), for the revision impact list (core.citing)."""

from __future__ import annotations

from cases.models import CaseArticleLink, CasePage
from core.citing import CitingItem, article_link_citations, repoint_article_links

KIND = "case"


def citations_of(*, article_ids: list[int]) -> list[CitingItem]:
    """One per (case, cited article) among these articles: one query."""
    return article_link_citations(
        kind=KIND, links=CaseArticleLink.objects.filter(article_id__in=article_ids), page_field="case"
    )


def repoint(*, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    return repoint_article_links(
        pages=CasePage.objects,
        item_id=item_id,
        old_article_id=old_article_id,
        new_article_id=new_article_id,
        user=user,
    )
