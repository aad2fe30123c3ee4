"""Reads of the revision impact list: what is open, each row with the old and new article side by side."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When
from django.utils.safestring import SafeString, mark_safe

from regulations.api import CITATION_RELATED, ChangeKind, Citation, citation_of, inline_diff_html
from revision_impact.models import ImpactItem, ImpactStatus, RevisionImpactSettings

__all__ = ["ImpactRow", "impact_rows", "open_count", "rows_for", "same_wording_open_count", "withholding_on"]

_SAME_WORDING = {ChangeKind.UNCHANGED, ChangeKind.RENUMBERED}


def withholding_on() -> bool:
    """Whether questions on changed or removed articles are withheld from draws (on unless turned off)."""
    row = RevisionImpactSettings.objects.only("withhold_changed_questions").first()
    return True if row is None else row.withhold_changed_questions


def open_count() -> int:
    return ImpactItem.objects.filter(status=ImpactStatus.OPEN).count()


def same_wording_open_count() -> int:
    """Open rows that "re-point all" would take: the article in force reads the same."""
    return (
        ImpactItem.objects.filter(status=ImpactStatus.OPEN, article__change_to_current__in=_SAME_WORDING)
        .exclude(article__current=None)
        .count()
    )


@dataclass(frozen=True)
class ImpactRow:
    item: ImpactItem
    citation: Citation
    #: The text in force with deletions and insertions marked, when the wording changed.
    diff_html: SafeString | None

    @property
    def can_repoint(self) -> bool:
        return self.item.is_open and self.citation.followed


def impact_rows(*, include_closed: bool = False):
    """Open rows first (by revision, kind, item), then the closed ones, newest first; a queryset to page."""
    items = ImpactItem.objects.select_related(
        "edition", "closed_by", *(f"article__{name}" for name in CITATION_RELATED)
    ).annotate(
        closed=Case(When(status=ImpactStatus.OPEN, then=Value(0)), default=Value(1), output_field=IntegerField())
    )
    if not include_closed:
        items = items.filter(status=ImpactStatus.OPEN)
    return items.order_by("closed", "-closed_at", "-edition_id", "kind", "title", "object_id", "article__number")


def rows_for(items) -> list[ImpactRow]:
    """Each item with its citation and, where the wording changed, the inline diff (no query)."""
    rows = []
    for item in items:
        citation = citation_of(item.article)
        diff = None
        if citation.followed and citation.changed:
            diff = mark_safe(inline_diff_html(item.article.text, citation.current.text))  # escaped by the diff
        rows.append(ImpactRow(item=item, citation=citation, diff_html=diff))
    return rows
