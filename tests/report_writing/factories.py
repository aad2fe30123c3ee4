"""Builders for the report-writing tests: drafts with the default outline's sections copied in, problem entries
with evidence and articles, recommendations tied to problems. Each test builds only what it needs."""

from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from report_writing.models import (
    DraftSection,
    ProblemEntry,
    ProblemEvidence,
    Recommendation,
    ReportDraft,
    ReportOutline,
    VagueWording,
)
from tests.factories import UserFactory


def default_outline() -> ReportOutline:
    """The six-part outline the migration ships."""
    return ReportOutline.objects.get(is_default=True)


class ReportDraftFactory(DjangoModelFactory):
    """A draft in writing with the default outline's sections copied in (empty texts unless ``texts`` by role)."""

    class Meta:
        model = ReportDraft

    writer = factory.SubFactory(UserFactory)
    title = "示例县某局巡察报告（练习）"
    created_at = factory.LazyFunction(timezone.now)
    updated_at = factory.LazyFunction(timezone.now)

    @classmethod
    def _create(cls, model_class, *args, texts: dict[str, str] | None = None, **kwargs):
        outline = kwargs.pop("outline", None) or default_outline()
        draft = model_class.objects.create(outline=outline, **kwargs)
        for position, section in enumerate(outline.sections.order_by("sort_order")):
            DraftSection.objects.create(
                draft=draft,
                position=position,
                title=section.title,
                role=section.role,
                guidance=section.guidance,
                in_feedback=section.in_feedback,
                text=(texts or {}).get(section.role, ""),
            )
        return draft


class ProblemEntryFactory(DjangoModelFactory):
    class Meta:
        model = ProblemEntry
        skip_postgeneration_save = True

    draft = factory.SubFactory(ReportDraftFactory)
    position = factory.LazyAttribute(lambda o: o.draft.problems.count())
    fact = "2025年该局3次以“会议费”名义列支接待费用共计4.2万元。"

    @factory.post_generation
    def articles(self, create, extracted, **kwargs):
        if create and extracted:
            self.articles.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class ProblemEvidenceFactory(DjangoModelFactory):
    class Meta:
        model = ProblemEvidence

    problem = factory.SubFactory(ProblemEntryFactory)
    source = "document"
    count = 2


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = Recommendation
        skip_postgeneration_save = True

    draft = factory.SubFactory(ReportDraftFactory)
    position = factory.LazyAttribute(lambda o: o.draft.recommendations.count())
    text = "严格执行公务接待管理规定，清理会议费列支项目。"

    @factory.post_generation
    def problems(self, create, extracted, **kwargs):
        if create and extracted:
            self.problems.set(extracted)


class VagueWordingFactory(DjangoModelFactory):
    class Meta:
        model = VagueWording
        django_get_or_create = ("phrase",)

    phrase = "问题突出"
    suggestion = "写出次数、金额或具体事例。"
