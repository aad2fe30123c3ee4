"""Builders for the drills' tests: a small taxonomy, a case index, cases with categories and articles, attempts
played through the real service."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from cases.models import ProblemCategory
from drills.models import DrillAttempt, DrillIndexPage
from drills.services import submit_drill
from tests.factories import (
    CaseArticleLinkFactory,
    CaseIndexPageFactory,
    CasePageFactory,
    ProblemCategoryFactory,
    RegulationArticleFactory,
    RegulationPageFactory,
    home_page,
)


class DrillIndexPageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrillIndexPage

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        page = model_class(title=kwargs.get("title", "定性练习"), slug=kwargs.get("slug", "drills"), show_in_menus=True)
        home_page().add_child(instance=page)
        page.save_revision().publish()
        return page


@dataclass
class Taxonomy:
    discipline: ProblemCategory  # 违反六项纪律, with sub-types
    integrity: ProblemCategory  # 廉洁纪律
    mass: ProblemCategory  # 群众纪律
    leadership: ProblemCategory  # 党的领导弱化, no sub-types


def taxonomy() -> Taxonomy:
    discipline = ProblemCategoryFactory(name="测试六项纪律", slug="t-discipline", sort_order=1)
    return Taxonomy(
        discipline=discipline,
        integrity=ProblemCategoryFactory(name="测试廉洁纪律", slug="t-integrity", parent=discipline, sort_order=1),
        mass=ProblemCategoryFactory(name="测试群众纪律", slug="t-mass", parent=discipline, sort_order=2),
        leadership=ProblemCategoryFactory(name="测试党的领导弱化", slug="t-leadership", sort_order=0),
    )


def drill_case(*, categories, articles=(), index=None, **fields):
    """A published case with these categories and linked articles."""
    index = index or CaseIndexPageFactory()
    case = CasePageFactory(parent=index, classification__categories=list(categories), **fields)
    for article in articles:
        CaseArticleLinkFactory(case=case, article=article)
    return case


def articles(count: int, **fields):
    """``count`` articles of a new edition, numbered 第一条 to its last (the factory's own sequence runs on
    across the whole test session, so a test that looks for 第十二条 needs the numbers set)."""
    regulation = RegulationPageFactory(parent=home_page())
    return [RegulationArticleFactory(regulation=regulation, number=n, **fields) for n in range(1, count + 1)]


def attempt(*, user, case, category, article_ids=(), sentence="违反群众纪律，优亲厚友。", now=None) -> DrillAttempt:
    return submit_drill(
        user=user,
        case=case,
        category_id=category.pk,
        article_ids=list(article_ids),
        sentence=sentence,
        token=uuid.uuid4(),
        now=now or timezone.now(),
    )


__all__ = ["DjangoModelFactory", "DrillIndexPageFactory", "Taxonomy", "articles", "attempt", "drill_case", "taxonomy"]
