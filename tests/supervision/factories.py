"""Factories for 监督要点 and the rounds their field packs are built for."""

from __future__ import annotations

import itertools

import factory
import wagtail_factories

from supervision.models import PointArticleLink, PointDocument, PointRedFlag, SupervisionIndexPage, SupervisionPointPage
from tests.factories import ProblemCategoryFactory, UnitTypeFactory, home_page
from tests.rounds.factories import InspectedUnitFactory, InspectionRoundFactory, InspectionTeamFactory

_numbers = itertools.count(1)


class SupervisionIndexPageFactory(wagtail_factories.PageFactory):
    title = "监督要点"
    slug = "supervision"
    show_in_menus = True
    parent = factory.LazyFunction(home_page)

    class Meta:
        model = SupervisionIndexPage


def supervision_index() -> SupervisionIndexPage:
    return SupervisionIndexPage.objects.first() or SupervisionIndexPageFactory()


def make_point(
    *,
    title: str | None = None,
    category=None,
    unit_types=(),
    documents=(),
    red_flags=(),
    questions=(),
    articles=(),
    cases=(),
    summary: str = "看清单位的决策程序。",
    common_signs: str = "<ul><li>会议记录简单。</li></ul>",
    live: bool = True,
) -> SupervisionPointPage:
    """A published point (``live=False``: a draft) under the one index page. ``documents`` are names or
    (name, note) pairs."""
    number = next(_numbers)
    point = SupervisionPointPage(
        title=title or f"监督要点{number}",
        slug=f"point-{number}",
        category=category or ProblemCategoryFactory(),
        summary=summary,
        common_signs=common_signs,
        live=live,
    )
    point.unit_types = list(unit_types)
    point.questions = list(questions)
    point.example_cases = list(cases)
    point.documents = [
        PointDocument(name=d, note="") if isinstance(d, str) else PointDocument(name=d[0], note=d[1]) for d in documents
    ]
    point.red_flags = [PointRedFlag(text=text) for text in red_flags]
    point.article_links = [PointArticleLink(article=article) for article in articles]
    supervision_index().add_child(instance=point)
    if live:
        point.save_revision().publish()
    return point


def team_with_units(*unit_types, round=None, name=None):
    """A team of a round inspecting one unit of each of these types."""
    inspection_round = round or InspectionRoundFactory()
    team = InspectionTeamFactory(round=inspection_round, **({"name": name} if name else {}))
    team.units.set([InspectedUnitFactory(round=inspection_round, unit_type=t) for t in unit_types])
    team.save()  # units is a ParentalManyToManyField: saved with the team
    return team


__all__ = ["SupervisionIndexPageFactory", "UnitTypeFactory", "make_point", "supervision_index", "team_with_units"]
