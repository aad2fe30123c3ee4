"""Reads for the 定性 drills: the list, one drill, one attempt, the person's own data and the marker's queue (what
the answers add up to is drills.progress). Every read of an attempt is scoped here (its owner, or a marker), never
in a view."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from cases.api import CasePage, ProblemCategory, related_articles
from core.filters import QueryFilter
from core.labels import field_label
from drills.models import MARK_PERMISSION, RUBRIC, CategoryResult, DrillAttempt, DrillIndexPage
from regulations.api import CITATION_RELATED, RegulationArticle


def drill_index_url(request) -> str:
    """Where the drill list is (the 定性练习 page), or "" when there is none."""
    index = DrillIndexPage.objects.live().first()
    return index.get_url(request) if index else ""


def live_cases() -> QuerySet[CasePage]:
    """Every published case is a drill."""
    return CasePage.objects.live()


def categories_in_tree_order() -> list[ProblemCategory]:
    return list(ProblemCategory.objects.in_tree_order())


def top_of(category: ProblemCategory) -> ProblemCategory:
    return category.parent if category.parent_id else category


@dataclass(frozen=True)
class CategoryFilter(QueryFilter):
    category: str = ""


@dataclass
class DrillRow:
    case: CasePage
    last: DrillAttempt | None
    attempts: int


@dataclass
class UnitTypeGroup:
    name: str
    rows: list[DrillRow] = field(default_factory=list)


def drill_list(*, user, category_filter: CategoryFilter) -> dict:
    """The drills grouped by unit type, each with the person's last result and number of tries: four queries
    whatever the number of cases. ``category`` (a slug, from the confusion view's links back) keeps the drills
    filed under that category or its sub-types."""
    categories = categories_in_tree_order()
    by_slug = {c.slug: c for c in categories}
    selected = by_slug.get(category_filter.category)
    cases = live_cases().select_related("unit_type").only("pk", "unit_type", "unit_type__name", "unit_type__sort_order")
    if selected is not None:
        ids = [selected.pk, *(c.pk for c in categories if c.parent_id == selected.pk)]
        cases = cases.filter(categories__in=ids).distinct()
    cases = list(cases.order_by("unit_type__sort_order", "unit_type__name", "pk"))
    last: dict[int, DrillAttempt] = {}
    counts: Counter = Counter()
    attempts = DrillAttempt.objects.filter(user=user, case__in=[c.pk for c in cases]).order_by("created_at", "pk")
    for attempt in attempts.only("pk", "case_id", "category_result", "articles_hit", "articles_missed", "created_at"):
        last[attempt.case_id] = attempt
        counts[attempt.case_id] += 1
    groups: dict[int, UnitTypeGroup] = {}
    for case in cases:
        group = groups.setdefault(case.unit_type_id, UnitTypeGroup(name=case.unit_type.name))
        group.rows.append(DrillRow(case=case, last=last.get(case.pk), attempts=counts[case.pk]))
    return {
        "groups": list(groups.values()),
        "selected_category": selected,
        "invalid_category": bool(category_filter.category) and selected is None,
        "drill_count": len(cases),
        "done_count": len(last),
        "results": CategoryResult,
    }


def drill_case(*, case_id: int) -> CasePage:
    """A published case as a drill (CasePage.DoesNotExist otherwise, a 404); only what the drill page shows is
    read: the facts and the unit type."""
    return live_cases().select_related("unit_type").get(pk=case_id)


def attempt_of(*, pk: int, user) -> DrillAttempt:
    """The person's own attempt, with what its result page shows; anyone else's does not exist for them."""
    return (
        DrillAttempt.objects.select_related("case__unit_type", "category__parent", "expected_category__parent")
        .prefetch_related(Prefetch("articles", queryset=RegulationArticle.objects.select_related(*CITATION_RELATED)))
        .get(pk=pk, user=user)
    )


@dataclass(frozen=True)
class ArticleLine:
    article: RegulationArticle
    found: bool
    mapped: bool


@dataclass(frozen=True)
class RubricLine:
    label: str
    score: int | None


def result_context(*, attempt: DrillAttempt) -> dict:
    """What a result page shows: the case's own 定性, basis and articles (each found or missed), what was chosen
    and not cited, and the marks once given."""
    outcome = attempt.article_outcome or {}
    hits, mapped, extra = set(outcome.get("hits", [])), set(outcome.get("mapped", [])), set(outcome.get("extra", []))
    links = list(related_articles(case=attempt.case))
    return {
        "attempt": attempt,
        "case": attempt.case,
        "case_categories": list(attempt.case.categories.select_related("parent")),
        "case_articles": [
            ArticleLine(link.article, link.article_id in hits, link.article_id in mapped) for link in links
        ],
        "extra_articles": [a for a in attempt.articles.all() if a.pk in extra],
        "rubric": [RubricLine(str(label), getattr(attempt, name)) for name, label in RUBRIC],
        "rubric_max": 2 * len(RUBRIC),
        "results": CategoryResult,
    }


# -- the person's own data (privacy's export) -----------------------------------------------------------------------


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's drill answers as plain rows, for their own data export (个人信息保护法)."""
    attempts = DrillAttempt.objects.filter(user=user).select_related("category__parent").order_by("created_at", "pk")
    rows = [
        {
            field_label(DrillAttempt, "created_at"): attempt.created_at,
            field_label(DrillAttempt, "case"): attempt.case_id,
            field_label(DrillAttempt, "category"): str(attempt.category),
            field_label(DrillAttempt, "category_result"): attempt.get_category_result_display(),
            field_label(DrillAttempt, "articles_hit"): attempt.articles_hit,
            field_label(DrillAttempt, "articles_missed"): attempt.articles_missed,
            field_label(DrillAttempt, "articles_extra"): attempt.articles_extra,
            field_label(DrillAttempt, "sentence"): attempt.sentence,
            _("Marks"): attempt.rubric_total,
            field_label(DrillAttempt, "marker_comment"): attempt.marker_comment,
        }
        for attempt in attempts
    ]
    return {_("Characterisation drills"): rows}


# -- the marker's queue ---------------------------------------------------------------------------------------------


def may_mark(user) -> bool:
    return user.has_perm(MARK_PERMISSION)


def marking_queue(*, marker) -> QuerySet[DrillAttempt]:
    """Unmarked sentences, oldest first. Markers (审核, 管理员) mark everyone's: a drill is practice on anonymised
    cases, and the permission is the scope."""
    if not may_mark(marker):
        return DrillAttempt.objects.none()
    return (
        DrillAttempt.objects.filter(marked_at=None)
        .select_related("user", "case__unit_type")
        .order_by("created_at", "pk")
    )


def unmarked_count(*, marker) -> int:
    return marking_queue(marker=marker).count()


def attempt_to_mark(*, pk: int, marker) -> DrillAttempt:
    """Any attempt, for a marker (DoesNotExist, a 404, for anyone else), with the case's answer beside it."""
    if not may_mark(marker):
        raise DrillAttempt.DoesNotExist
    return (
        DrillAttempt.objects.select_related("user", "case__unit_type", "category__parent", "marked_by")
        .prefetch_related(Prefetch("articles", queryset=RegulationArticle.objects.select_related(*CITATION_RELATED)))
        .get(pk=pk)
    )


def case_articles(*, case: CasePage) -> list[RegulationArticle]:
    return [link.article for link in related_articles(case=case)]


__all__ = [
    "CategoryFilter",
    "attempt_of",
    "attempt_to_mark",
    "case_articles",
    "drill_case",
    "drill_index_url",
    "drill_list",
    "marking_queue",
    "personal_records",
    "result_context",
    "top_of",
    "unmarked_count",
]
