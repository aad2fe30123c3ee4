"""Marking is scoped like results (issue 13): a 审核 marks the members of the rounds they manage, 管理员
everyone; any other attempt does not exist for them (404), and the services refuse it whatever the caller."""

from decimal import Decimal

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from core import roles
from quizzes import selectors, services, services_marking
from quizzes.models import AttemptStatus, QuestionKind
from tests.factories import UserFactory, client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory, marker_managing

pytestmark = pytest.mark.django_db

OUT_OF_SCOPE = "你只能为自己负责的巡察轮次中的人员阅卷。"
EMPTY = "没有待阅的答卷。"
WHY_EMPTY = "如果你不负责任何轮次，这里不会列出任何答卷"
VIEWED = "quizzes.attempt_marking_viewed"


def _submitted(user, *, exam_paper=False, essay=True):
    """A submitted attempt waiting for the marker: one essay (4 points), or one choice answered right."""
    question = QuestionFactory(kind=QuestionKind.ESSAY, points=4) if essay else QuestionFactory(points=2)
    quiz = QuizFactory(title=f"阅卷范围测验-{user.username}", questions=[question], exam_paper=exam_paper)
    attempt = services.start_attempt(quiz=quiz, user=user)
    if essay:
        raw = {"text": f"{user.username}的作答"}
    else:
        raw = {"choices": [question.choices.get(is_correct=True).pk]}
    services.save_answer(attempt=attempt, position=1, raw=raw)
    attempt = services.submit_attempt(attempt=attempt)
    assert attempt.status == AttemptStatus.AWAITING_MARKING
    return attempt


@pytest.fixture
def rounds():
    """甲 on round A, managed by the 审核 under test; 乙 on round B, managed by another 审核."""
    jia = UserFactory(username="jia-a-member")
    yi = UserFactory(username="yi-b-member")
    marker_a = marker_managing(jia)
    marker_managing(yi)
    return marker_a, _submitted(jia), _submitted(yi)


def _state(attempt):
    """Everything marking could change on the attempt, to compare before and after."""
    attempt.refresh_from_db()
    answers = attempt.answers.order_by("position").values_list(
        "awarded", "is_correct", "marking", "marked_by", "marked_at", "marker_comment"
    )
    return attempt.status, attempt.score, attempt.passed, list(answers)


def test_a_reviewer_sees_and_marks_only_the_attempts_of_the_round_they_manage(rounds):
    marker, ours, theirs = rounds
    assert list(selectors.marking_queue(marker=marker)) == [ours]
    client = client_for(marker)
    queue = client.get(reverse("quizzes_marking")).content.decode()
    assert ours.quiz.title in queue and theirs.quiz.title not in queue
    page = client.get(reverse("quizzes_mark_attempt", args=[ours.pk])).content.decode()
    assert "jia-a-member的作答" in page
    answer = ours.answers.get()
    response = client.post(reverse("quizzes_mark_attempt", args=[ours.pk]), {f"awarded-{answer.pk}": "3"})
    assert response.status_code == 302
    ours.refresh_from_db()
    assert (ours.status, ours.score) == (AttemptStatus.COMPLETED, Decimal(3))


def test_another_rounds_attempt_is_404_on_get_and_post_and_nothing_is_written_or_logged(rounds):
    marker, _ours, theirs = rounds
    answer = theirs.answers.get()
    before = _state(theirs)
    client = client_for(marker)
    url = reverse("quizzes_mark_attempt", args=[theirs.pk])
    assert client.get(url).status_code == 404
    for data in (
        {f"awarded-{answer.pk}": "4", f"comment-{answer.pk}": "越权评语"},
        {f"awarded-{answer.pk}": "4", "confirm": "1"},
        {"confirm": "1"},
    ):
        assert client.post(url, data).status_code == 404
    assert _state(theirs) == before
    # A refused page showed nobody's data, so it leaves no entry of a view.
    assert not AuditEntry.objects.filter(action=VIEWED).exists()


def test_the_services_refuse_an_attempt_outside_the_markers_scope(rounds):
    marker, _ours, theirs = rounds
    answer = theirs.answers.get()
    before = _state(theirs)
    with pytest.raises(services_marking.NotYoursToMark) as refused:
        services_marking.mark_attempt(
            attempt=theirs,
            marker=marker,
            marks=[services_marking.Mark(answer_id=answer.pk, awarded=Decimal(4))],
            confirm=True,
        )
    assert str(refused.value) == OUT_OF_SCOPE
    with pytest.raises(services_marking.NotYoursToMark):
        services_marking.mark_answer(answer=answer, marker=marker, awarded=Decimal(4))
    assert _state(theirs) == before


def test_confirming_an_exam_paper_outside_the_scope_is_refused(rounds):
    marker, _ours, _theirs = rounds
    outsider = UserFactory()
    paper = _submitted(outsider, exam_paper=True, essay=False)  # nothing pending: only the confirmation
    with pytest.raises(services_marking.NotYoursToMark):
        services_marking.confirm_attempt(attempt=paper, marker=marker)
    paper.refresh_from_db()
    assert paper.status == AttemptStatus.AWAITING_MARKING
    # The same paper is the marker's once its taker joins a round they manage.
    assert services_marking.confirm_attempt(attempt=paper, marker=marker_managing(outsider)).status == (
        AttemptStatus.COMPLETED
    )


def test_a_round_manager_without_the_marking_permission_may_mark_nobody(rounds):
    _marker, ours, _theirs = rounds
    editor = marker_managing(ours.user, role=roles.EDITOR)  # sees the round's results, does not mark
    assert selectors.marking_user_ids(marker=editor) == set()
    with pytest.raises(services_marking.NotYoursToMark):
        services_marking.mark_answer(answer=ours.answers.get(), marker=editor, awarded=Decimal(1))


def test_an_administrator_sees_and_marks_everyone(rounds):
    _marker, ours, theirs = rounds
    office = UserFactory(role=roles.ADMINISTRATOR)
    assert selectors.marking_user_ids(marker=office) is None
    assert set(selectors.marking_queue(marker=office)) == {ours, theirs}
    client = client_for(office)
    queue = client.get(reverse("quizzes_marking")).content.decode()
    assert ours.quiz.title in queue and theirs.quiz.title in queue
    assert client.get(reverse("quizzes_mark_attempt", args=[ours.pk])).status_code == 200
    answer = theirs.answers.get()
    client.post(reverse("quizzes_mark_attempt", args=[theirs.pk]), {f"awarded-{answer.pk}": "4"})
    theirs.refresh_from_db()
    assert (theirs.status, theirs.score) == (AttemptStatus.COMPLETED, Decimal(4))


def test_a_reviewer_managing_no_round_sees_an_empty_queue_and_why(rounds):
    _marker, ours, _theirs = rounds
    reviewer = UserFactory(role=roles.REVIEWER)
    assert selectors.marking_user_ids(marker=reviewer) == set()
    client = client_for(reviewer)
    queue = client.get(reverse("quizzes_marking")).content.decode()
    assert EMPTY in queue and WHY_EMPTY in queue
    assert ours.quiz.title not in queue
    assert client.get(reverse("quizzes_mark_attempt", args=[ours.pk])).status_code == 404


def test_an_administrators_empty_queue_needs_no_explanation():
    queue = client_for(UserFactory(role=roles.ADMINISTRATOR)).get(reverse("quizzes_marking")).content.decode()
    assert EMPTY in queue and WHY_EMPTY not in queue


def test_opening_a_marking_page_in_scope_is_audited_with_the_taker(rounds):
    marker, ours, _theirs = rounds
    assert client_for(marker).get(reverse("quizzes_mark_attempt", args=[ours.pk])).status_code == 200
    entry = AuditEntry.objects.get(action=VIEWED)
    assert (entry.actor, entry.object_id, entry.subject) == (marker, str(ours.pk), ours.user)
