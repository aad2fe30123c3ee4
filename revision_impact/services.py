"""Writes of the revision impact list: build it when a revision goes in force, re-point an item to the
article in force, mark an item checked. Each is one transaction; re-pointing and checking are audited."""

from __future__ import annotations

import logging

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.api import record_security_event
from quizzes import api as quizzes_api
from regulations.api import ChangeKind, RegulationArticle, RegulationPage
from revision_impact.models import ImpactItem, ImpactStatus, ItemKind
from revision_impact.selectors import withholding_on
from revision_impact.sources import SOURCES

__all__ = ["ImpactError", "build_impact_list", "mark_checked", "repoint_all", "repoint_item"]

logger = logging.getLogger(__name__)

#: A question on an article whose wording changed or that was removed is withheld from draws (if on).
WITHHOLDING_CHANGES = {ChangeKind.CHANGED, ChangeKind.RENUMBERED_CHANGED, ChangeKind.REMOVED}
#: Re-pointed all at once: the article in force says the same.
SAME_WORDING = {ChangeKind.UNCHANGED, ChangeKind.RENUMBERED}
#: How far back a chain of editions is followed (2023 → 2025 → 2026 …); a guard, not a real limit.
_MAX_CHAIN = 50


class ImpactError(Exception):
    """A refused action, with a message for the editor."""


def build_impact_list(*, edition: RegulationPage, touched_article_ids: list[int]) -> int:
    """List every item citing an article the revision touched (or an older edition's article that became
    one), one row per (item, cited article); rows already listed for this revision are kept as they are.
    A fixed number of queries per citing app, whatever the number of items. The number of new rows."""
    with transaction.atomic():
        article_ids = _with_older_editions(touched_article_ids)
        if not article_ids:
            return 0
        changes = dict(RegulationArticle.objects.filter(pk__in=article_ids).values_list("pk", "change_to_current"))
        existing = set(ImpactItem.objects.filter(edition=edition).values_list("kind", "object_id", "article_id"))
        withhold = withholding_on()
        rows = []
        for kind, source in SOURCES.items():
            for cited in source.citations_of(article_ids=article_ids):
                key = (str(kind), cited.object_id, cited.article_id)
                if key in existing:
                    continue
                existing.add(key)
                rows.append(
                    ImpactItem(
                        edition=edition,
                        kind=kind,
                        object_id=cited.object_id,
                        title=cited.title[:255],
                        edit_url=cited.edit_url[:255],
                        note=cited.note[:255],
                        article_id=cited.article_id,
                        withholds=withhold
                        and kind == ItemKind.QUESTION
                        and changes.get(cited.article_id) in WITHHOLDING_CHANGES,
                    )
                )
        ImpactItem.objects.bulk_create(rows, batch_size=500)
        withheld = sorted({row.object_id for row in rows if row.withholds})
        if withheld:
            quizzes_api.withhold_questions(question_ids=withheld, withheld=True)
    logger.info("Revision %s: %d new impact rows, %d questions withheld", edition.pk, len(rows), len(withheld))
    return len(rows)


def repoint_item(*, item_id: int, user) -> ImpactItem:
    """The item cites the article in force instead of the one listed; the row (and any other open row of the
    same item and article) is closed as re-pointed, and the audit log says who did it."""
    with transaction.atomic():
        item = _open_item(item_id)
        article = item.article
        if article.change_to_current == ChangeKind.REMOVED or article.current_id is None:
            raise ImpactError(
                _("This article was removed from the edition in force: check the item and mark it checked.")
            )
        try:
            changed = SOURCES[item.kind].repoint(
                item_id=item.object_id, old_article_id=article.pk, new_article_id=article.current_id, user=user
            )
        except ObjectDoesNotExist:
            raise ImpactError(_("The item no longer exists: mark it checked.")) from None
        _close(item, status=ImpactStatus.REPOINTED, user=user)
        record_security_event(
            action="revision_impact.repointed",
            actor=user,
            target=item,
            detail={
                "kind": item.kind,
                "object_id": item.object_id,
                "old_article_id": article.pk,
                "new_article_id": article.current_id,
                "changed": changed,
            },
        )
    return item


def repoint_all(*, user) -> tuple[int, int]:
    """Re-point every open item whose article reads the same in force (unchanged or only renumbered).
    (re-pointed, skipped): an item that no longer exists stays open for someone to check."""
    done = skipped = 0
    with transaction.atomic():
        ids = list(
            ImpactItem.objects.filter(status=ImpactStatus.OPEN, article__change_to_current__in=SAME_WORDING)
            .exclude(article__current=None)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        for pk in ids:
            try:
                repoint_item(item_id=pk, user=user)
            except ImpactError:
                skipped += 1
            else:
                done += 1
    return done, skipped


def mark_checked(*, item_id: int, user, note: str = "") -> ImpactItem:
    """Someone looked at the item against the revision (a removed article, or a change re-pointing does not
    settle); closed with their note, audited, and a withheld question goes back into draws."""
    note = " ".join(note.split())
    if len(note) > 500:
        raise ImpactError(_("The note is too long (500 characters at most)."))
    with transaction.atomic():
        item = _open_item(item_id)
        item.check_note = note
        _close(item, status=ImpactStatus.CHECKED, user=user)
        record_security_event(
            action="revision_impact.checked",
            actor=user,
            target=item,
            detail={"kind": item.kind, "object_id": item.object_id, "article_id": item.article_id, "note": note},
        )
    return item


def _open_item(item_id: int) -> ImpactItem:
    try:
        item = ImpactItem.objects.select_for_update().select_related("article").get(pk=item_id)
    except ImpactItem.DoesNotExist:
        raise ImpactError(_("This item is not on the list.")) from None
    if not item.is_open:
        raise ImpactError(_("This item has already been dealt with."))
    return item


def _close(item: ImpactItem, *, status: str, user) -> None:
    now = timezone.now()
    same = ImpactItem.objects.filter(
        kind=item.kind, object_id=item.object_id, article_id=item.article_id, status=ImpactStatus.OPEN
    )
    same.exclude(pk=item.pk).update(status=status, closed_at=now, closed_by=user)
    item.status, item.closed_at, item.closed_by = status, now, user
    item.save(update_fields=["status", "check_note", "closed_at", "closed_by"])
    if item.kind == ItemKind.QUESTION:
        _release(question_id=item.object_id)


def _release(*, question_id: int) -> None:
    """The question goes back into draws once no open row withholds it."""
    still = ImpactItem.objects.filter(
        kind=ItemKind.QUESTION, object_id=question_id, status=ImpactStatus.OPEN, withholds=True
    ).exists()
    if not still:
        quizzes_api.withhold_questions(question_ids=[question_id], withheld=False)


def _with_older_editions(article_ids: list[int]) -> list[int]:
    """These articles and those of older editions that became one of them (2023's 第二条 → 2025's 第三条)."""
    found, frontier = set(article_ids), set(article_ids)
    for _step in range(_MAX_CHAIN):
        older = set(RegulationArticle.objects.filter(successor_id__in=frontier).values_list("pk", flat=True)) - found
        if not older:
            break
        found |= older
        frontier = older
    return sorted(found)
