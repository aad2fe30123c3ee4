"""Re-pointing an item to the article in force, marking it checked, and what each does to the item."""

import pytest

from audit.models import AuditEntry
from cases.models import CasePage
from courses.models import LessonPage
from quizzes.models import Question, QuestionCategory
from quizzes.services import draw_questions
from revision_impact.models import ImpactItem, ImpactStatus, ItemKind
from revision_impact.services import ImpactError, mark_checked, repoint_all, repoint_item
from rounds.models import StudyPack
from studysessions.models import StudySession
from tests.citation_chain import article
from tests.quizzes.factories import QuestionFactory, QuizDrawFactory
from tests.revision_impact.factories import impact_row

pytestmark = pytest.mark.django_db


def test_repointing_a_case_changes_its_live_page_and_revision_and_writes_an_audit_entry(revised, editor):
    first, second, cited = revised
    row = impact_row(ItemKind.CASE, 2)
    repoint_item(item_id=row.pk, user=editor)
    case = CasePage.objects.get(pk=cited.case.pk)
    assert sorted(case.article_links.values_list("article_id", flat=True)) == sorted(
        [article(second, 3).pk, article(first, 4).pk]
    )
    latest = case.get_latest_revision().as_object()
    assert article(second, 3).pk in [link.article_id for link in latest.article_links.all()]
    assert not case.has_unpublished_changes
    row.refresh_from_db()
    assert row.status == ImpactStatus.REPOINTED and row.closed_by == editor
    entry = AuditEntry.objects.get(action="revision_impact.repointed")
    assert entry.actor == editor and entry.object_id == str(row.pk)
    assert entry.detail["old_article_id"] == article(first, 2).pk
    assert entry.detail["new_article_id"] == article(second, 3).pk


def test_repointing_a_case_with_a_draft_keeps_the_draft_a_draft(revised, editor):
    _first, second, cited = revised
    case = CasePage.objects.get(pk=cited.case.pk)
    case.summary = "编辑正在修改的概要"
    case.save_revision(user=editor)
    repoint_item(item_id=impact_row(ItemKind.CASE, 2).pk, user=editor)
    case = CasePage.objects.get(pk=cited.case.pk)
    assert case.has_unpublished_changes and case.summary != "编辑正在修改的概要"
    assert article(second, 3).pk in case.article_links.values_list("article_id", flat=True)
    draft = case.get_latest_revision().as_object()
    assert draft.summary == "编辑正在修改的概要"
    assert article(second, 3).pk in [link.article_id for link in draft.article_links.all()]


def test_each_kind_of_item_is_repointed(revised, editor):
    first, second, cited = revised
    for kind, number in [
        (ItemKind.QUESTION, 2),
        (ItemKind.LESSON, 3),
        (ItemKind.STUDY_PACK, 3),
        (ItemKind.EVENING, 2),
    ]:
        repoint_item(item_id=impact_row(kind, number).pk, user=editor)
    assert list(Question.objects.get(pk=cited.question.pk).articles.all()) == [article(second, 3)]
    lesson = LessonPage.objects.get(pk=cited.lesson.pk)
    assert lesson.linked_article_ids() == [article(second, 4).pk]
    assert set(StudyPack.objects.get(pk=cited.pack.pk).articles.all()) == {article(second, 4), article(first, 5)}
    # The evening's range 2023 第一条–第四条 becomes 2025 第一条–第四条 (2023 第四条 is gone; 第一条–第三条 became
    # 第一条, 第三条, 第四条).
    block = StudySession.objects.get(pk=cited.evening.pk).agenda[0].value
    assert (block["regulation"].pk, block["first"], block["last"]) == (second.pk, 1, 4)
    assert AuditEntry.objects.filter(action="revision_impact.repointed").count() == 4


def test_a_removed_article_cannot_be_repointed_only_checked(revised, editor):
    row = impact_row(ItemKind.CASE, 4)
    with pytest.raises(ImpactError, match="已在现行版本中删除"):
        repoint_item(item_id=row.pk, user=editor)
    assert ImpactItem.objects.get(pk=row.pk).status == ImpactStatus.OPEN
    mark_checked(item_id=row.pk, user=editor, note="  案例仍按原规定定性  ")
    row.refresh_from_db()
    assert row.status == ImpactStatus.CHECKED and row.check_note == "案例仍按原规定定性"
    assert AuditEntry.objects.filter(action="revision_impact.checked", actor=editor).exists()
    with pytest.raises(ImpactError):
        mark_checked(item_id=row.pk, user=editor)


def test_repoint_all_takes_only_articles_that_read_the_same(revised, editor):
    done, skipped = repoint_all(user=editor)
    # Renumbered only: 2023 第三条 in the lesson, the study pack and the evening.
    assert (done, skipped) == (3, 0)
    repointed = ImpactItem.objects.filter(status=ImpactStatus.REPOINTED)
    assert set(repointed.values_list("article__number", flat=True)) == {3}
    assert ImpactItem.objects.filter(status=ImpactStatus.OPEN).count() == 5


def test_a_withheld_question_is_not_drawn_until_checked(revised, editor, trainee):
    _first, _second, cited = revised
    category = QuestionCategory.objects.get(pk=cited.question.categories.get().pk)
    other = QuestionFactory(categories=[category])
    draw = QuizDrawFactory(category=category, count=5)
    assert draw_questions(quiz=draw.quiz, user=trainee) == [other]
    assert draw_questions(quiz=cited.quiz, user=trainee) == []  # its one fixed question is withheld
    mark_checked(item_id=impact_row(ItemKind.QUESTION, 2).pk, user=editor)
    assert set(draw_questions(quiz=draw.quiz, user=trainee)) == {other, cited.question}
    assert draw_questions(quiz=cited.quiz, user=trainee) == [cited.question]


def test_repointing_a_withheld_question_releases_it(revised, editor):
    _first, _second, cited = revised
    assert Question.objects.get(pk=cited.question.pk).withheld_from_draws
    repoint_item(item_id=impact_row(ItemKind.QUESTION, 2).pk, user=editor)
    assert not Question.objects.get(pk=cited.question.pk).withheld_from_draws
