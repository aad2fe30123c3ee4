"""Reads for the regulation library, an edition's page and the comparison between two editions."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When

from core.filters import QueryFilter
from regulations.citations import CITATION_RELATED, Citation, citation_of
from regulations.comparison import ArticleText, compare_editions, summarize
from regulations.models import (
    STATUS_ORDER,
    RegulationArticle,
    RegulationCategory,
    RegulationImport,
    RegulationPage,
    RegulationStatus,
)
from regulations.references import link_article_references


@dataclass(frozen=True)
class LibraryFilter(QueryFilter):
    status: str = ""
    issuing_body: str = ""
    category: str = ""


def _status_rank() -> Case:
    return Case(
        *[When(status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)],
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )


def library_listing(*, library, library_filter: LibraryFilter) -> dict:
    """Live editions under the library: current ones first, newest first within a status."""
    editions: QuerySet[RegulationPage] = RegulationPage.objects.child_of(library).live()
    issuing_bodies = sorted({body for body in editions.values_list("issuing_body", flat=True) if body})
    categories = list(RegulationCategory.objects.filter(regulations__in=editions).distinct())
    invalid = []
    if library_filter.status:
        if library_filter.status in RegulationStatus.values:
            editions = editions.filter(status=library_filter.status)
        else:
            invalid.append("status")
    if library_filter.issuing_body:
        if library_filter.issuing_body in issuing_bodies:
            editions = editions.filter(issuing_body=library_filter.issuing_body)
        else:
            invalid.append("issuing_body")
    if library_filter.category:
        if library_filter.category in {c.slug for c in categories}:
            editions = editions.filter(category__slug=library_filter.category)
        else:
            invalid.append("category")
    editions = (
        editions.select_related("category")
        .annotate(status_rank=_status_rank())
        .order_by("status_rank", "-effective_date", "-first_published_at", "title")
    )
    return {
        "regulations": editions,
        "library_filter": library_filter,
        "invalid_filters": invalid,
        "statuses": RegulationStatus.choices,
        "issuing_bodies": issuing_bodies,
        "categories": categories,
    }


@dataclass(frozen=True)
class ParagraphView:
    html: str  # escaped, with same-regulation references linked
    is_item: bool  # a 项 such as （一）……, indented under its paragraph


@dataclass(frozen=True)
class ArticleView:
    article: RegulationArticle
    paragraphs: list[ParagraphView]
    #: Set on a superseded edition's page: where this article stands in the edition in force (its marker).
    citation: Citation | None = None


def _is_item(position: int, paragraph: str) -> bool:
    return position > 0 and paragraph.startswith(("（", "("))


def current_edition(*, edition: RegulationPage) -> RegulationPage | None:
    """The newest live edition in force that (directly or through a chain) revises this one, if any."""
    newest, seen = None, {edition.pk}
    candidate = edition
    while True:
        # Only an edition in force replaces this one; a published 尚未生效 text does not yet.
        successor = (
            RegulationPage.objects.live()
            .filter(revises=candidate, status=RegulationStatus.IN_FORCE)
            .order_by("-first_published_at", "-pk")
            .first()
        )
        if successor is None or successor.pk in seen:
            return newest
        newest, candidate = successor, successor
        seen.add(successor.pk)


SUPERSEDED_STATUSES = (RegulationStatus.REVISED, RegulationStatus.REPEALED)


def edition_context(*, edition: RegulationPage) -> dict:
    """An edition's articles, each with its own marker when the edition is revised or repealed (a reader who
    arrives at #article-14 never sees the banner at the top): one query for the articles and their successors."""
    superseded_by = current_edition(edition=edition)
    superseded = edition.status in SUPERSEDED_STATUSES or superseded_by is not None
    articles = list(edition.articles.select_related(*CITATION_RELATED).order_by("ordinal"))
    numbers = {a.number for a in articles}
    views = [
        ArticleView(
            a,
            [
                ParagraphView(link_article_references(p, known_numbers=numbers), _is_item(i, p))
                for i, p in enumerate(a.paragraphs)
            ],
            citation_of(a) if superseded else None,
        )
        for a in articles
    ]
    return {
        "articles": views,
        "superseded_by": superseded_by,
        "superseded": superseded,
        # An edition revised in name but not (yet) by a published edition in force still reads as 已修订.
        "superseded_status": RegulationStatus(edition.status)
        if edition.status in SUPERSEDED_STATUSES
        else RegulationStatus.REVISED,
        "has_changes_page": edition.revises_id is not None,
    }


def _article_texts(edition: RegulationPage) -> list[ArticleText]:
    return [
        ArticleText(number=a.number, label=a.label, text=a.text, key=a.pk) for a in edition.articles.order_by("ordinal")
    ]


def comparison_context(*, edition: RegulationPage) -> dict:
    previous = edition.revises
    changes = compare_editions(_article_texts(previous), _article_texts(edition))
    return {
        "previous": previous,
        "changes": changes,
        "summary": summarize(changes),
        "superseded_by": current_edition(edition=edition),
    }


def recent_imports(*, limit: int = 20) -> list[RegulationImport]:
    """The office's latest import attempts, failures included, for the import page."""
    return list(
        RegulationImport.objects.select_related("created_by", "regulation", "revises")
        .defer("source")
        .order_by("-created_at")[:limit]
    )
