"""The 监督要点 that rest on regulation articles, for the revision impact list (core.citing)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from core.citing import CitingItem, repoint_page
from supervision.models import PointArticleLink, SupervisionPointPage

KIND = "supervision"


def citations_of(*, article_ids: list[int]) -> list[CitingItem]:
    """One per (point, cited article) among these articles: one query."""
    links = (
        PointArticleLink.objects.filter(article_id__in=article_ids)
        .select_related("point")
        .only("point_id", "article_id", "point__title")
        .order_by("point_id", "article_id")
    )
    return [
        CitingItem(
            kind=KIND,
            object_id=link.point_id,
            title=link.point.title,
            edit_url=reverse("wagtailadmin_pages:edit", args=[link.point_id]),
            article_id=link.article_id,
        )
        for link in links
    ]


def repoint(*, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    """The point rests on the new article instead of the old one (dropped if it already lists the new one),
    in its live rows and its latest revision."""

    def change(point: SupervisionPointPage) -> bool:
        links = list(point.article_links.all())
        if not any(link.article_id == old_article_id for link in links):
            return False
        has_new = any(link.article_id == new_article_id for link in links)
        kept = []
        for link in links:
            if link.article_id == old_article_id:
                if has_new:
                    continue
                link.article_id = new_article_id
            kept.append(link)
        point.article_links = kept
        return True

    with transaction.atomic():
        point = SupervisionPointPage.objects.select_for_update().get(pk=item_id)
        return repoint_page(page=point, user=user, change=change)
