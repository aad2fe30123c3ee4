"""What an app that cites regulation articles tells the revision impact list (修订影响清单), in one shape.

Each citing app (cases, quizzes, courses, rounds, studysessions) offers, in its ``api.py``:

- ``citations_of(*, article_ids) -> list[CitingItem]``: one per (item, cited article) among these articles,
  read in a fixed number of queries whatever the number of items;
- ``repoint(*, item_id, old_article_id, new_article_id, user) -> bool``: the item cites the new article
  instead of the old one (False when it no longer cites the old one), in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction


@dataclass(frozen=True)
class CitingItem:
    #: Which kind of item: "case", "question", "lesson", "evening", "study_pack".
    kind: str
    object_id: int
    title: str
    #: Where an editor changes the item in the admin.
    edit_url: str
    #: The cited article (a RegulationArticle id).
    article_id: int
    #: A line of context, e.g. the quizzes a question is used in, or when an evening is.
    note: str = ""


def repoint_page(*, page, user, change: Callable[[object], bool]) -> bool:
    """Apply ``change`` (which edits a page instance in memory and says whether it changed anything) to a
    Wagtail page, keeping its history: a page without pending changes gets a new revision, published; a
    page with a draft (or never published) gets the change in its draft as a new revision and in its
    current rows, so neither the next publication nor the live page brings the old citation back.
    Nothing else of the page changes, so no review workflow is needed for it."""
    with transaction.atomic():
        latest = page.get_latest_revision()
        if latest is None:
            if not change(page):
                return False
            page.save(clean=False)
            return True
        draft = latest.as_object()
        changed_draft = change(draft)
        if page.live and not page.has_unpublished_changes:
            if not changed_draft:
                return False
            # Published even by an editor who cannot publish: the successor is the one a published revision of
            # the regulation defines, and the list's audit entry and the page's history say who did it.
            revision = draft.save_revision(user=user, log_action=True, clean=False)
            revision.publish(user=user, skip_permission_checks=True)
            return True
        changed_live = change(page)
        if changed_live:
            page.save(clean=False)
        if changed_draft:
            draft.save_revision(user=user, log_action=True, clean=False)
        return changed_draft or changed_live


def repoint_many_to_many(*, articles, item_id: int, old_article_id: int, new_article_id: int) -> bool:
    """``repoint`` for an item that cites articles through a many-to-many field (``articles``, the descriptor,
    e.g. ``Question.articles``): under a lock on the item, its link to the old article becomes one to the new
    article (kept once where it already had both); False when it no longer cites the old one. The caller may
    write more in the same transaction."""
    field = articles.field
    item = f"{field.m2m_field_name()}_id"
    article = f"{field.m2m_reverse_field_name()}_id"
    with transaction.atomic():
        field.model.objects.select_for_update().get(pk=item_id)
        removed, _count = articles.through.objects.filter(**{item: item_id, article: old_article_id}).delete()
        if not removed:
            return False
        articles.through.objects.get_or_create(**{item: item_id, article: new_article_id})
        return True
