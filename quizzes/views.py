"""The taker's pages: quiz list, start/resume, one question per screen, submit, result, wrong-answer book.

Thin: rules live in quizzes.services and quizzes.selectors. Every page works without JavaScript.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from quizzes import selectors, services
from quizzes.forms import raw_answer
from quizzes.models import Attempt, FeedbackMode, MissedQuestion, Question
from quizzes.presentation import practice_view, question_view
from quizzes.results import quizzes_awaiting_marking, result_summary
from quizzes.selectors import ReviewOptions


def quiz_list(request):
    quizzes = selectors.visible_quizzes(user=request.user).select_related("category")
    attempts = selectors.latest_attempts_by_quiz(user=request.user)
    rows = [{"quiz": q, "attempt": attempts.get(q.pk)} for q in quizzes]
    return render(request, "quizzes/quiz_list.html", {"rows": rows})


def quiz_detail(request, slug):
    quiz = get_object_or_404(selectors.visible_quizzes(user=request.user), slug=slug)
    now = timezone.now()
    attempts = list(selectors.user_attempts(quiz=quiz, user=request.user))
    open_attempt = next((a for a in attempts if a.is_open and not a.is_past_deadline(now)), None)
    context = {
        "quiz": quiz,
        "attempts": attempts,
        "open_attempt": open_attempt,
        "blocker": None if open_attempt else selectors.start_blocker(quiz=quiz, user=request.user, now=now),
        "graded": selectors.graded_attempt(quiz=quiz, user=request.user),
        "question_count": selectors.planned_question_count(quiz=quiz),
    }
    return render(request, "quizzes/quiz_detail.html", context)


@require_POST
def start(request, slug):
    quiz = get_object_or_404(selectors.visible_quizzes(user=request.user), slug=slug)
    try:
        attempt = services.start_attempt(quiz=quiz, user=request.user)
    except services.QuizError as error:
        messages.error(request, str(error))
        return redirect(quiz)
    # Straight to the question to answer: one round trip fewer on a slow phone connection.
    return _resume(attempt)


def _attempt(request, pk) -> Attempt:
    try:
        return selectors.attempt_for_taker(pk=pk, user=request.user)
    except Attempt.DoesNotExist:
        raise Http404 from None


def attempt_entry(request, pk):
    """Resume where the taker left off: the first unanswered question."""
    attempt = _attempt(request, pk)
    if services.expire_if_due(attempt=attempt) or not attempt.is_open:
        return redirect("quizzes:result", pk=attempt.pk)
    return _resume(attempt)


def _resume(attempt: Attempt):
    position = selectors.resume_position(attempt=attempt)
    if position is None:
        return redirect("quizzes:submit", pk=attempt.pk)
    return redirect("quizzes:question", pk=attempt.pk, position=position)


def question(request, pk, position):
    attempt = _attempt(request, pk)
    if services.expire_if_due(attempt=attempt):
        messages.warning(request, services.TIME_UP_MESSAGE)
        return redirect("quizzes:result", pk=attempt.pk)
    if not attempt.is_open:
        return redirect("quizzes:result", pk=attempt.pk)
    # The screen needs one question in full; the rest only as positions in the progress strip.
    strip = selectors.answer_strip(attempt=attempt)
    total = len(strip)
    if not 1 <= position <= total:
        raise Http404
    if request.method == "POST":
        try:
            services.save_answer(
                attempt=attempt, position=position, raw=raw_answer(strip[position - 1].kind, request.POST)
            )
        except services.QuizError as error:
            messages.error(request, str(error))
            return redirect("quizzes:attempt", pk=attempt.pk)
        if attempt.quiz.feedback_mode == FeedbackMode.EACH_QUESTION:
            # Show the same question again, now with its feedback.
            return redirect("quizzes:question", pk=attempt.pk, position=position)
        go = request.POST.get("go", "next")
        if go == "prev" and position > 1:
            return redirect("quizzes:question", pk=attempt.pk, position=position - 1)
        if go == "next" and position < total:
            return redirect("quizzes:question", pk=attempt.pk, position=position + 1)
        return redirect("quizzes:submit", pk=attempt.pk)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "view": question_view(selectors.attempt_answer(attempt=attempt, position=position)),
        "position": position,
        "total": total,
        "answered": sum(1 for entry in strip if entry.answered),
        "options": selectors.review_options(attempt=attempt),
        "seconds_left": selectors.seconds_left(attempt=attempt),
        "strip": strip,
    }
    return render(request, "quizzes/question.html", context)


def submit(request, pk):
    attempt = _attempt(request, pk)
    if services.expire_if_due(attempt=attempt) or not attempt.is_open:
        return redirect("quizzes:result", pk=attempt.pk)
    if request.method == "POST":
        services.submit_attempt(attempt=attempt)
        return redirect("quizzes:result", pk=attempt.pk)
    answers = selectors.attempt_answers(attempt=attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "answers": answers,
        "unanswered": [a.position for a in answers if not a.is_answered],
        "seconds_left": selectors.seconds_left(attempt=attempt),
    }
    return render(request, "quizzes/submit.html", context)


def result(request, pk):
    attempt = _attempt(request, pk)
    if services.expire_if_due(attempt=attempt):
        attempt.refresh_from_db()
    if attempt.is_open:
        return redirect("quizzes:attempt", pk=attempt.pk)
    options: ReviewOptions = selectors.review_options(attempt=attempt)
    answers = selectors.attempt_answers(attempt=attempt)
    context = {
        "attempt": attempt,
        "quiz": attempt.quiz,
        "options": options,
        "summary": result_summary(attempt=attempt, answers=answers),
        "views": [question_view(a) for a in answers],
    }
    return render(request, "quizzes/result.html", context)


def mistakes(request):
    context = {
        "missed": selectors.missed_questions(user=request.user),
        "progress": selectors.category_progress(user=request.user),
        "awaiting": quizzes_awaiting_marking(user=request.user),
    }
    return render(request, "quizzes/mistakes.html", context)


def mistake_review(request, question_pk):
    try:
        row = selectors.missed_question(user=request.user, question_id=question_pk)
    except MissedQuestion.DoesNotExist:
        raise Http404 from None
    question_obj: Question = row.question
    if request.method == "POST":
        correct = services.review_missed_question(
            user=request.user, question=question_obj, raw=raw_answer(question_obj.kind, request.POST)
        )
        if correct:
            messages.success(request, services.MASTERED_MESSAGE)
            return redirect("quizzes:mistakes")
        messages.error(request, services.STILL_WRONG_MESSAGE)
        return redirect("quizzes:mistake_review", question_pk=question_pk)
    return render(
        request,
        "quizzes/mistake_review.html",
        {
            "row": row,
            "view": practice_view(question_obj),
            "reveal": "reveal" in request.GET,
            "reveal_options": ReviewOptions(score=False, correctness=False, answers=True, explanations=True),
        },
    )
