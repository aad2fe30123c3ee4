"""Scoring a 定性 drill: pure functions over plain values, no database.

Category: the trainee picks one category of the two-level taxonomy (a top-level category, or one of its
sub-types). It is *exact* when it is one of the case's categories, *partial* when it has the right top level but
the wrong or no sub-type, *wrong* otherwise.

Articles: a chosen article and each of the case's linked articles are compared by their identity in the edition
in force (regulations.api.articles_in_force), so choosing the article of the edition in force that a superseded
article the case links became (or the other way round) is a hit, labelled as mapped across editions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class CategoryResult(StrEnum):
    EXACT = "exact"
    PARTIAL = "partial"
    WRONG = "wrong"


@dataclass(frozen=True)
class CategoryScore:
    result: CategoryResult
    #: The case's category the choice is compared with: the one chosen when exact, the case's category under the
    #: same top level when partial, the case's first category when wrong (None for a case without categories).
    expected_id: int | None


def score_category(
    *, chosen_id: int, case_category_ids: Iterable[int], parent_of: Mapping[int, int | None]
) -> CategoryScore:
    """``parent_of``: category id → its parent's id (None for a top-level category), for every category involved."""
    case_ids = list(case_category_ids)

    def top(category_id: int) -> int:
        return parent_of.get(category_id) or category_id

    if chosen_id in case_ids:
        return CategoryScore(CategoryResult.EXACT, chosen_id)
    same_top = [c for c in case_ids if top(c) == top(chosen_id)]
    if same_top:
        # A sub-type of the same top level is what the trainee was nearest to; prefer it to the top level itself.
        nearest = next((c for c in same_top if parent_of.get(c)), same_top[0])
        return CategoryScore(CategoryResult.PARTIAL, nearest)
    # Wrong: compare with the case's most specific category, for the confusion table.
    expected = next((c for c in case_ids if parent_of.get(c)), case_ids[0] if case_ids else None)
    return CategoryScore(CategoryResult.WRONG, expected)


@dataclass(frozen=True)
class ArticleScore:
    #: The case's articles (their ids as linked) the trainee found, missed; the chosen ids the case does not cite.
    hits: list[int] = field(default_factory=list)
    missed: list[int] = field(default_factory=list)
    extra: list[int] = field(default_factory=list)
    #: Hits where the chosen article and the case's are different rows (editions) of the same article in force.
    mapped: list[int] = field(default_factory=list)
    #: The missed articles as the edition in force has them (for the review queue).
    missed_in_force: list[int] = field(default_factory=list)

    @property
    def all_found(self) -> bool:
        return not self.missed and not self.extra


def score_articles(
    *, chosen_ids: Iterable[int], case_article_ids: Iterable[int], in_force: Mapping[int, int]
) -> ArticleScore:
    """``in_force``: article id → the id of the article in force it became (itself when current), for every id."""
    chosen = list(dict.fromkeys(chosen_ids))
    expected = list(dict.fromkeys(case_article_ids))

    def identity(article_id: int) -> int:
        return in_force.get(article_id, article_id)

    chosen_by_identity: dict[int, int] = {}
    for article_id in chosen:
        chosen_by_identity.setdefault(identity(article_id), article_id)
    expected_identities = {identity(a) for a in expected}
    hits, missed, mapped, missed_in_force = [], [], [], []
    for article_id in expected:
        picked = chosen_by_identity.get(identity(article_id))
        if picked is None:
            missed.append(article_id)
            missed_in_force.append(identity(article_id))
        else:
            hits.append(article_id)
            if picked != article_id:
                mapped.append(article_id)
    extra = [a for a in chosen if identity(a) not in expected_identities]
    return ArticleScore(
        hits=hits, missed=missed, extra=extra, mapped=mapped, missed_in_force=list(dict.fromkeys(missed_in_force))
    )
