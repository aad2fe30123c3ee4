"""Reads shared by the quiz views, the admin and other apps (readiness, study sessions)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.labels import field_label
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    AttemptStatus,
    FeedbackMode,
    Grading,
    MarkingStatus,
    MissedQuestion,
    QuestionCategory,
    Quiz,
)
from regulations.api import CITATION_RELATED, RegulationArticle

VIEW_ALL_RESULTS = "quizzes.view_all_results"
MARK_PERMISSION = "quizzes.mark_attempt"
_result_scope: Callable[[object], set[int] | None] | None = None


def set_result_scope(fn: Callable[[object], set[int] | None] | None) -> None:
    """Register whose results a viewer may see: ``fn(viewer)`` gives user ids, or None for everyone.

    quizzes cannot ask rounds who a viewer manages (same layer, independent); the readiness app, above
    both, registers a function built on ``rounds.api`` when it starts (dependency inversion).
    """
    global _result_scope
    _result_scope = fn


_attempt_window: Callable[..., datetime | None] | None = None


def set_attempt_window(fn: Callable[..., datetime | None] | None) -> None:
    """Register from when a person's attempts count against a quiz's attempt limit: ``fn(quiz=, user=)``
    gives a time, or None for all their attempts.

    A quiz pass that counts for one round only (a module's validity window) must be takeable again in the next
    round, with the full number of attempts. quizzes cannot ask rounds or tracks; readiness registers it.
    """
    global _attempt_window
    _attempt_window = fn


def attempts_counted(*, quiz: Quiz, user) -> QuerySet[Attempt]:
    """The attempts that count against ``quiz.max_attempts``: those since the registered window, else all."""
    attempts = Attempt.objects.filter(quiz=quiz, user=user)
    since = _attempt_window(quiz=quiz, user=user) if _attempt_window is not None else None
    return attempts.filter(started_at__gte=since) if since is not None else attempts


def result_user_ids(*, viewer) -> set[int] | None:
    """The people whose quiz results the viewer may see (reports, exports): None means everyone.

    Everyone for holders of ``quizzes.view_all_results`` (管理员); else what the registered scope says (the
    members of the rounds they manage); nobody when no scope is registered.
    """
    if viewer.has_perm(VIEW_ALL_RESULTS):
        return None
    if _result_scope is None:
        return set()
    return _result_scope(viewer)


def can_edit_quizzes(user) -> bool:
    return user.has_perm("quizzes.change_quiz")


def visible_quizzes(*, user) -> QuerySet[Quiz]:
    quizzes = Quiz.objects.all()
    return quizzes if can_edit_quizzes(user) else quizzes.filter(is_draft=False)


def start_blocker(*, quiz: Quiz, user, now: datetime) -> str | None:
    """Why the user may not start a new attempt now, in words for them; None when they may."""
    if quiz.is_draft and not can_edit_quizzes(user):
        return _("This quiz is a draft and cannot be taken yet.")
    if quiz.opens_at and now < quiz.opens_at:
        when = formats.date_format(timezone.localtime(quiz.opens_at), "Y年n月j日 H:i")
        return _("This quiz opens at %(when)s.") % {"when": when}
    if quiz.closes_at and now >= quiz.closes_at:
        return _("This quiz has closed.")
    if quiz.max_attempts:
        used = attempts_counted(quiz=quiz, user=user).count()
        if used >= quiz.max_attempts:
            return _("You have used all %(count)s attempts allowed for this quiz.") % {"count": quiz.max_attempts}
    return None


def user_attempts(*, quiz: Quiz, user) -> QuerySet[Attempt]:
    return Attempt.objects.filter(quiz=quiz, user=user).order_by("number")


def pick_graded(attempts: list[Attempt], grading: str) -> Attempt | None:
    """The attempt that counts among these: the highest (the later on a tie) or the last completed one."""
    done = [a for a in attempts if a.status == AttemptStatus.COMPLETED]
    if not done:
        return None
    if grading == Grading.LAST:
        return max(done, key=lambda a: a.number)
    return max(done, key=lambda a: (a.percent if a.percent is not None else Decimal(-1), a.number))


@dataclass(frozen=True, slots=True)
class QuizStanding:
    """One person's standing in one quiz, by the quiz's grading rule."""

    passed: bool
    #: The graded attempt failed and none passed.
    failed: bool
    passed_at: datetime | None
    awaiting_marking: bool
    #: Passed once, but before the window asked for (``quiz_standings``' ``since``), and not since.
    expired: bool = False


def quiz_standings(
    *, quizzes: list[Quiz], user_ids: list[int], since: dict[int, datetime] | None = None
) -> dict[tuple[int, int], QuizStanding]:
    """(user id, quiz id) → standing, for everyone who finished an attempt, in one query.

    ``since`` (quiz id → time): only attempts finished then or later are graded for that quiz; a pass before
    it alone is reported as ``expired`` (the person must take the quiz again).
    """
    by_quiz = {q.pk: q for q in quizzes}
    if not by_quiz:
        return {}
    since = since or {}
    # Named rows, not Attempt instances: pick_graded reads only status, number and percent, and a round of
    # hundreds has thousands of attempts, whose model instances cost twice as much to build.
    attempts = (
        Attempt.objects.filter(quiz_id__in=by_quiz, user_id__in=user_ids)
        .exclude(status=AttemptStatus.IN_PROGRESS)
        .order_by()  # one attempt per number: grading does not depend on the order, and sorting costs
        .values_list("user_id", "quiz_id", "status", "number", "percent", "passed", "finished_at", named=True)
    )
    grouped: dict[tuple[int, int], list] = {}
    for attempt in attempts:
        grouped.setdefault((attempt.user_id, attempt.quiz_id), []).append(attempt)
    standings = {}
    for key, own in grouped.items():
        grading = by_quiz[key[1]].grading
        expired = False
        cutoff = since.get(key[1])
        if cutoff is not None:
            before = [a for a in own if a.finished_at is not None and a.finished_at < cutoff]
            if before:
                own = [a for a in own if a.finished_at is None or a.finished_at >= cutoff]
                earlier = pick_graded(before, grading)
                expired = earlier is not None and earlier.passed is not False
        graded = pick_graded(own, grading)
        ok = graded is not None and graded.passed is not False
        standings[key] = QuizStanding(
            passed=ok,
            failed=graded is not None and graded.passed is False,
            passed_at=graded.finished_at if ok else None,
            awaiting_marking=any(a.status == AttemptStatus.AWAITING_MARKING for a in own),
            expired=expired and not ok,
        )
    return standings


def graded_attempt(*, quiz: Quiz, user) -> Attempt | None:
    """The attempt that counts: the highest or the last completed one, as the quiz says."""
    done = Attempt.objects.filter(quiz=quiz, user=user, status=AttemptStatus.COMPLETED)
    return pick_graded(list(done), quiz.grading)


def has_passed(*, quiz: Quiz, user) -> bool:
    """For readiness: a completed attempt at or above the pass mark (any completed attempt without one)."""
    attempt = graded_attempt(quiz=quiz, user=user)
    if attempt is None:
        return False
    return attempt.passed is not False


def attempt_for_taker(*, pk: int, user) -> Attempt:
    """An attempt of this user only: another person's attempt does not exist for them."""
    return Attempt.objects.select_related("quiz").get(pk=pk, user=user)


def cited_articles(lookup: str = "articles") -> Prefetch:
    """A question's basis articles, each with the article in force it became, for their citations
    (``{% article_citation %}``): one query for all the questions, none per article."""
    return Prefetch(lookup, queryset=RegulationArticle.objects.select_related(*CITATION_RELATED))


def attempt_answers(*, attempt: Attempt) -> list[AttemptAnswer]:
    """Answers with their questions, options and blanks, in the attempt's order, in a fixed number of queries."""
    return list(
        attempt.answers.select_related("question", "question__figure")
        .prefetch_related("question__choices", "question__blanks", cited_articles("question__articles"))
        .order_by("position")
    )


def attempt_answer(*, attempt: Attempt, position: int) -> AttemptAnswer | None:
    """One answer of the attempt with what its screen shows; None when there is no such position."""
    return (
        attempt.answers.select_related("question", "question__figure")
        .prefetch_related("question__choices", "question__blanks", cited_articles("question__articles"))
        .filter(position=position)
        .first()
    )


@dataclass(frozen=True)
class StripEntry:
    """One question of an attempt as the progress strip and the answer form need it."""

    position: int
    answered: bool
    kind: str


def answer_strip(*, attempt: Attempt) -> list[StripEntry]:
    """Every position of the attempt, answered or not, in one light query (no questions or options)."""
    rows = attempt.answers.order_by("position").values_list("position", "answered_at", "question__kind")
    return [StripEntry(position, answered_at is not None, kind) for position, answered_at, kind in rows]


@dataclass(frozen=True)
class ReviewOptions:
    score: bool
    correctness: bool
    answers: bool
    explanations: bool


def review_options(*, attempt: Attempt, now: datetime | None = None) -> ReviewOptions:
    """What the taker may see of a closed attempt now: the quiz's "after" set, or its "after close" set."""
    quiz = attempt.quiz
    if attempt.is_open:
        each = quiz.feedback_mode == FeedbackMode.EACH_QUESTION
        return ReviewOptions(score=False, correctness=each, answers=each, explanations=each)
    now = now or timezone.now()
    if quiz.closes_at and now >= quiz.closes_at:
        options = ReviewOptions(
            quiz.show_score_closed,
            quiz.show_correctness_closed,
            quiz.show_answers_closed,
            quiz.show_explanations_closed,
        )
    else:
        options = ReviewOptions(
            quiz.show_score_after, quiz.show_correctness_after, quiz.show_answers_after, quiz.show_explanations_after
        )
    if attempt.status == AttemptStatus.AWAITING_MARKING:
        # Nothing is final until the marker is done.
        return ReviewOptions(score=False, correctness=False, answers=False, explanations=options.explanations)
    return options


@dataclass(frozen=True)
class CategoryProgress:
    category: QuestionCategory
    answered: int
    correct: int

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.answered) if self.answered else 0


def category_progress(*, user) -> list[CategoryProgress]:
    """Per category: answers the user gave in attempts whose result is final, and how many were right.

    The same attempts as the wrong-answer book (an attempt awaiting its marker adds to neither), and only
    answers that were scored; a category without such answers is left out, not shown at 0 %."""
    rows = (
        AttemptAnswer.objects.filter(
            attempt__user=user,
            attempt__status=AttemptStatus.COMPLETED,
            answered_at__isnull=False,
            is_correct__isnull=False,
        )
        .values("question__categories")
        .annotate(answered=Count("pk"), correct=Count("pk", filter=Q(is_correct=True)))
    )
    counts = {r["question__categories"]: r for r in rows if r["question__categories"]}
    categories = QuestionCategory.objects.in_tree_order().filter(pk__in=counts)
    return [CategoryProgress(c, counts[c.pk]["answered"], counts[c.pk]["correct"]) for c in categories]


def missed_questions(*, user) -> QuerySet[MissedQuestion]:
    """The wrong-answer book: missed questions not yet answered right in review, most recent first."""
    return (
        MissedQuestion.objects.filter(user=user, mastered_at__isnull=True)
        .select_related("question")
        .prefetch_related("question__choices", "question__blanks", cited_articles("question__articles"))
        .order_by("-last_missed_at")
    )


def missed_question(*, user, question_id: int) -> MissedQuestion:
    """One question of the person's wrong-answer book, with what its review screen shows. DoesNotExist for a
    question that is not in their book."""
    return (
        MissedQuestion.objects.select_related("question")
        .prefetch_related("question__choices", "question__blanks", cited_articles("question__articles"))
        .get(user=user, question_id=question_id)
    )


def marking_user_ids(*, marker) -> set[int] | None:
    """Whose attempts the person may open and mark: None means everyone.

    Nobody's without ``quizzes.mark_attempt`` (审核, 管理员); with it, the same people whose results they may
    see (:func:`result_user_ids`): everyone for 管理员, else the members of the rounds they manage.
    """
    if not marker.has_perm(MARK_PERMISSION):
        return set()
    return result_user_ids(viewer=marker)


def _markable_by(marker) -> QuerySet[Attempt]:
    """Submitted attempts of the people in the marker's scope."""
    attempts = Attempt.objects.exclude(status=AttemptStatus.IN_PROGRESS)
    user_ids = marking_user_ids(marker=marker)
    return attempts if user_ids is None else attempts.filter(user_id__in=user_ids)


def attempt_to_mark(*, pk: int, marker) -> Attempt:
    """A submitted attempt the marker may mark; outside their scope it does not exist for them
    (``Attempt.DoesNotExist``, a 404)."""
    return _markable_by(marker).select_related("quiz", "user").get(pk=pk)


def may_mark(*, marker, attempt: Attempt) -> bool:
    """Whether this attempt's taker is in the marker's scope (the marking services ask here)."""
    user_ids = marking_user_ids(marker=marker)
    return user_ids is None or attempt.user_id in user_ids


def marking_queue(*, marker) -> QuerySet[Attempt]:
    """Submitted attempts the marker must finish, of the people in their scope: essays to mark, exam
    papers to confirm."""
    pending = AttemptAnswer.objects.filter(marking=MarkingStatus.PENDING)
    return (
        _markable_by(marker)
        .filter(status=AttemptStatus.AWAITING_MARKING)
        .select_related("quiz", "user")
        .annotate(pending=Count("answers", filter=Q(answers__marking=MarkingStatus.PENDING)))
        .prefetch_related(Prefetch("answers", queryset=pending, to_attr="pending_answers"))
        .order_by("finished_at")
    )


def latest_attempts_by_quiz(*, user) -> dict[int, Attempt]:
    """The user's most recent attempt of each quiz, for the quiz list (one query)."""
    latest: dict[int, Attempt] = {}
    for attempt in Attempt.objects.filter(user=user).order_by("quiz_id", "number"):
        latest[attempt.quiz_id] = attempt
    return latest


def planned_question_count(*, quiz: Quiz) -> int:
    """How many questions an attempt will have (before a short category runs out)."""
    count = quiz.fixed_questions.count() + sum(quiz.draws.values_list("count", flat=True))
    return min(count, quiz.max_questions) if quiz.max_questions else count


def resume_position(*, attempt: Attempt) -> int | None:
    """The first question not answered yet; None when all are answered."""
    return (
        attempt.answers.filter(answered_at__isnull=True).order_by("position").values_list("position", flat=True).first()
    )


def seconds_left(*, attempt: Attempt, now: datetime | None = None) -> int | None:
    if not attempt.deadline:
        return None
    return max(0, int((attempt.deadline - (now or timezone.now())).total_seconds()))


def _answer_text(answer: AttemptAnswer) -> str:
    """A stored response in words: the options' text, true or false, the blanks, or the written answer."""
    response = answer.response or {}
    if "choices" in response:
        texts = {str(choice.pk): choice.text for choice in answer.question.choices.all()}
        return "；".join(texts.get(str(pk), str(pk)) for pk in response["choices"])
    if response.get("value") is not None:
        return _("True") if response["value"] else _("False")
    if "blanks" in response:
        return "；".join(str(blank) for blank in response["blanks"])
    return str(response.get("text", ""))


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's attempts, their answers and their wrong-answer book as plain rows, for their data export."""

    attempts = list(
        Attempt.objects.filter(user=user)
        .select_related("quiz")
        .prefetch_related(
            Prefetch(
                "answers",
                queryset=AttemptAnswer.objects.select_related("question").prefetch_related("question__choices"),
            )
        )
        .order_by("started_at", "pk")
    )
    attempt_rows = [
        {
            field_label(Attempt, "quiz"): attempt.quiz.title,
            field_label(Attempt, "number"): attempt.number,
            field_label(Attempt, "status"): attempt.get_status_display(),
            field_label(Attempt, "started_at"): attempt.started_at,
            field_label(Attempt, "finished_at"): attempt.finished_at,
            field_label(Attempt, "score"): attempt.score,
            field_label(Attempt, "max_score"): attempt.max_score,
            field_label(Attempt, "percent"): attempt.percent,
            field_label(Attempt, "passed"): attempt.passed,
        }
        for attempt in attempts
    ]
    answer_rows = [
        {
            field_label(Attempt, "quiz"): attempt.quiz.title,
            field_label(Attempt, "number"): attempt.number,
            field_label(AttemptAnswer, "position"): answer.position,
            _("Question"): answer.question.stem,
            _("Answer"): _answer_text(answer),
            _("Answered at"): answer.answered_at,
            field_label(AttemptAnswer, "awarded"): answer.awarded,
            field_label(AttemptAnswer, "is_correct"): answer.is_correct,
            field_label(AttemptAnswer, "marker_comment"): answer.marker_comment,
        }
        for attempt in attempts
        for answer in attempt.answers.all()
    ]
    missed_rows = [
        {
            _("Question"): missed.question.stem,
            field_label(MissedQuestion, "times_missed"): missed.times_missed,
            field_label(MissedQuestion, "first_missed_at"): missed.first_missed_at,
            field_label(MissedQuestion, "last_missed_at"): missed.last_missed_at,
            field_label(MissedQuestion, "mastered_at"): missed.mastered_at,
        }
        for missed in MissedQuestion.objects.filter(user=user).select_related("question").order_by("first_missed_at")
    ]
    return {_("Quiz attempts"): attempt_rows, _("Quiz answers"): answer_rows, _("Wrong-answer book"): missed_rows}
