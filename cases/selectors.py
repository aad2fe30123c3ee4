"""Reads for the case library: filtering by category, unit type and discovery method, with counts."""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from cases.models import CaseArticleLink, CasePage, DiscoveryMethod, ProblemCategory
from core.filters import QueryFilter
from core.models import UnitType


@dataclass
class CategoryBranch:
    top: ProblemCategory
    children: list[ProblemCategory] = field(default_factory=list)


def category_tree() -> list[CategoryBranch]:
    """The taxonomy as forms offer it (tick boxes, radio lists): each top-level category with its sub-types, in
    tree order (one query)."""
    branches: dict[int, CategoryBranch] = {}
    for category in ProblemCategory.objects.in_tree_order():
        if category.parent_id is None:
            branches[category.pk] = CategoryBranch(top=category)
        elif category.parent_id in branches:
            branches[category.parent_id].children.append(category)
    return list(branches.values())


@dataclass(frozen=True)
class CaseFilter(QueryFilter):
    category: str = ""
    unit_type: str = ""
    found: str = ""


@dataclass
class FacetOption:
    slug: str
    name: str
    count: int
    selected: bool
    children: list["FacetOption"] = field(default_factory=list)


def filtered_cases(*, index_page, case_filter: CaseFilter) -> dict:
    """The live cases under index_page that match the filter, and facet counts.

    Each facet counts cases matching the other two filters, so a reader sees how many cases a
    click would leave. Unknown filter values are reported back rather than silently ignored.
    """
    categories = list(ProblemCategory.objects.in_tree_order())
    unit_types = list(UnitType.objects.all())
    methods = list(DiscoveryMethod.objects.all())
    by_slug = {
        "category": {c.slug: c for c in categories},
        "unit_type": {u.slug: u for u in unit_types},
        "found": {m.slug: m for m in methods},
    }
    invalid = [
        name
        for name in ("category", "unit_type", "found")
        if getattr(case_filter, name) and getattr(case_filter, name) not in by_slug[name]
    ]
    category = by_slug["category"].get(case_filter.category)
    unit_type = by_slug["unit_type"].get(case_filter.unit_type)
    method = by_slug["found"].get(case_filter.found)

    base = CasePage.objects.live().child_of(index_page)

    def narrow(queryset: QuerySet, *, skip: str) -> QuerySet:
        if category and skip != "category":
            children = [c.pk for c in categories if c.parent_id == category.pk]
            queryset = queryset.filter(categories__in=[category.pk, *children])
        if unit_type and skip != "unit_type":
            queryset = queryset.filter(unit_type=unit_type)
        if method and skip != "found":
            queryset = queryset.filter(discovery_methods=method)
        return queryset

    matching_ids = narrow(base, skip="").values("pk")
    cases = (
        CasePage.objects.filter(pk__in=matching_ids)
        .select_related("unit_type")
        .prefetch_related(
            Prefetch("categories", queryset=ProblemCategory.objects.select_related("parent")),
            "discovery_methods",
        )
        .order_by("-first_published_at", "title")
    )

    # Category facet: a parent counts each case once, whether it is filed under it or a child.
    category_pairs = CasePage.categories.through.objects.filter(
        casepage__in=narrow(base, skip="category").values("pk")
    ).values_list("casepage_id", "problemcategory_id")
    parent_of = {c.pk: c.parent_id for c in categories}
    cases_per_category: dict[int, set[int]] = defaultdict(set)
    for case_id, category_id in category_pairs:
        cases_per_category[category_id].add(case_id)
        if parent_of.get(category_id):
            cases_per_category[parent_of[category_id]].add(case_id)
    category_facets = []
    for top in (c for c in categories if c.parent_id is None):
        option = FacetOption(top.slug, top.name, len(cases_per_category[top.pk]), top == category)
        option.children = [
            FacetOption(c.slug, c.name, len(cases_per_category[c.pk]), c == category)
            for c in categories
            if c.parent_id == top.pk
        ]
        category_facets.append(option)

    # order_by() drops the page tree ordering, which would otherwise split the GROUP BY per page.
    def counts(queryset: QuerySet, field_name: str) -> dict[int, int]:
        return dict(queryset.order_by().values_list(field_name).annotate(n=Count("pk", distinct=True)))

    unit_counts = counts(narrow(base, skip="unit_type"), "unit_type")
    method_counts = counts(narrow(base, skip="found"), "discovery_methods")
    return {
        "cases": cases,
        "case_filter": case_filter,
        "invalid_filters": invalid,
        "selected": {"category": category, "unit_type": unit_type, "found": method},
        "category_facets": category_facets,
        "unit_type_facets": [FacetOption(u.slug, u.name, unit_counts.get(u.pk, 0), u == unit_type) for u in unit_types],
        "found_facets": [FacetOption(m.slug, m.name, method_counts.get(m.pk, 0), m == method) for m in methods],
    }


#: What a citation of a linked article reads (``regulations.api.CITATION_RELATED`` under ``article``): named
#: here because cases sits beside regulations in the layers and imports nothing from it.
ARTICLE_CITATION_RELATED = ("article__regulation", "article__current", "article__current__regulation")


def related_articles(*, case: CasePage) -> QuerySet[CaseArticleLink]:
    """The case's 相关条文, each article with what its citation shows (the article in force it became), in
    one query however many there are."""
    return case.article_links.select_related(*ARTICLE_CITATION_RELATED)
