"""The cases that cite regulation articles (their 相关条文), for the revision impact list (core.citing)."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse

from cases.models import CaseArticleLink, CasePage
from core.citing import CitingItem, repoint_page

KIND = "case"


def citations_of(*, article_ids: list[int]) -> list[CitingItem]:
    """One per (case, cited article) among these articles: one query."""
    links = (
        CaseArticleLink.objects.filter(article_id__in=article_ids)
        .select_related("case")
        .only("case_id", "article_id", "case__title")
        .order_by("case_id", "article_id")
    )
    return [
        CitingItem(
            kind=KIND,
            object_id=link.case_id,
            title=link.case.title,
            edit_url=reverse("wagtailadmin_pages:edit", args=[link.case_id]),
            article_id=link.article_id,
        )
        for link in links
    ]


def repoint(*, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    """The case's related article becomes the new one (dropped if the case already lists the new one), in
    its live rows and its latest revision."""

    def change(case: CasePage) -> bool:
        links = list(case.article_links.all())
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
        case.article_links = kept
        return True

    with transaction.atomic():
        case = CasePage.objects.select_for_update().get(pk=item_id)
        return repoint_page(page=case, user=user, change=change)
