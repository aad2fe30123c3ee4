"""Builders for the report-writing tests: drafts with the default outline's sections copied in, problem entries
with evidence and articles, recommendations tied to problems. Each test builds only what it needs."""

from __future__ import annotations

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from report_writing.models import (
    DraftSection,
    ModelReportPage,
    ProblemEntry,
    ProblemEvidence,
    Recommendation,
    ReportDraft,
    ReportExercisePage,
    ReportOutline,
    ReportWritingIndexPage,
    VagueWording,
)
from tests.factories import UserFactory, home_page


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


class ReportWritingIndexPageFactory(wagtail_factories.PageFactory):
    title = "报告写作"
    slug = "reports"
    show_in_menus = True
    parent = factory.LazyFunction(home_page)

    class Meta:
        model = ReportWritingIndexPage


def report_index() -> ReportWritingIndexPage:
    """The one section page (max_count 1), made on first use."""
    return ReportWritingIndexPage.objects.first() or ReportWritingIndexPageFactory()


class ReportExercisePageFactory(wagtail_factories.PageFactory):
    """An exercise asking for the main problems, with two facts and one evidence snippet."""

    title = factory.Sequence(lambda n: f"练习{n}：示例局问题部分")
    slug = factory.Sequence(lambda n: f"exercise-{n}")
    parent = factory.LazyFunction(report_index)
    intro = "根据示例材料写出发现的主要问题。"
    task = "写出“发现的主要问题”部分：每个问题一句话事实、证据来源和依据条款。"
    materials = factory.LazyFunction(
        lambda: [
            {"type": "fact", "value": {"text": "2025年示例局以会议费名义列支接待费用3次。", "case": None}},
            {"type": "fact", "value": {"text": "示例局机关食堂由某公司承包，未经招标。", "case": None}},
            {"type": "evidence", "value": {"text": "财务凭证3张。", "source": "document", "count": 3}},
        ]
    )

    class Meta:
        model = ReportExercisePage


def model_report_value(*, category_ids=(), article_ids=(), answers=((1,),)) -> dict:
    """Stream values of a small 范文: the six-part outline, one problem, and recommendations answering ``answers``."""
    sections = [
        ("基本情况", "basic", "示例县某局共有干部职工46人，下设7个股室。"),
        ("发现的主要问题", "problems", "巡察发现以下问题。"),
        ("问题线索移交情况", "clues", "移交问题线索2件。"),
        ("上轮巡察整改情况", "previous_round", "上轮反馈问题12个，已整改10个。"),
        ("意见建议", "recommendations", "提出以下建议。"),
        ("其他", "other", ""),
    ]
    return {
        "sections": [
            {"type": "section", "value": {"title": t, "role": r, "text": x, "in_feedback": r != "clues"}}
            for t, r, x in sections
        ],
        "problems": [
            {
                "type": "problem",
                "value": {
                    "fact": "2025年该局3次以“会议费”名义列支接待费用共计4.2万元。",
                    "categories": list(category_ids),
                    "severity": "serious",
                    "evidence": [
                        {"source": "document", "count": 3, "note": "报销凭证"},
                        {"source": "interview", "count": 2, "note": "财务人员谈话"},
                    ],
                    "articles": list(article_ids),
                    "responsible_party": "局党组",
                    "responsibility": "principal",
                },
            }
        ],
        "recommendations": [
            {
                "type": "recommendation",
                "value": {
                    "text": "严格执行公务接待规定。",
                    "answers": list(a),
                    "deadline": "one_month",
                    "lead_party": "",
                },
            }
            for a in answers
        ],
    }


class ModelReportPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"示例县某局巡察报告（示例{n}）")
    slug = factory.Sequence(lambda n: f"model-report-{n}")
    parent = factory.LazyFunction(report_index)
    summary = "示例：一份六部分齐全的巡察报告范文。"
    sections = factory.LazyFunction(lambda: model_report_value()["sections"])
    problems = factory.LazyFunction(lambda: model_report_value()["problems"])
    recommendations = factory.LazyFunction(lambda: model_report_value()["recommendations"])

    class Meta:
        model = ModelReportPage
