"""The lessons that quote regulation articles (their article blocks), for the revision impact list
(core.citing)."""

from __future__ import annotations

import copy

from django.db import transaction
from django.urls import reverse

from core.citing import CitingItem, repoint_page
from courses.models import LessonPage

KIND = "lesson"
_BLOCK = "article"


def citations_of(*, article_ids: list[int]) -> list[CitingItem]:
    """One per (lesson, quoted article) among these articles. The lessons' bodies are read raw (no block is
    turned into objects), in one query however many lessons there are."""
    wanted = set(article_ids)
    items = []
    for lesson in LessonPage.objects.only("title", "body").order_by("pk"):
        quoted = {article for article in quoted_articles(lesson.body.raw_data) if article in wanted}
        items += [
            CitingItem(
                kind=KIND,
                object_id=lesson.pk,
                title=lesson.title,
                edit_url=reverse("wagtailadmin_pages:edit", args=[lesson.pk]),
                article_id=article_id,
            )
            for article_id in sorted(quoted)
        ]
    return items


def repoint(*, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    """Each block of the lesson that quotes the old article quotes the new one, in its live page and its
    latest revision."""

    def change(lesson: LessonPage) -> bool:
        blocks = [copy.deepcopy(dict(block)) for block in lesson.body.raw_data]
        changed = False
        for block in blocks:
            if block.get("type") == _BLOCK and (block.get("value") or {}).get("article") == old_article_id:
                block["value"]["article"] = new_article_id
                changed = True
        if changed:
            lesson.body = blocks
        return changed

    with transaction.atomic():
        lesson = LessonPage.objects.select_for_update().get(pk=item_id)
        return repoint_page(page=lesson, user=user, change=change)


def quoted_articles(blocks) -> list[int]:
    """The article ids quoted by a lesson body's raw blocks, in order."""
    return [
        block["value"]["article"]
        for block in blocks
        if block.get("type") == _BLOCK and isinstance(block.get("value"), dict) and block["value"].get("article")
    ]
