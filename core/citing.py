"""What an app that cites regulation articles tells the revision impact list (修订影响清单), in one shape.

Each citing app (cases, supervision, quizzes, courses, rounds, studysessions) offers, in its ``api.py``:

- ``citations_of(*, article_ids) -> list[CitingItem]``: one per (item, cited article) among these articles,
  read in a fixed number of queries whatever the number of items;
- ``repoint(*, item_id, old_article_id, new_article_id, user) -> bool``: the item cites the new article
  instead of the old one (False when it no longer cites the old one), in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.urls import reverse


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


def article_link_citations(*, kind: str, links, page_field: str) -> list[CitingItem]:
    """``citations_of`` for pages that cite articles through inline rows (``article_links``: ``links`` is the
    rows' queryset, already filtered to the articles asked about; ``page_field`` its ParentalKey). One query."""
    page_id = f"{page_field}_id"
    rows = (
        links.select_related(page_field)
        .only(page_id, "article_id", f"{page_field}__title")
        .order_by(page_id, "article_id")
    )
    return [
        CitingItem(
            kind=kind,
            object_id=getattr(link, page_id),
            title=getattr(link, page_field).title,
            edit_url=reverse("wagtailadmin_pages:edit", args=[getattr(link, page_id)]),
            article_id=link.article_id,
        )
        for link in rows
    ]


def repoint_article_links(*, pages, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    """``repoint`` for a page whose inline ``article_links`` rows cite articles (``pages``: its model's
    queryset): the old article's row becomes the new one (dropped if the page already lists the new one), in
    its live rows and its latest revision (:func:`repoint_page`)."""

    def change(page) -> bool:
        links = list(page.article_links.all())
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
        page.article_links = kept
        return True

    with transaction.atomic():
        page = pages.select_for_update().get(pk=item_id)
        return repoint_page(page=page, user=user, change=change)
