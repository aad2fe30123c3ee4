"""Lessons, the studied button and 我的学习, as a trainee sees them."""

import pytest
from django.urls import reverse

from courses.models import CompletionRecord, ItemKind
from readiness.rules import State
from tests.factories import RegulationArticleFactory
from tests.rounds.factories import (
    InspectionTeamFactory,
    LessonPageFactory,
    ModuleFactory,
    TeamMemberFactory,
    add_lessons,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def module_for(trainee):
    module = ModuleFactory(title="个别谈话")
    member = TeamMemberFactory(user=trainee, team=InspectionTeamFactory(round__track=module.track))
    [lesson] = add_lessons(module)
    return {"module": module, "lesson": lesson, "round": member.team.round}


def test_studied_button_records_once_and_returns_to_the_lesson(trainee_client, trainee, module_for):
    lesson = module_for["lesson"]
    page = trainee_client.get(lesson.url).content.decode()
    assert reverse("courses:mark_done") in page
    data = {"kind": ItemKind.LESSON, "item": lesson.pk, "next": lesson.url}
    response = trainee_client.post(reverse("courses:mark_done"), data)
    assert response.url == lesson.url
    trainee_client.post(reverse("courses:mark_done"), data)
    assert CompletionRecord.objects.filter(user=trainee, kind=ItemKind.LESSON, item_id=lesson.pk).count() == 1
    assert 'data-testid="done"' in trainee_client.get(lesson.url).content.decode()


def test_studied_button_refuses_unknown_items_and_foreign_redirects(trainee_client, module_for):
    url = reverse("courses:mark_done")
    assert trainee_client.post(url, {"kind": "lesson", "item": 999999}).status_code == 404
    assert trainee_client.post(url, {"kind": "exam", "item": module_for["lesson"].pk}).status_code == 404
    assert trainee_client.post(url, {"kind": "lesson", "item": "x"}).status_code == 404
    draft = LessonPageFactory(live=False)
    assert trainee_client.post(url, {"kind": "lesson", "item": draft.pk}).status_code == 404
    response = trainee_client.post(
        url, {"kind": "lesson", "item": module_for["lesson"].pk, "next": "https://example.com/"}
    )
    assert response.url == reverse("readiness:my_learning")


def test_my_learning_shows_the_round_state_and_next_step(trainee_client, trainee, module_for):
    page = trainee_client.get(reverse("readiness:my_learning")).content.decode()
    assert module_for["round"].name in page
    assert str(State.LABELS[State.NOT_STARTED]) in page
    assert module_for["lesson"].url in page
    trainee_client.post(reverse("courses:mark_done"), {"kind": "lesson", "item": module_for["lesson"].pk})
    page = trainee_client.get(reverse("readiness:my_learning")).content.decode()
    assert str(State.LABELS[State.READY]) in page


def test_my_learning_without_a_round_says_so(trainee_client):
    page = trainee_client.get(reverse("readiness:my_learning"))
    assert page.status_code == 200
    assert 'data-testid="round"' not in page.content.decode()


def test_studying_a_lesson_puts_its_articles_in_the_review_queue(trainee_client, trainee, module_for):
    from reviews.models import ReviewCard

    lesson = module_for["lesson"]
    article = RegulationArticleFactory()
    lesson.body = [("article", {"article": article, "note": ""})]
    lesson.save_revision().publish()
    assert f"《{article.regulation.title}》" in trainee_client.get(lesson.url).content.decode()
    trainee_client.post(reverse("courses:mark_done"), {"kind": "lesson", "item": lesson.pk})
    assert ReviewCard.objects.filter(user=trainee, article=article).exists()
