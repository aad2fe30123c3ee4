"""Publishing a revision lists everything that cites an article it changed, renumbered or removed."""

import pytest

from quizzes.models import Question
from regulations.comparison import ChangeKind
from revision_impact.models import ImpactItem, ImpactStatus, ItemKind, RevisionImpactSettings
from revision_impact.services import build_impact_list
from tests.citation_chain import NEW_TEXT, article, edition, old_edition, revise
from tests.revision_impact.factories import citing_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def first():
    return old_edition()


def _listed(second):
    return {
        (row.kind, row.object_id, row.article.number)
        for row in ImpactItem.objects.filter(edition=second).select_related("article")
    }


def test_publishing_a_revision_lists_each_citing_item_per_touched_article(first):
    cited = citing_items(first)
    second = revise(first)
    assert _listed(second) == {
        (ItemKind.CASE, cited.case.pk, 2),
        (ItemKind.CASE, cited.case.pk, 4),
        (ItemKind.QUESTION, cited.question.pk, 2),
        (ItemKind.LESSON, cited.lesson.pk, 3),
        # The evening goes through 第一条 to 第四条: 第一条 did not change, the other three did.
        (ItemKind.EVENING, cited.evening.pk, 2),
        (ItemKind.EVENING, cited.evening.pk, 3),
        (ItemKind.EVENING, cited.evening.pk, 4),
        # The study pack's 第五条 did not change.
        (ItemKind.STUDY_PACK, cited.pack.pk, 3),
    }
    assert set(ImpactItem.objects.values_list("status", flat=True)) == {ImpactStatus.OPEN}
    question_row = ImpactItem.objects.get(kind=ItemKind.QUESTION)
    assert question_row.note == "用于测验：巡察程序测验"
    assert question_row.edit_url == f"/admin/snippets/quizzes/question/edit/{cited.question.pk}/"


def test_republishing_the_revision_adds_only_new_rows(first):
    cited = citing_items(first)
    second = revise(first)
    row = ImpactItem.objects.get(kind=ItemKind.LESSON)
    row.status = ImpactStatus.CHECKED
    row.save()
    cited.pack.articles.add(article(first, 4))
    cited.pack.save()
    second.save_revision().publish()
    assert ImpactItem.objects.filter(edition=second).count() == 9
    assert ImpactItem.objects.get(kind=ItemKind.LESSON).status == ImpactStatus.CHECKED
    assert ImpactItem.objects.filter(kind=ItemKind.STUDY_PACK, article__number=4).exists()


def test_an_item_citing_an_older_edition_is_listed_through_the_chain(first):
    """2023 → 2025 → 2026: a case still citing 2023's 第二条 is listed when 2026 changes the article again."""
    cited = citing_items(first)
    second = revise(first)
    ImpactItem.objects.all().delete()
    text = NEW_TEXT.replace("十五个", "二十个")
    third = edition(text, "巡察办法（2026）", revises=second)
    assert (ItemKind.CASE, cited.case.pk, 2) in {
        (row.kind, row.object_id, row.article.number)
        for row in ImpactItem.objects.filter(edition=third, article__regulation=first).select_related("article")
    }


def test_questions_on_changed_or_removed_articles_are_withheld_by_default(first):
    cited = citing_items(first)
    renumbered_only = Question.objects.create(kind="true_false", stem="巡察组可以干预吗？", true_false_answer=False)
    renumbered_only.articles.add(article(first, 3))
    revise(first)
    assert Question.objects.get(pk=cited.question.pk).withheld_from_draws  # 第二条: wording changed
    assert not Question.objects.get(pk=renumbered_only.pk).withheld_from_draws  # 第三条: only renumbered
    assert article(first, 3).change_to_current == ChangeKind.RENUMBERED


def test_withholding_can_be_switched_off(first):
    RevisionImpactSettings.objects.create(withhold_changed_questions=False)
    cited = citing_items(first)
    revise(first)
    assert not Question.objects.get(pk=cited.question.pk).withheld_from_draws
    assert ImpactItem.objects.filter(kind=ItemKind.QUESTION, withholds=False).exists()


def _many_citing(first, count):
    from cases.models import CaseArticleLink
    from tests.factories import CasePageFactory
    from tests.quizzes.factories import QuestionFactory
    from tests.revision_impact.factories import case_index

    parent = case_index()
    for _ in range(count):
        case = CasePageFactory(parent=parent)
        CaseArticleLink.objects.create(case=case, article=article(first, 2), sort_order=0)
        QuestionFactory().articles.add(article(first, 4))


def test_building_the_list_runs_the_same_queries_for_few_and_many_items(first, django_assert_num_queries):
    second = revise(first)
    touched = list(first.articles.exclude(number__in=[1, 5]).values_list("pk", flat=True))
    _many_citing(first, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert build_impact_list(edition=second, touched_article_ids=touched) == 4
    ImpactItem.objects.all().delete()
    _many_citing(first, 20)
    with CaptureQueriesContext(connection) as many:
        assert build_impact_list(edition=second, touched_article_ids=touched) == 44
    assert len(many.captured_queries) == len(few.captured_queries)
