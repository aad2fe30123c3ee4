"""Validity windows per criterion group: a completion counts for a round only inside its module's window, at the
edges both ways; an expired lesson studied again counts; a quiz passed before "this round only" asks for it again."""

import datetime

import pytest
from dateutil.relativedelta import relativedelta

from courses.models import CompletionRecord, ItemKind
from courses.services import record_completion
from courses.validity import Validity
from readiness.rules import State, readiness_for_round
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.readiness.factories import one_module_round, start_of
from tests.readiness.test_readiness import take_quiz

pytestmark = pytest.mark.django_db

SECOND = datetime.timedelta(seconds=1)


def readiness_of(setup):
    [result] = readiness_for_round(inspection_round=setup.round)
    return result


def study(setup, when):
    record_completion(user=setup.user, kind=ItemKind.LESSON, item_id=setup.lessons[0].pk, when=when)


def test_forever_by_default_counts_a_completion_from_years_ago():
    setup = one_module_round()
    study(setup, start_of(setup.round.starts_on - relativedelta(years=5)))
    assert readiness_of(setup).state == State.READY


@pytest.mark.parametrize(("offset", "state"), [(datetime.timedelta(0), State.READY), (-SECOND, State.REFRESHER)])
def test_twelve_months_counts_from_the_day_twelve_months_before_the_round_starts(offset, state):
    setup = one_module_round(lessons_valid_months=12)
    study(setup, start_of(setup.round.starts_on - relativedelta(months=12)) + offset)
    result = readiness_of(setup)
    assert result.state == state
    if state == State.REFRESHER:
        assert result.refresh_reasons == (Validity(12).study_reason,)
        [criterion] = result.modules[0].criteria
        assert not criterion.done and criterion.refresh == Validity(12).study_reason
    else:
        assert result.refresh_reasons == ()


@pytest.mark.parametrize(("offset", "state"), [(datetime.timedelta(0), State.READY), (-SECOND, State.REFRESHER)])
def test_this_round_only_counts_from_when_the_round_was_set_up(offset, state):
    setup = one_module_round(lessons_valid_months=0)
    study(setup, setup.round.created_at + offset)
    result = readiness_of(setup)
    assert result.state == state
    assert result.refresh_reasons == (() if state == State.READY else (Validity(0).study_reason,))


def test_an_expired_lesson_studied_again_counts_and_keeps_its_first_date():
    setup = one_module_round(lessons_valid_months=12)
    first = start_of(setup.round.starts_on - relativedelta(months=13))
    study(setup, first)
    assert readiness_of(setup).state == State.REFRESHER
    study(setup, setup.round.created_at + SECOND)
    result = readiness_of(setup)
    assert result.state == State.READY
    record = CompletionRecord.objects.get(user=setup.user, kind=ItemKind.LESSON, item_id=setup.lessons[0].pk)
    assert record.completed_at == first and record.last_completed_at == setup.round.created_at + SECOND
    assert result.reached_at == record.last_completed_at


def test_studying_again_never_moves_the_latest_date_back():
    setup = one_module_round()
    study(setup, setup.round.created_at)
    study(setup, setup.round.created_at - datetime.timedelta(days=3))
    record = CompletionRecord.objects.get(user=setup.user)
    assert record.last_completed_at == setup.round.created_at
    assert CompletionRecord.objects.count() == 1


def test_a_member_ready_last_round_is_refresher_needed_not_ready_in_the_next():
    setup = one_module_round(lessons_valid_months=12)
    study(setup, start_of(setup.round.starts_on - relativedelta(months=14)))
    result = readiness_of(setup)
    assert result.state == State.REFRESHER and result.reached_at is None


def _quiz_module(**fields):
    quiz = QuizFactory(questions=[QuestionFactory()], pass_mark=100, max_attempts=0)
    return one_module_round(lessons=[], quiz=quiz, **fields), quiz


def _pass_at(quiz, user, when, monkeypatch):
    monkeypatch.setattr("django.utils.timezone.now", lambda: when)
    take_quiz(quiz, user, right=True)
    monkeypatch.undo()


@pytest.mark.parametrize(
    ("offset", "state"), [(datetime.timedelta(minutes=1), State.READY), (-SECOND, State.REFRESHER)]
)
def test_a_quiz_for_this_round_only_asks_for_it_again(offset, state, monkeypatch):
    setup, quiz = _quiz_module(quiz_valid_months=0)
    _pass_at(quiz, setup.user, setup.round.created_at + offset, monkeypatch)
    result = readiness_of(setup)
    assert result.state == state
    if state == State.REFRESHER:
        assert result.refresh_reasons == (Validity(0).quiz_reason,)
        # Taken again in this round: it counts.
        take_quiz(quiz, setup.user, right=True)
        assert readiness_of(setup).state == State.READY


@pytest.mark.parametrize(("months_before", "state"), [(6, State.READY), (7, State.REFRESHER)])
def test_a_quiz_counts_for_its_months_before_the_round_starts(months_before, state, monkeypatch):
    setup, quiz = _quiz_module(quiz_valid_months=6)
    when = start_of(setup.round.starts_on - relativedelta(months=months_before)) + datetime.timedelta(hours=1)
    _pass_at(quiz, setup.user, when, monkeypatch)
    assert readiness_of(setup).state == state


def test_a_quiz_asked_again_this_round_has_its_full_attempt_limit(monkeypatch):
    """One attempt allowed: used in an earlier round, it does not stop the person taking the quiz this round;
    used this round, it does."""
    from django.utils import timezone

    from quizzes.selectors import start_blocker

    setup, quiz = _quiz_module(quiz_valid_months=0)
    quiz.max_attempts = 1
    quiz.save()
    _pass_at(quiz, setup.user, setup.round.created_at - datetime.timedelta(days=300), monkeypatch)
    assert readiness_of(setup).state == State.REFRESHER
    assert start_blocker(quiz=quiz, user=setup.user, now=timezone.now()) is None
    take_quiz(quiz, setup.user, right=True)
    assert readiness_of(setup).state == State.READY
    assert start_blocker(quiz=quiz, user=setup.user, now=timezone.now()) is not None


def test_without_a_window_every_attempt_counts_against_the_limit(monkeypatch):
    from django.utils import timezone

    from quizzes.selectors import start_blocker

    setup, quiz = _quiz_module()
    quiz.max_attempts = 1
    quiz.save()
    _pass_at(quiz, setup.user, setup.round.created_at - datetime.timedelta(days=300), monkeypatch)
    assert start_blocker(quiz=quiz, user=setup.user, now=timezone.now()) is not None


@pytest.mark.parametrize(("days_inside", "ready"), [(1, True), (-1, False)])
def test_an_evening_counts_for_its_months_before_the_round_starts(days_inside, ready):
    from studysessions.models import StudySession
    from tests.hours.factories import an_evening, attended

    setup = one_module_round(lessons=[], min_sessions_attended=1, sessions_valid_months=12)
    session = an_evening(start_of(datetime.date(2026, 11, 3)))  # a Tuesday the demo series meets on
    # Moved to the edge of the window: what counts is when the evening took place.
    edge = start_of(setup.round.starts_on - relativedelta(months=12))
    StudySession.objects.filter(pk=session.pk).update(starts_at=edge + datetime.timedelta(days=days_inside))
    attended(setup.user, session)
    assert (readiness_of(setup).state == State.READY) is ready
