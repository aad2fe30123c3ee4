"""Reads for the regulation library, an edition's page, the comparison between two editions and the
admin's article chooser."""

import re
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
from regulations.numerals import from_chinese
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


# -- the article chooser: editions in force first, found by 第十五条, 第15条, 15 or by words -------------------

_NUMERALS = "零〇一二两三四五六七八九十百千"
# 第十五条, 第15条, 第 15 条 anywhere in the query; or the whole query is 15, 15条, 第15, 第十五 or 十五条 (not
# 第一 inside 第一责任人, nor 两条 inside 两条线).
_ARTICLE_NUMBER = re.compile(
    rf"第\s*(\d+|[{_NUMERALS}]+)\s*条"
    rf"|^\s*(\d+)\s*条?\s*$|^\s*第\s*(\d+|[{_NUMERALS}]+)\s*$|^\s*([{_NUMERALS}]+)\s*条\s*$"
)


@dataclass(frozen=True)
class ArticleQuery:
    number: int | None
    words: list[str]


def parse_article_query(text: str) -> ArticleQuery:
    """An editor's search in the article chooser: an article number if it names one, and the other words."""
    text = text.strip()
    match = _ARTICLE_NUMBER.search(text)
    number = None
    if match:
        written = next(group for group in match.groups() if group)
        try:
            number = int(written) if written.isdigit() else from_chinese(written)
        except ValueError:
            number = None
        if number is not None:
            text = text[: match.start()] + " " + text[match.end() :]
    return ArticleQuery(number=number, words=text.split())


def articles_current_first(queryset: QuerySet[RegulationArticle]) -> QuerySet[RegulationArticle]:
    """Articles of editions in force first, then not yet in force, revised, repealed; newer editions first
    within a status, articles in their order."""
    rank = Case(
        *[When(regulation__status=status, then=Value(rank)) for rank, status in enumerate(STATUS_ORDER)],
        default=Value(len(STATUS_ORDER)),
        output_field=IntegerField(),
    )
    return (
        queryset.select_related("regulation")
        .annotate(edition_rank=rank)
        .order_by("edition_rank", "-regulation_id", "ordinal")
    )


def article_choice_label(article: RegulationArticle) -> str:
    """《巡察办法（2025）》第十五条（现行有效）: how a list of choices names an article and its edition's status."""
    return f"《{article.regulation.title}》{article.label}（{article.regulation.get_status_display()}）"


class _Tiers:
    """Search results of several querysets one after another (editions in force first), each in the backend's
    ranking; sliceable and countable, for the chooser's paginator."""

    def __init__(self, tiers: list, model):
        self.model = model
        self.tiers = tiers
        # Exact counts (the Whoosh backend estimates large filtered counts), so each tier starts where the one
        # before really ends.
        self.counts = [getattr(tier, "exact_count", tier.count)() for tier in tiers]

    def count(self) -> int:
        return sum(self.counts)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, key: slice) -> list:
        start, stop = key.start or 0, key.stop if key.stop is not None else self.count()
        items, offset = [], 0
        for tier, size in zip(self.tiers, self.counts, strict=True):
            lo, hi = max(start - offset, 0), min(stop - offset, size)
            if lo < hi:
                items += list(tier[lo:hi])
            offset += size
        return items


def chooser_articles(*, query: str = ""):
    """The article chooser's rows: every article, editions in force first; with a query, the articles it
    names by number (第十五条, 第15条, 15) containing its other words, or else those found by its words through
    the search backend, editions in force first and by relevance within each status."""
    articles = RegulationArticle.objects.all()
    parsed = parse_article_query(query)
    if parsed.number is not None:
        articles = articles.filter(number=parsed.number)
        for word in parsed.words:
            articles = articles.filter(text__contains=word)
        return articles_current_first(articles)
    if not parsed.words:
        return articles_current_first(articles)
    editions = dict(RegulationPage.objects.values_list("pk", "status"))
    tiers = []
    for status in STATUS_ORDER:
        pks = [pk for pk, edition_status in editions.items() if edition_status == status]
        if pks:
            tier = RegulationArticle.objects.filter(regulation__in=pks).select_related("regulation")
            tiers.append(tier.search(" ".join(parsed.words)))
    return _Tiers(tiers, RegulationArticle)
