"""A team's field pack (巡察工作手册), built from its units' types in a fixed number of queries.

- the points that apply, per unit, grouped by top-level category;
- the 调阅清单: every document the points ask for, once, with the points that ask for it;
- the interview outline: the linked guide questions, grouped by their guide's interviewee role;
- the red flags, once each, with their points;
- coverage: the team's ticks per (unit, point), and the counts per unit and category.

Seven queries whatever the number of units and points (units, points, unit types, documents, red flags,
questions, ticks).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch

from cases.api import ProblemCategory
from guides.api import IntervieweeRole, InterviewQuestion
from rounds.api import InspectedUnit, InspectionTeam
from supervision.models import CoverageTick, SupervisionPointPage
from supervision.selectors import sort_key, top_of


@dataclass(frozen=True)
class UnitPoint:
    """A point that applies at a unit, with the team's tick there (None: not covered yet)."""

    point: SupervisionPointPage
    tick: CoverageTick | None = None


@dataclass
class CategoryGroup:
    category: ProblemCategory
    entries: list[UnitPoint] = field(default_factory=list)

    @property
    def applicable(self) -> int:
        return len(self.entries)

    @property
    def covered(self) -> int:
        return sum(1 for entry in self.entries if entry.tick is not None)


@dataclass
class UnitSection:
    unit: InspectedUnit
    groups: list[CategoryGroup] = field(default_factory=list)

    @property
    def applicable(self) -> int:
        return sum(g.applicable for g in self.groups)

    @property
    def covered(self) -> int:
        return sum(g.covered for g in self.groups)


@dataclass
class PackDocument:
    name: str
    notes: list[str] = field(default_factory=list)
    points: list[SupervisionPointPage] = field(default_factory=list)


@dataclass
class OutlineQuestion:
    question: InterviewQuestion
    points: list[SupervisionPointPage] = field(default_factory=list)


@dataclass
class OutlineRole:
    role: IntervieweeRole
    questions: list[OutlineQuestion] = field(default_factory=list)


@dataclass
class RedFlag:
    text: str
    points: list[SupervisionPointPage] = field(default_factory=list)


@dataclass
class FieldPack:
    team: InspectionTeam
    units: list[UnitSection]
    points: list[SupervisionPointPage]
    documents: list[PackDocument]
    outline: list[OutlineRole]
    red_flags: list[RedFlag]
    #: (unit id, point id) → the team's tick (who ticked is shown only to who may see coverage).
    ticks: dict[tuple[int, int], CoverageTick]


def _normalised(name: str) -> str:
    return re.sub(r"\s+", "", name).strip()


def _points_for(type_ids: set[int]) -> list[SupervisionPointPage]:
    if not type_ids:
        return []
    questions = InterviewQuestion.objects.filter(guide__live=True).select_related("guide").order_by("sort_order")
    points = (
        SupervisionPointPage.objects.live()
        .filter(unit_types__in=type_ids)
        .distinct()
        .select_related("category__parent")
        .prefetch_related("unit_types", "documents", "red_flags", Prefetch("questions", queryset=questions))
    )
    return sorted(points, key=sort_key)


def _documents(points: list[SupervisionPointPage]) -> list[PackDocument]:
    by_name: dict[str, PackDocument] = {}
    for point in points:
        for document in point.documents.all():
            entry = by_name.setdefault(_normalised(document.name), PackDocument(name=document.name.strip()))
            if document.note and document.note not in entry.notes:
                entry.notes.append(document.note)
            if point not in entry.points:
                entry.points.append(point)
    return list(by_name.values())


def _outline(points: list[SupervisionPointPage]) -> list[OutlineRole]:
    by_question: dict[int, OutlineQuestion] = {}
    for point in points:
        for question in point.questions.all():
            entry = by_question.setdefault(question.pk, OutlineQuestion(question=question))
            entry.points.append(point)
    by_role: dict[str, list[OutlineQuestion]] = defaultdict(list)
    for entry in by_question.values():
        by_role[entry.question.guide.interviewee_role].append(entry)
    outline = []
    for role in IntervieweeRole:
        if role.value in by_role:
            entries = sorted(by_role[role.value], key=lambda e: (e.question.guide.title, e.question.sort_order or 0))
            outline.append(OutlineRole(role=role, questions=entries))
    return outline


def _red_flags(points: list[SupervisionPointPage]) -> list[RedFlag]:
    by_text: dict[str, RedFlag] = {}
    for point in points:
        for flag in point.red_flags.all():
            entry = by_text.setdefault(_normalised(flag.text), RedFlag(text=flag.text.strip()))
            if point not in entry.points:
                entry.points.append(point)
    return list(by_text.values())


def field_pack(*, team: InspectionTeam, with_ticks: bool = True) -> FieldPack:
    """The team's pack; ``with_ticks`` also reads the team's coverage ticks (with who ticked)."""
    units = list(team.units.select_related("unit_type").order_by("sort_order", "pk"))
    points = _points_for({unit.unit_type_id for unit in units})
    ticks = {}
    if with_ticks and units:
        rows = CoverageTick.objects.filter(team=team).select_related("ticked_by")
        ticks = {(t.unit_id, t.point_id): t for t in rows}
    type_ids_of = {point.pk: {t.pk for t in point.unit_types.all()} for point in points}
    sections = []
    for unit in units:
        groups: dict[int, CategoryGroup] = {}
        for point in points:
            if unit.unit_type_id not in type_ids_of[point.pk]:
                continue
            top = top_of(point.category)
            group = groups.setdefault(top.pk, CategoryGroup(category=top))
            group.entries.append(UnitPoint(point=point, tick=ticks.get((unit.pk, point.pk))))
        sections.append(UnitSection(unit=unit, groups=list(groups.values())))
    return FieldPack(
        team=team,
        units=sections,
        points=points,
        documents=_documents(points),
        outline=_outline(points),
        red_flags=_red_flags(points),
        ticks=ticks,
    )


def tickers(pack: FieldPack) -> list[int]:
    """The user ids a coverage view shows (for its audit entry)."""
    return sorted({tick.ticked_by_id for tick in pack.ticks.values()})
