"""The study packs that list regulation articles, for the revision impact list (core.citing)."""

from __future__ import annotations

from django.urls import reverse

from core.citing import CitingItem, repoint_many_to_many
from rounds.models import StudyPack

KIND = "study_pack"

_Listed = StudyPack.articles.through


def citations_of(*, article_ids: list[int]) -> list[CitingItem]:
    """One per (study pack, listed article) among these articles: one query."""
    links = (
        _Listed.objects.filter(regulationarticle_id__in=article_ids)
        .select_related("studypack__round")
        .order_by("studypack_id", "regulationarticle_id")
    )
    return [
        CitingItem(
            kind=KIND,
            object_id=link.studypack_id,
            title=str(link.studypack),
            edit_url=reverse("wagtailsnippets_rounds_studypack:edit", args=[link.studypack_id]),
            article_id=link.regulationarticle_id,
        )
        for link in links
    ]


def repoint(*, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    """The study pack lists the new article instead of the old one."""
    return repoint_many_to_many(
        articles=StudyPack.articles, item_id=item_id, old_article_id=old_article_id, new_article_id=new_article_id
    )
