"""Choosing articles in a form by number or words (the 定性 drill, a report draft's problem entry): the ticked
articles shown again, and a search's matches as tick boxes. The page shell is site/templates/includes/
article_picker.html with site/static/js/article_picker.js (search as one types)."""

from __future__ import annotations

from dataclasses import dataclass

from regulations.models import RegulationArticle, RegulationStatus
from regulations.selectors import article_choice_label, chooser_articles

#: How many articles one search shows as tick boxes.
SEARCH_LIMIT = 12


@dataclass(frozen=True)
class ArticleChoice:
    article: RegulationArticle
    label: str
    in_force: bool


def _choice(article: RegulationArticle) -> ArticleChoice:
    return ArticleChoice(
        article=article,
        label=article_choice_label(article),
        in_force=article.regulation.status == RegulationStatus.IN_FORCE,
    )


def chosen_articles(*, article_ids: list[int]) -> list[ArticleChoice]:
    """The ticked articles, in the order ticked, as the form shows them again (one query)."""
    articles = RegulationArticle.objects.filter(pk__in=article_ids).select_related("regulation")
    by_pk = {a.pk: a for a in articles}
    return [_choice(by_pk[pk]) for pk in dict.fromkeys(article_ids) if pk in by_pk]


def search_articles(*, query: str, exclude_ids: list[int]) -> list[ArticleChoice]:
    """The chooser's rules (第十条 / 第10条 / 10 by number, else by words; editions in force first), without those
    already ticked."""
    if not query.strip():
        return []
    found = []
    for article in chooser_articles(query=query)[: SEARCH_LIMIT + len(exclude_ids)]:
        if article.pk not in exclude_ids:
            found.append(_choice(article))
    return found[:SEARCH_LIMIT]
