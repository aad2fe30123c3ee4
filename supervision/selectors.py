"""Reads of the 监督要点 library: the filtered list, one point's details, who may open a team's field pack."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from cases.api import ProblemCategory
from core.labels import field_label
from core.models import UnitType
from regulations.api import CITATION_RELATED
from rounds.api import InspectionTeam, TeamRole, current_memberships, manages_round, memberships_of
from supervision.models import CoverageTick, PointArticleLink, SupervisionIndexPage, SupervisionPointPage

#: A point's articles with what their citation shows (the article in force each became).
ARTICLE_CITATION_RELATED = tuple(f"article__{field}" for field in CITATION_RELATED)
#: Team roles that see who ticked what (with the round's managers).
LEADING_ROLES = (TeamRole.LEADER, TeamRole.DEPUTY)


@dataclass(frozen=True)
class PointFilter:
    unit_type: str = ""
    category: str = ""

    @classmethod
    def from_query(cls, query) -> PointFilter:
        return cls(unit_type=query.get("unit_type", "").strip(), category=query.get("category", "").strip())


def top_categories() -> list[ProblemCategory]:
    return list(ProblemCategory.objects.filter(parent__isnull=True).order_by("sort_order", "name"))


def top_of(category: ProblemCategory) -> ProblemCategory:
    """The top-level category (the category itself, or its parent); needs ``category__parent`` loaded."""
    return category.parent if category.parent_id else category


def sort_key(point: SupervisionPointPage) -> tuple:
    top = top_of(point.category)
    sub = point.category if point.category.parent_id else None
    return (top.sort_order, top.name, -1 if sub is None else sub.sort_order, point.title)


def filtered_points(*, index_page: SupervisionIndexPage, point_filter: PointFilter) -> dict:
    """The index page's points (live), narrowed by unit type and top-level category (GET filters); unknown
    values are ignored and reported. Four queries whatever the number of points."""
    unit_types = list(UnitType.objects.all())
    categories = top_categories()
    by_slug_type = {t.slug: t for t in unit_types}
    by_slug_category = {c.slug: c for c in categories}
    invalid = []
    points = (
        SupervisionPointPage.objects.child_of(index_page)
        .live()
        .select_related("category__parent")
        .prefetch_related("unit_types")
    )
    unit_type = by_slug_type.get(point_filter.unit_type)
    if point_filter.unit_type and unit_type is None:
        invalid.append("unit_type")
    if unit_type is not None:
        points = points.filter(unit_types=unit_type)
    category = by_slug_category.get(point_filter.category)
    if point_filter.category and category is None:
        invalid.append("category")
    if category is not None:
        points = points.filter(Q(category=category) | Q(category__parent=category))
    points = sorted(points.distinct(), key=sort_key)
    return {
        "points": points,
        "unit_types": unit_types,
        "categories": categories,
        "selected": {"unit_type": unit_type, "category": category},
        "invalid_filters": invalid,
    }


def point_details(*, point: SupervisionPointPage) -> dict:
    """What a point's page shows beyond its own fields, each list in one query."""
    return {
        "article_links": list(
            PointArticleLink.objects.filter(point=point)
            .select_related(*ARTICLE_CITATION_RELATED)
            .order_by("sort_order")
        ),
        "questions": list(point.questions.select_related("guide").order_by("guide__title", "sort_order")),
        "example_cases": list(point.example_cases.live().order_by("title")),
    }


@dataclass(frozen=True)
class TeamAccess:
    """What this person may do with a team's field pack."""

    team: InspectionTeam
    #: Their role in the team, or None (a round manager, or someone allowed to see every round).
    member_role: str | None
    manages: bool

    @property
    def may_tick(self) -> bool:
        return self.member_role is not None

    @property
    def may_see_coverage(self) -> bool:
        """Who ticked what shows people's names: the team's leader and deputy, and the round's managers."""
        return self.manages or self.member_role in LEADING_ROLES


def team_access(*, user, team_pk: int) -> TeamAccess | None:
    """The team and what the person may do with its pack, or None when they may not know it exists: not a
    member (any role), not a manager of its round and without ``rounds.view_every_round``."""
    if not user.is_authenticated or not user.is_active:
        return None
    team = InspectionTeam.objects.select_related("round").filter(pk=team_pk).first()
    if team is None:
        return None
    role = memberships_of(user=user).filter(team_id=team.pk).values_list("role", flat=True).first()
    manages = manages_round(user=user, round_id=team.round_id)
    if role is None and not manages:
        return None
    return TeamAccess(team=team, member_role=role, manages=manages)


def packs_of(*, user) -> list[InspectionTeam]:
    """The teams of the person's current rounds (not ended), for links to their field packs."""
    if not user.is_authenticated:
        return []
    return [member.team for member in current_memberships(user=user)]


def live_points() -> QuerySet[SupervisionPointPage]:
    return SupervisionPointPage.objects.live()


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's coverage ticks as plain rows, for their own data export (个人信息保护法)."""
    ticks = (
        CoverageTick.objects.filter(ticked_by=user)
        .select_related("team__round", "unit", "point")
        .order_by("ticked_at", "pk")
    )
    rows = [
        {
            field_label(CoverageTick, "team"): str(tick.team),
            field_label(CoverageTick, "unit"): tick.unit.name,
            field_label(CoverageTick, "point"): tick.point.title,
            field_label(CoverageTick, "ticked_at"): tick.ticked_at,
        }
        for tick in ticks
    ]
    return {_("Coverage ticks"): rows}
