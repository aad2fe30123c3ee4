"""The drafting services: what they write, and that every refusal leaves nothing half-written."""

from __future__ import annotations

import pytest
from django.db import IntegrityError

from report_writing import services
from report_writing.models import (
    DraftSection,
    DraftStatus,
    ProblemEntry,
    ProblemEvidence,
    Recommendation,
    ReportDraft,
    ReportOutline,
)
from report_writing.services import DraftError
from tests.factories import ProblemCategoryFactory, RegulationArticleFactory, UserFactory
from tests.report_writing.factories import ProblemEntryFactory, RecommendationFactory, ReportDraftFactory

pytestmark = pytest.mark.django_db

FACT = "2025年该局3次以会议费名义列支接待费用4.2万元。"


def exercise_page(**kwargs):
    from tests.report_writing.factories import ReportExercisePageFactory

    return ReportExercisePageFactory(**kwargs)


def problem_kwargs(draft, **overrides):
    values = {
        "draft": draft,
        "writer": draft.writer,
        "fact": FACT,
        "category_ids": [],
        "severity": "general",
        "article_ids": [],
        "evidence": [("interview", 1, "会计谈话"), ("document", 2, "报销凭证")],
    }
    values.update(overrides)
    return values


def test_start_draft_copies_the_default_outline():
    writer = UserFactory()
    draft = services.start_draft(writer=writer, title="  某局巡察报告（练习） ")
    outline = ReportOutline.objects.get(is_default=True)
    assert draft.title == "某局巡察报告（练习）"
    assert list(draft.sections.values_list("title", "role")) == list(
        outline.sections.order_by("sort_order").values_list("title", "role")
    )
    assert draft.status == DraftStatus.WRITING and draft.outline == outline


def test_start_draft_without_any_outline_is_refused():
    ReportOutline.objects.all().delete()
    with pytest.raises(DraftError, match="尚未设置报告提纲"):
        services.start_draft(writer=UserFactory())
    assert not ReportDraft.objects.exists()


def test_an_exercise_returns_the_open_draft_instead_of_a_second():
    writer = UserFactory()
    exercise = exercise_page(title="练习：某局问题部分")
    first = services.start_draft(writer=writer, exercise=exercise)
    again = services.start_draft(writer=writer, exercise=exercise)
    assert first.pk == again.pk and first.title == "练习：某局问题部分"
    assert ReportDraft.objects.filter(writer=writer).count() == 1
    # The partial unique constraint holds the double tap the lookup cannot see.
    with pytest.raises(IntegrityError):
        ReportDraftFactory(writer=writer, exercise_id=exercise.pk)


def test_save_sections_and_its_refusals():
    draft = ReportDraftFactory()
    before = draft.updated_at
    services.save_sections(draft=draft, writer=draft.writer, texts={0: "谈话32人次。", 3: "上轮问题12个。"})
    assert DraftSection.objects.get(draft=draft, position=0).text == "谈话32人次。"
    draft.refresh_from_db()
    assert draft.updated_at > before
    with pytest.raises(DraftError):
        services.save_sections(draft=draft, writer=draft.writer, texts={0: "改了", 99: "没有这一部分"})
    with pytest.raises(DraftError):
        services.save_sections(draft=draft, writer=draft.writer, texts={0: "改了", 1: "长" * 5001})
    assert DraftSection.objects.get(draft=draft, position=0).text == "谈话32人次。"
    with pytest.raises(DraftError):
        services.save_sections(draft=draft, writer=UserFactory(), texts={0: "别人写的"})
    assert DraftSection.objects.get(draft=draft, position=0).text == "谈话32人次。"


def test_save_problem_creates_and_updates():
    draft = ReportDraftFactory()
    category = ProblemCategoryFactory()
    article = RegulationArticleFactory()
    entry = services.save_problem(**problem_kwargs(draft, category_ids=[category.pk], article_ids=[article.pk]))
    assert entry.fact == FACT and entry.position == 1
    assert list(entry.categories.all()) == [category] and list(entry.articles.all()) == [article]
    assert list(entry.evidence.values_list("source", "count", "note")) == [
        ("interview", 1, "会计谈话"),
        ("document", 2, "报销凭证"),
    ]
    services.save_problem(**problem_kwargs(draft, problem=entry, evidence=[("audit", 1, "")], severity="grave"))
    entry.refresh_from_db()
    assert entry.severity == "grave" and list(entry.evidence.values_list("source", flat=True)) == ["audit"]
    assert ProblemEntry.objects.filter(draft=draft).count() == 1


@pytest.mark.parametrize(
    "overrides",
    [
        {"fact": "  "},
        {"fact": "第一个事实。第二个事实。"},
        {"fact": "长" * 301},
        {"severity": "huge"},
        {"category_ids": [999999]},
        {"article_ids": [999999]},
        {"evidence": [("rumour", 1, "")]},
        {"evidence": [("interview", 0, "")]},
        {"evidence": [("interview", "many", "")]},
        {"responsibility": "nobody"},
        {"responsible_party": "某" * 61},
    ],
)
def test_save_problem_refusals_leave_nothing(overrides):
    draft = ReportDraftFactory()
    with pytest.raises(DraftError):
        services.save_problem(**problem_kwargs(draft, **overrides))
    assert not ProblemEntry.objects.exists() and not ProblemEvidence.objects.exists()


def test_a_failed_update_keeps_the_entry_as_it_was():
    draft = ReportDraftFactory()
    entry = services.save_problem(**problem_kwargs(draft))
    with pytest.raises(DraftError):
        services.save_problem(**problem_kwargs(draft, problem=entry, fact="新事实", evidence=[("bad", 1, "")]))
    entry.refresh_from_db()
    assert entry.fact == FACT and entry.evidence.count() == 2


def test_only_the_writer_and_only_while_writing():
    draft = ReportDraftFactory()
    with pytest.raises(DraftError):
        services.save_problem(**problem_kwargs(draft, writer=UserFactory()))
    ReportDraft.objects.filter(pk=draft.pk).update(status=DraftStatus.SUBMITTED)
    with pytest.raises(DraftError):
        services.save_problem(**problem_kwargs(draft))
    with pytest.raises(DraftError):
        services.delete_draft(draft=draft, writer=draft.writer)
    assert not ProblemEntry.objects.exists() and ReportDraft.objects.filter(pk=draft.pk).exists()


def test_a_problem_of_another_draft_is_refused():
    draft = ReportDraftFactory()
    other = ProblemEntryFactory()
    with pytest.raises(DraftError):
        services.save_problem(**problem_kwargs(draft, problem=other, fact="改别人的"))
    with pytest.raises(DraftError):
        services.delete_problem(draft=draft, writer=draft.writer, problem=other)
    other.refresh_from_db()
    assert other.fact != "改别人的"


def test_move_and_delete_problems():
    draft = ReportDraftFactory()
    first = services.save_problem(**problem_kwargs(draft))
    second = services.save_problem(**problem_kwargs(draft, fact="2024年该局2次超标准接待。"))
    services.move_problem(draft=draft, writer=draft.writer, problem=second, up=True)
    assert list(draft.problems.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    services.move_problem(draft=draft, writer=draft.writer, problem=second, up=True)  # already first
    assert list(draft.problems.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    services.delete_problem(draft=draft, writer=draft.writer, problem=first)
    assert list(draft.problems.values_list("pk", flat=True)) == [second.pk]


def test_recommendations_tie_to_problems_of_the_same_draft():
    draft = ReportDraftFactory()
    entry = ProblemEntryFactory(draft=draft)
    other = ProblemEntryFactory()
    rec = services.save_recommendation(
        draft=draft, writer=draft.writer, text="清理会议费。", problem_ids=[entry.pk], deadline="one_month"
    )
    assert list(rec.problems.all()) == [entry] and rec.deadline == "one_month"
    for bad in (
        {"problem_ids": [other.pk]},
        {"text": ""},
        {"deadline": "never"},
        {"lead_party": "某" * 61},
    ):
        values = {"text": "另一条建议。", "problem_ids": [entry.pk], "deadline": "one_month"} | bad
        with pytest.raises(DraftError):
            services.save_recommendation(draft=draft, writer=draft.writer, **values)
    assert Recommendation.objects.filter(draft=draft).count() == 1
    services.save_recommendation(
        draft=draft, writer=draft.writer, recommendation=rec, text="改过的建议。", problem_ids=[], deadline="immediate"
    )
    rec.refresh_from_db()
    assert rec.text == "改过的建议。" and not rec.problems.exists()
    foreign = RecommendationFactory()
    with pytest.raises(DraftError):
        services.delete_recommendation(draft=draft, writer=draft.writer, recommendation=foreign)
    services.delete_recommendation(draft=draft, writer=draft.writer, recommendation=rec)
    assert not Recommendation.objects.filter(draft=draft).exists()


def test_submit_only_a_written_exercise_draft():
    free = ReportDraftFactory(texts={"basic": "谈话32人次。"})
    with pytest.raises(DraftError):
        services.submit_draft(draft=free, writer=free.writer)
    exercise = exercise_page()
    draft = services.start_draft(writer=UserFactory(), exercise=exercise)
    with pytest.raises(DraftError, match="空"):
        services.submit_draft(draft=draft, writer=draft.writer)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.WRITING and draft.submitted_at is None
    services.save_problem(**problem_kwargs(draft))
    services.submit_draft(draft=draft, writer=draft.writer)
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.submitted_at is not None
    # Handed in: no second draft while it waits (test_no_second_try_while_the_last_one_waits_for_marking).
    with pytest.raises(DraftError):
        services.start_draft(writer=draft.writer, exercise=exercise)


def test_delete_draft():
    draft = ReportDraftFactory()
    ProblemEntryFactory(draft=draft)
    with pytest.raises(DraftError):
        services.delete_draft(draft=draft, writer=UserFactory())
    services.delete_draft(draft=draft, writer=draft.writer)
    assert not ReportDraft.objects.exists() and not ProblemEntry.objects.exists()


def test_no_second_try_while_the_last_one_waits_for_marking():
    writer = UserFactory()
    exercise = exercise_page()
    ReportDraftFactory(writer=writer, exercise=exercise, status=DraftStatus.SUBMITTED)
    with pytest.raises(DraftError, match="等待阅卷"):
        services.start_draft(writer=writer, exercise=exercise)
    assert ReportDraft.objects.filter(writer=writer).count() == 1
    ReportDraft.objects.filter(writer=writer).update(status=DraftStatus.MARKED)
    assert services.start_draft(writer=writer, exercise=exercise).status == DraftStatus.WRITING
