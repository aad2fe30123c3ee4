"""courses.selectors called directly: when a person studied an item, what a lesson page adds, what can be recorded."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from courses.models import CompletionRecord, ItemKind, ModuleLesson
from courses.selectors import completed_at, lesson_context, studiable_item_exists
from tests.factories import (
    CaseIndexPageFactory,
    CasePageFactory,
    GuideIndexPageFactory,
    InterviewGuidePageFactory,
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UserFactory,
)
from tests.rounds.factories import LessonPageFactory, ModuleFactory

pytestmark = pytest.mark.django_db

STUDIED_AT = timezone.now().replace(microsecond=0) - datetime.timedelta(days=5)


def _studied(user, kind, item_id, when=STUDIED_AT) -> CompletionRecord:
    return CompletionRecord.objects.create(user=user, kind=kind, item_id=item_id, completed_at=when)


def test_completed_at_is_the_date_of_that_persons_record_of_that_item():
    user, colleague = UserFactory(), UserFactory()
    assert completed_at(user=user, kind=ItemKind.CASE, item_id=7) is None

    _studied(user, ItemKind.CASE, 7)
    _studied(colleague, ItemKind.CASE, 8, when=STUDIED_AT + datetime.timedelta(days=1))

    assert completed_at(user=user, kind=ItemKind.CASE, item_id=7) == STUDIED_AT
    # Not another item, not the same id under another kind, not someone else's record.
    assert completed_at(user=user, kind=ItemKind.CASE, item_id=8) is None
    assert completed_at(user=user, kind=ItemKind.GUIDE, item_id=7) is None
    assert completed_at(user=colleague, kind=ItemKind.CASE, item_id=7) is None


def test_lesson_context_for_an_anonymous_reader_is_empty():
    lesson = LessonPageFactory()
    ModuleLesson.objects.create(module=ModuleFactory(), lesson=lesson)
    assert lesson_context(lesson=lesson, user=AnonymousUser()) == {
        "studied_at": None,
        "modules": [],
        "lock": None,
        "next_item": None,
    }


def test_lesson_context_gives_the_readers_study_date_and_every_module_the_lesson_is_in():
    user = UserFactory()
    lesson, other_lesson = LessonPageFactory(), LessonPageFactory()
    first_module, second_module, unrelated_module = ModuleFactory(), ModuleFactory(), ModuleFactory()
    ModuleLesson.objects.create(module=first_module, lesson=lesson)
    ModuleLesson.objects.create(module=second_module, lesson=lesson)
    ModuleLesson.objects.create(module=unrelated_module, lesson=other_lesson)

    before = lesson_context(lesson=lesson, user=user)
    assert before["studied_at"] is None
    assert {module.pk for module in before["modules"]} == {first_module.pk, second_module.pk}

    _studied(user, ItemKind.LESSON, lesson.pk)
    # The same id recorded as another kind of item says nothing about the lesson.
    _studied(user, ItemKind.CASE, other_lesson.pk)
    after = lesson_context(lesson=lesson, user=user)
    assert after["studied_at"] == STUDIED_AT
    other = lesson_context(lesson=other_lesson, user=user)
    assert (other["studied_at"], other["modules"], other["lock"]) == (None, [unrelated_module], None)


def test_lesson_context_for_a_lesson_in_no_module():
    user = UserFactory()
    lesson = LessonPageFactory()
    _studied(user, ItemKind.LESSON, lesson.pk)
    # On no one's track: nothing locks it, and no next step to offer.
    assert lesson_context(lesson=lesson, user=user) == {
        "studied_at": STUDIED_AT,
        "modules": [],
        "lock": None,
        "next_item": None,
    }


def _lesson(*, live=True):
    return LessonPageFactory(live=live)


def _case(*, live=True):
    return CasePageFactory(parent=CaseIndexPageFactory(), live=live)


def _guide(*, live=True):
    return InterviewGuidePageFactory(parent=GuideIndexPageFactory(), live=live)


PAGE_KINDS = [(ItemKind.LESSON, _lesson), (ItemKind.CASE, _case), (ItemKind.GUIDE, _guide)]


@pytest.mark.parametrize(("kind", "make"), PAGE_KINDS)
def test_a_published_page_can_be_recorded(kind, make):
    assert studiable_item_exists(kind=kind, item_id=make().pk) is True


@pytest.mark.parametrize(("kind", "make"), PAGE_KINDS)
def test_a_draft_page_cannot_be_recorded(kind, make):
    draft = make(live=False)
    assert studiable_item_exists(kind=kind, item_id=draft.pk) is False


@pytest.mark.parametrize(("kind", "make"), PAGE_KINDS)
def test_an_unpublished_page_cannot_be_recorded(kind, make):
    page = make()
    page.unpublish()
    assert studiable_item_exists(kind=kind, item_id=page.pk) is False


@pytest.mark.parametrize(("kind", "make"), PAGE_KINDS)
def test_a_deleted_page_cannot_be_recorded(kind, make):
    page = make()
    page_id = page.pk
    page.delete()
    assert studiable_item_exists(kind=kind, item_id=page_id) is False


def test_a_page_is_recorded_only_under_its_own_kind():
    """Pages share one id sequence: a live case's id is no guide or lesson."""
    case = _case()
    assert studiable_item_exists(kind=ItemKind.CASE, item_id=case.pk) is True
    assert studiable_item_exists(kind=ItemKind.GUIDE, item_id=case.pk) is False
    assert studiable_item_exists(kind=ItemKind.LESSON, item_id=case.pk) is False


def test_an_article_can_be_recorded_it_is_not_a_page():
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory())
    article = RegulationArticleFactory(regulation=regulation)
    assert article.pk != regulation.pk
    assert studiable_item_exists(kind=ItemKind.ARTICLE, item_id=article.pk) is True


def test_a_deleted_article_cannot_be_recorded():
    article = RegulationArticleFactory(regulation=RegulationPageFactory(parent=RegulationIndexPageFactory()))
    article_id = article.pk
    article.delete()
    assert studiable_item_exists(kind=ItemKind.ARTICLE, item_id=article_id) is False


@pytest.mark.parametrize("kind", ["exam", "", "Lesson", "page"])
def test_an_unknown_kind_cannot_be_recorded(kind):
    lesson = _lesson()
    assert studiable_item_exists(kind=kind, item_id=lesson.pk) is False
