"""Every write in the quizzes app: starting, answering, submitting, closing, reviewing mistakes.

Marking and releasing results is :mod:`quizzes.services_marking`, which shares the row lock, totals and
wrong-answer book below.

Scoring happens here and in :mod:`quizzes.scoring`, on the server only. Each function runs in one
transaction and locks the attempt row first, so a double tap, two tabs or a deadline sweep running at the
same moment record one answer and one result.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from quizzes import events
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    ChoiceOrder,
    CloseReason,
    FeedbackMode,
    MarkingStatus,
    MissedQuestion,
    Question,
    QuestionKind,
    Quiz,
)
from quizzes.scoring import AnswerKey, clean_response, score
from quizzes.selectors import start_blocker

TIME_UP_MESSAGE = gettext_lazy(
    "Time is up: the attempt was closed and scored with the answers saved before the deadline."
)
MASTERED_MESSAGE = gettext_lazy("Right. The question has left your wrong-answer book.")
STILL_WRONG_MESSAGE = gettext_lazy("Not yet right. Read the explanation and try again.")


class QuizError(Exception):
    """A request the rules refuse; the message is for the user, in Chinese."""


def _questions_with_keys():
    return Question.objects.prefetch_related("choices", "blanks")


def draw_questions(*, quiz: Quiz, user, rng: random.Random | None = None) -> list[Question]:
    """The questions of a new attempt: fixed ones, then each draw, unseen questions preferred. Questions
    withheld until a revision's change is checked (``withheld_from_draws``) are left out of both."""
    rng = rng or random.Random()
    chosen: list[Question] = [
        p.question
        for p in quiz.fixed_questions.select_related("question")
        .exclude(question__withheld_from_draws=True)
        .prefetch_related("question__choices")
        .order_by("sort_order")
    ]
    taken = {q.pk for q in chosen}
    seen = set(AttemptAnswer.objects.filter(attempt__user=user).values_list("question_id", flat=True))
    for draw in quiz.draws.select_related("category").order_by("sort_order"):
        pool = list(
            Question.objects.filter(categories__in=draw.category.with_children_ids(), withheld_from_draws=False)
            .exclude(pk__in=taken)
            .prefetch_related("choices")
            .distinct()
            .order_by("pk")
        )
        unseen = [q for q in pool if q.pk not in seen]
        again = [q for q in pool if q.pk in seen]
        rng.shuffle(unseen)
        rng.shuffle(again)
        picked = (unseen + again)[: draw.count]
        chosen += picked
        taken.update(q.pk for q in picked)
    if quiz.random_order:
        rng.shuffle(chosen)
    if quiz.max_questions:
        chosen = chosen[: quiz.max_questions]
    return chosen


def _deadline(quiz: Quiz, started: datetime) -> datetime | None:
    ends = [t for t in (quiz.closes_at,) if t]
    if quiz.time_limit_minutes:
        ends.append(started + timedelta(minutes=quiz.time_limit_minutes))
    return min(ends) if ends else None


@transaction.atomic
def start_attempt(*, quiz: Quiz, user, now: datetime | None = None, rng: random.Random | None = None) -> Attempt:
    """Resume the user's open attempt, or start a new one if the rules allow it."""
    now = now or timezone.now()
    open_attempt = (
        Attempt.objects.select_for_update().filter(quiz=quiz, user=user, status=AttemptStatus.IN_PROGRESS).first()
    )
    if open_attempt and not close_if_expired(attempt=open_attempt, now=now):
        return open_attempt
    reason = start_blocker(quiz=quiz, user=user, now=now)
    if reason:
        raise QuizError(reason)
    questions = draw_questions(quiz=quiz, user=user, rng=rng)
    if not questions:
        raise QuizError(_("This quiz has no questions yet."))
    rng = rng or random.Random()
    number = (Attempt.objects.filter(quiz=quiz, user=user).aggregate(n=Max("number"))["n"] or 0) + 1
    try:
        with transaction.atomic():
            attempt = Attempt.objects.create(
                quiz=quiz, user=user, number=number, started_at=now, deadline=_deadline(quiz, now)
            )
    except IntegrityError:
        # Another request started it a moment ago: that one is the attempt.
        return Attempt.objects.get(quiz=quiz, user=user, status=AttemptStatus.IN_PROGRESS)
    rows = []
    for position, question in enumerate(questions, start=1):
        order = [c.pk for c in question.choices.all()]
        if question.choice_order == ChoiceOrder.RANDOM:
            rng.shuffle(order)
        rows.append(
            AttemptAnswer(
                attempt=attempt,
                question=question,
                position=position,
                points=question.points,
                choice_order=order,
                marking=MarkingStatus.PENDING if question.is_manually_marked else MarkingStatus.AUTO,
            )
        )
    AttemptAnswer.objects.bulk_create(rows)
    attempt.max_score = Decimal(sum(q.points for q in questions))
    attempt.save(update_fields=["max_score"])
    return attempt


def _locked_attempt(attempt: Attempt) -> Attempt:
    return Attempt.objects.select_for_update().select_related("quiz").get(pk=attempt.pk)


def _score_answer(answer: AttemptAnswer, key: AnswerKey) -> None:
    if answer.marking == MarkingStatus.MARKED:
        return
    awarded, correct = score(key, answer.response)
    if answer.question.is_manually_marked:
        # An empty essay needs no marker: it earns nothing.
        if answer.response is None:
            answer.awarded, answer.is_correct, answer.marking = Decimal(0), False, MarkingStatus.MARKED
        else:
            answer.awarded, answer.is_correct, answer.marking = None, None, MarkingStatus.PENDING
        return
    answer.awarded, answer.is_correct = awarded, correct


def save_answer(*, attempt: Attempt, position: int, raw: dict | None, now: datetime | None = None) -> AttemptAnswer:
    """Store the answer to one question as soon as it is given. Saving the same answer twice is one answer."""
    now = now or timezone.now()
    with transaction.atomic():
        attempt = _locked_attempt(attempt)
        if not close_if_expired(attempt=attempt, now=now):
            return _save_open_answer(attempt, position, raw, now)
    # Raised after the commit, so the attempt stays closed and scored.
    raise QuizError(str(TIME_UP_MESSAGE))


def _save_open_answer(attempt: Attempt, position: int, raw: dict | None, now: datetime) -> AttemptAnswer:
    if not attempt.is_open:
        raise QuizError(_("This attempt has already been submitted."))
    try:
        answer = attempt.answers.select_related("question").get(position=position)
    except AttemptAnswer.DoesNotExist:
        raise QuizError(_("There is no such question in this attempt.")) from None
    if answer.locked:
        return answer
    key = AnswerKey.for_question(answer.question)
    response = clean_response(key, raw)
    if response == answer.response and answer.answered_at:
        return answer
    answer.response = response
    answer.answered_at = now if response is not None else None
    fields = ["response", "answered_at"]
    if attempt.quiz.feedback_mode == FeedbackMode.EACH_QUESTION and response is not None:
        _score_answer(answer, key)
        answer.locked = True
        fields += ["awarded", "is_correct", "marking", "locked"]
    answer.save(update_fields=fields)
    return answer


def _finish(attempt: Attempt, *, now: datetime, reason: str) -> Attempt:
    answers = list(attempt.answers.select_related("question").prefetch_related("question__choices", "question__blanks"))
    for answer in answers:
        _score_answer(answer, AnswerKey.for_question(answer.question))
    AttemptAnswer.objects.bulk_update(answers, ["awarded", "is_correct", "marking"])
    attempt.finished_at = now
    attempt.close_reason = reason
    pending = any(a.marking == MarkingStatus.PENDING for a in answers)
    attempt.status = AttemptStatus.AWAITING_MARKING if pending or attempt.quiz.exam_paper else AttemptStatus.COMPLETED
    _total(attempt, answers)
    attempt.save()
    if attempt.status == AttemptStatus.COMPLETED:
        _record_missed(attempt, answers, now=now)
    return attempt


def _total(attempt: Attempt, answers: list[AttemptAnswer]) -> None:
    attempt.score = sum((a.awarded or Decimal(0) for a in answers), Decimal(0))
    if attempt.max_score:
        attempt.percent = (attempt.score * 100 / attempt.max_score).quantize(Decimal("0.01"))
    else:
        attempt.percent = Decimal(0)
    if attempt.status == AttemptStatus.COMPLETED:
        attempt.passed = attempt.percent >= attempt.quiz.pass_mark if attempt.quiz.has_pass_mark else None
    else:
        attempt.passed = None


def _record_missed(attempt: Attempt, answers: list[AttemptAnswer], *, now: datetime) -> None:
    """Wrong answers enter the wrong-answer book, or count once more there; then the review queue.

    A few queries for the whole attempt rather than a few per wrong answer: submitting is the
    moment a whole evening session presses the same button."""
    missed = {a.question_id for a in answers if a.is_correct is False and a.response is not None}
    if not missed:
        return
    known = set(
        MissedQuestion.objects.filter(user_id=attempt.user_id, question_id__in=missed).values_list(
            "question_id", flat=True
        )
    )
    if known:
        MissedQuestion.objects.filter(user_id=attempt.user_id, question_id__in=known).update(
            times_missed=F("times_missed") + 1, last_missed_at=now, last_attempt=attempt, mastered_at=None
        )
    MissedQuestion.objects.bulk_create(
        [
            MissedQuestion(
                user_id=attempt.user_id,
                question_id=question_id,
                first_missed_at=now,
                last_missed_at=now,
                last_attempt=attempt,
            )
            for question_id in sorted(missed - known)
        ],
        # A row another request created a moment ago is already in the book.
        ignore_conflicts=True,
    )
    # Neither update() nor bulk_create() sends post_save, so the event is sent here.
    events.questions_missed.send(sender=Attempt, user=attempt.user, question_ids=sorted(missed), now=now)


@transaction.atomic
def submit_attempt(*, attempt: Attempt, now: datetime | None = None) -> Attempt:
    """Close and score the attempt. Submitting an attempt that is already closed changes nothing."""
    now = now or timezone.now()
    attempt = _locked_attempt(attempt)
    if not attempt.is_open:
        return attempt
    if close_if_expired(attempt=attempt, now=now):
        return attempt
    return _finish(attempt, now=now, reason=CloseReason.SUBMITTED)


def close_if_expired(*, attempt: Attempt, now: datetime) -> bool:
    """Close an open attempt whose deadline has passed, scoring what was saved. Call with the row locked."""
    if attempt.is_past_deadline(now):
        _finish(attempt, now=attempt.deadline, reason=CloseReason.DEADLINE)
        return True
    return False


def expire_if_due(*, attempt: Attempt, now: datetime | None = None) -> bool:
    """For a page about to show an attempt: close it first if its time ran out. True if it was closed now."""
    now = now or timezone.now()
    if not attempt.is_past_deadline(now):
        return False
    with transaction.atomic():
        return close_if_expired(attempt=_locked_attempt(attempt), now=now)


def close_expired_attempts(*, now: datetime | None = None) -> int:
    """Close every open attempt past its deadline (for attempts nobody comes back to); returns how many."""
    now = now or timezone.now()
    closed = 0
    for pk in Attempt.objects.filter(status=AttemptStatus.IN_PROGRESS, deadline__lte=now).values_list("pk", flat=True):
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update().select_related("quiz").get(pk=pk)
            closed += close_if_expired(attempt=attempt, now=now)
    return closed


@transaction.atomic
def review_missed_question(*, user, question: Question, raw: dict | None, now: datetime | None = None) -> bool:
    """Answer a question from the wrong-answer book again; a right answer takes it out of the book."""
    now = now or timezone.now()
    row = MissedQuestion.objects.select_for_update().get(user=user, question=question)
    question = _questions_with_keys().get(pk=question.pk)
    _, correct = score(AnswerKey.for_question(question), clean_response(AnswerKey.for_question(question), raw))
    if correct:
        row.mastered_at = now
        row.save(update_fields=["mastered_at"])
    else:
        row.times_missed += 1
        row.last_missed_at = now
        row.save(update_fields=["times_missed", "last_missed_at"])
    return bool(correct)


def note_review_answer(*, user, question_id: int, correct: bool, now: datetime | None = None) -> None:
    """A question answered again in the review queue (反复学) counts for the wrong-answer book too:
    right takes it out, wrong puts it back (only if it was ever in the book)."""
    now = now or timezone.now()
    rows = MissedQuestion.objects.filter(user=user, question_id=question_id)
    # Queryset updates send no post_save, and no event: the review queue, which called us, has the card already.
    if correct:
        rows.filter(mastered_at__isnull=True).update(mastered_at=now)
    else:
        rows.update(times_missed=F("times_missed") + 1, last_missed_at=now, mastered_at=None)


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Replace the text of the person's written (essay) answers; scores, marks and times stay for the statistics.

    Returns the number of answers changed. Runs inside the caller's transaction when there is one.
    """
    with transaction.atomic():
        answers = [
            answer
            for answer in AttemptAnswer.objects.filter(attempt__user=user, question__kind=QuestionKind.ESSAY)
            if isinstance(answer.response, dict) and answer.response.get("text")
        ]
        for answer in answers:
            answer.response = {"text": placeholder}
        AttemptAnswer.objects.bulk_update(answers, ["response"])
        return len(answers)


__all__ = [
    "QuizError",
    "anonymise_person_data",
    "close_expired_attempts",
    "close_if_expired",
    "draw_questions",
    "expire_if_due",
    "note_review_answer",
    "review_missed_question",
    "save_answer",
    "start_attempt",
    "submit_attempt",
]
