"""What the 定性 answers add up to: a person's confusions (正确类别 → 我选的类别), a round's weak categories, and
the cases each person characterised exactly right (a module's drill criterion)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from cases.api import ProblemCategory
from drills.models import CategoryResult, DrillAttempt
from drills.selectors import categories_in_tree_order, top_of
from regulations.api import (
    CITATION_RELATED,
    RegulationArticle,
)
from rounds.api import member_user_ids, rounds_visible_to

__all__ = ["confusions_of", "correct_drill_cases", "readable_round", "readable_rounds", "round_weak_categories"]

# -- the person's confusions ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Confusion:
    expected: ProblemCategory
    chosen: ProblemCategory
    count: int


@dataclass(frozen=True)
class MissedArticle:
    article: RegulationArticle
    count: int


def confusions_of(*, user, limit: int = 10) -> dict:
    """正确类别 → 我选的类别 counts over the person's attempts that were not exact, most frequent first, and the
    articles (as the edition in force has them) they missed most often. Three queries."""
    attempts = list(
        DrillAttempt.objects.filter(user=user).only(
            "pk", "category_id", "expected_category_id", "category_result", "article_outcome"
        )
    )
    categories = {c.pk: c for c in categories_in_tree_order()}
    pairs: Counter = Counter()
    totals: Counter = Counter()
    missed: Counter = Counter()
    for attempt in attempts:
        totals[attempt.category_result] += 1
        if attempt.category_result != CategoryResult.EXACT and attempt.expected_category_id in categories:
            pairs[(attempt.expected_category_id, attempt.category_id)] += 1
        missed.update((attempt.article_outcome or {}).get("missed_in_force", []))
    confusions = [
        Confusion(categories[expected], categories[chosen], count)
        for (expected, chosen), count in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))
        if chosen in categories
    ]
    top_missed = missed.most_common(limit)
    articles = RegulationArticle.objects.select_related(*CITATION_RELATED).in_bulk([pk for pk, _n in top_missed])
    return {
        "attempt_count": len(attempts),
        "totals": {result: totals[result.value] for result in CategoryResult},
        "confusions": confusions,
        "missed_articles": [MissedArticle(articles[pk], n) for pk, n in top_missed if pk in articles],
        "results": CategoryResult,
    }


# -- a round's weak categories ------------------------------------------------------------------------------------


def readable_rounds(*, user) -> list:
    """The rounds whose weak categories the person may read (none for most trainees), newest first."""
    return list(rounds_visible_to(user).order_by("-starts_on", "-pk")[:20])


def readable_round(*, user, pk: int):
    """A round the person may read (its managers, holders of rounds.view_every_round); else DoesNotExist."""
    return rounds_visible_to(user).get(pk=pk)


@dataclass
class CategoryShare:
    category: ProblemCategory
    attempts: int = 0
    exact: int = 0
    partial: int = 0
    wrong: int = 0

    def _percent(self, n: int) -> int:
        return round(100 * n / self.attempts) if self.attempts else 0

    @property
    def exact_percent(self) -> int:
        return self._percent(self.exact)

    @property
    def partial_percent(self) -> int:
        return self._percent(self.partial)

    @property
    def wrong_percent(self) -> int:
        return self._percent(self.wrong)


def round_weak_categories(*, inspection_round) -> dict:
    """Per top-level category (of the case's category each attempt was compared with), the round's members'
    attempts and how many were exact, partial or wrong; weakest (lowest exact share) first. No names."""
    categories = {c.pk: c for c in categories_in_tree_order()}
    rows = (
        DrillAttempt.objects.filter(user_id__in=member_user_ids(round_id=inspection_round.pk))
        .exclude(expected_category=None)
        .values_list("expected_category_id", "category_result")
    )
    shares: dict[int, CategoryShare] = {}
    for expected_id, result in rows:
        category = categories.get(expected_id)
        if category is None:
            continue
        top = top_of(category)
        share = shares.setdefault(top.pk, CategoryShare(category=top))
        share.attempts += 1
        setattr(share, result, getattr(share, result) + 1)
    people = DrillAttempt.objects.filter(user_id__in=member_user_ids(round_id=inspection_round.pk)).values("user_id")
    ordered = sorted(shares.values(), key=lambda s: (s.exact / s.attempts, -s.attempts, s.category.sort_order))
    return {
        "inspection_round": inspection_round,
        "shares": ordered,
        "attempt_count": sum(s.attempts for s in ordered),
        "people_count": people.distinct().count(),
    }


# -- readiness (a module's drill criterion) --------------------------------------------------------------------------


def correct_drill_cases(*, user_ids, since, category_ids) -> dict[int | None, dict[int, int]]:
    """Per drill set (a category id, its sub-types included; None: every published case): user id → how many
    different cases of the set they characterised with the category exactly right since ``since``. One query."""
    wanted = set(category_ids)
    found: dict[int | None, dict[int, set[int]]] = {key: {} for key in wanted}
    if user_ids and wanted:
        rows = DrillAttempt.objects.filter(
            user_id__in=user_ids, created_at__gte=since, category_result=CategoryResult.EXACT, case__live=True
        ).values_list("user_id", "case_id", "case__categories", "case__categories__parent_id")
        for user_id, case_id, category_id, parent_id in rows.distinct().order_by():
            for key in {None, category_id, parent_id} & wanted:
                found[key].setdefault(user_id, set()).add(case_id)
    return {key: {user_id: len(cases) for user_id, cases in people.items()} for key, people in found.items()}
