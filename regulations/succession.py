"""An article's identity across editions: which article of the edition in force each older article became.

Written when a revising edition goes in force (and again when it is re-published), from the same matching
as the comparison page (regulations.comparison), so that every citation of an older article can show the
rule as it stands now without a diff at read time:

- ``successor`` / ``successor_change``: the article it became in the *next* edition, and how it changed there;
- ``current`` / ``change_to_current``: the article it became in the edition *in force*, and how it changed
  over the whole chain (2023 → 2025 → 2026): removed if any step removed it, changed if any step changed
  its text, renumbered if its number now differs.

The articles of the edition in force have neither (they are current themselves).
"""

from __future__ import annotations

import logging

from django.db import transaction

from regulations.comparison import ArticleText, ChangeKind, compare_editions
from regulations.models import RegulationArticle, RegulationPage, RegulationStatus

__all__ = ["fill_missing_succession", "record_succession", "resolve_chain"]

logger = logging.getLogger(__name__)

_CHANGED = {ChangeKind.CHANGED, ChangeKind.RENUMBERED_CHANGED}
_FIELDS = ["successor", "successor_change", "current", "change_to_current"]


def record_succession(*, edition: RegulationPage) -> list[RegulationArticle]:
    """Match the articles of the edition this one revises to this one's, then resolve the chain it heads.

    Returns the articles of the revised edition whose meaning or place changed (changed, renumbered or
    removed), the ones citations must be checked against.
    """
    previous = edition.revises
    if previous is None:
        return []
    with transaction.atomic():
        old = list(previous.articles.order_by("ordinal"))
        new = list(edition.articles.order_by("ordinal"))
        by_pk = {article.pk: article for article in new}
        changes = compare_editions(_texts(old), _texts(new))
        for article in old:
            article.successor, article.successor_change = None, ChangeKind.REMOVED.value
        old_by_pk = {article.pk: article for article in old}
        for change in changes:
            if change.old is None:
                continue
            article = old_by_pk[change.old.key]
            article.successor = by_pk[change.new.key] if change.new is not None else None
            article.successor_change = change.kind.value
        RegulationArticle.objects.bulk_update(old, ["successor", "successor_change"], batch_size=500)
        resolve_chain(head=edition)
    logger.info("Article succession recorded from edition %s to %s", previous.pk, edition.pk)
    return [article for article in old if article.successor_change != ChangeKind.UNCHANGED]


def resolve_chain(*, head: RegulationPage) -> None:
    """Point every article of the editions ``head`` revises, directly or through a chain, at its article in
    ``head`` (the edition in force). One query to read and one to write per edition, however long it is."""
    with transaction.atomic():
        RegulationArticle.objects.filter(regulation=head).exclude(current=None, change_to_current="").update(
            current=None, change_to_current=""
        )
        head_numbers = dict(head.articles.values_list("pk", "number"))
        newer: dict[int, RegulationArticle] | None = None  # None: the newer edition is head itself
        seen, edition = {head.pk}, head.revises
        while edition is not None and edition.pk not in seen:
            seen.add(edition.pk)
            articles = list(edition.articles.order_by("ordinal"))
            for article in articles:
                _resolve(article, newer=newer, head_numbers=head_numbers)
            RegulationArticle.objects.bulk_update(articles, _FIELDS[2:], batch_size=500)
            newer = {article.pk: article for article in articles}
            edition = edition.revises


def _resolve(article: RegulationArticle, *, newer: dict[int, RegulationArticle] | None, head_numbers: dict) -> None:
    """Set the article's ``current`` and ``change_to_current`` from its successor's, already resolved."""
    kind = article.successor_change
    article.current, article.change_to_current = None, ""
    if kind == ChangeKind.REMOVED:
        article.change_to_current = ChangeKind.REMOVED.value
        return
    if article.successor_id is None or not kind:
        return  # never matched (the revision went in force before this was recorded): nothing known
    if newer is None:
        if article.successor_id in head_numbers:
            article.current_id, article.change_to_current = article.successor_id, kind
        return
    successor = newer.get(article.successor_id)
    if successor is None or not successor.change_to_current:
        return
    if successor.change_to_current == ChangeKind.REMOVED:
        article.change_to_current = ChangeKind.REMOVED.value
        return
    article.current_id = successor.current_id
    changed = kind in _CHANGED or successor.change_to_current in _CHANGED
    renumbered = head_numbers.get(successor.current_id) != article.number
    article.change_to_current = _kind(changed=changed, renumbered=renumbered).value


def _kind(*, changed: bool, renumbered: bool) -> ChangeKind:
    if changed:
        return ChangeKind.RENUMBERED_CHANGED if renumbered else ChangeKind.CHANGED
    return ChangeKind.RENUMBERED if renumbered else ChangeKind.UNCHANGED


def _texts(articles: list[RegulationArticle]) -> list[ArticleText]:
    return [ArticleText(number=a.number, label=a.label, text=a.text, key=a.pk) for a in articles]


def fill_missing_succession() -> int:
    """Record the succession of every revision in force whose revised edition has none yet (editions
    published before this was recorded); run after each ``migrate``. The number of revisions filled."""
    revisions = RegulationPage.objects.filter(
        status=RegulationStatus.IN_FORCE, revises__isnull=False, revises__articles__successor_change=""
    ).distinct()
    filled = 0
    for edition in revisions.select_related("revises"):
        record_succession(edition=edition)
        filled += 1
    return filled
