"""The upcoming evenings whose agenda goes through regulation articles one by one (an articles block of an
edition, 第X条 to 第Y条), for the revision impact list (core.citing). Past evenings stay as they were held."""

from __future__ import annotations

import copy

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core.citing import CitingItem
from regulations.api import RegulationArticle
from studysessions.models import SessionStatus, StudySession

KIND = "evening"
_BLOCK = "articles"


def citations_of(*, article_ids: list[int]) -> list[CitingItem]:
    """One per (evening from now on, article its agenda covers) among these articles: two queries."""
    places = {
        pk: (regulation_id, number)
        for pk, regulation_id, number in RegulationArticle.objects.filter(pk__in=article_ids).values_list(
            "pk", "regulation_id", "number"
        )
    }
    by_edition: dict[int, list[tuple[int, int]]] = {}
    for pk, (regulation_id, number) in places.items():
        by_edition.setdefault(regulation_id, []).append((number, pk))
    if not by_edition:
        return []
    evenings = (
        StudySession.objects.filter(starts_at__gte=timezone.now())
        .exclude(status=SessionStatus.CANCELLED)
        .select_related("series")
        .order_by("starts_at", "pk")
    )
    items = []
    for evening in evenings:
        covered = set()
        for regulation_id, first, last in _ranges(evening.agenda.raw_data):
            covered.update(pk for number, pk in by_edition.get(regulation_id, ()) if first <= number <= last)
        items += [
            CitingItem(
                kind=KIND,
                object_id=evening.pk,
                title=str(evening),
                edit_url=reverse("wagtailsnippets_studysessions_studysession:edit", args=[evening.pk]),
                article_id=pk,
            )
            for pk in sorted(covered)
        ]
    return items


def repoint(*, item_id: int, old_article_id: int, new_article_id: int, user) -> bool:
    """Each articles block of the evening that covers the old article goes through the new article's edition
    instead, from the first to the last article its old range became there."""
    old = RegulationArticle.objects.get(pk=old_article_id)
    new = RegulationArticle.objects.get(pk=new_article_id)
    with transaction.atomic():
        evening = StudySession.objects.select_for_update().get(pk=item_id)
        blocks = [copy.deepcopy(dict(block)) for block in evening.agenda.raw_data]
        changed = False
        for block in blocks:
            value = block.get("value")
            if block.get("type") != _BLOCK or not isinstance(value, dict):
                continue
            first, last = value.get("first") or 0, value.get("last") or 0
            if value.get("regulation") != old.regulation_id or not first <= old.number <= last:
                continue
            became = RegulationArticle.objects.filter(
                regulation_id=old.regulation_id, number__range=(first, last), current__regulation_id=new.regulation_id
            )
            numbers = list(became.values_list("current__number", flat=True)) or [new.number]
            value.update(regulation=new.regulation_id, first=min(numbers), last=max(numbers))
            changed = True
        if changed:
            evening.agenda = blocks
            evening.save(update_fields=["agenda"])
        return changed


def _ranges(blocks) -> list[tuple[int, int, int]]:
    found = []
    for block in blocks:
        value = block.get("value")
        if block.get("type") == _BLOCK and isinstance(value, dict) and value.get("regulation"):
            found.append((value["regulation"], value.get("first") or 0, value.get("last") or 0))
    return found
