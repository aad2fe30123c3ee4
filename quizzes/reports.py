"""Results and item analysis of one quiz, for the admin report and the Excel export. Reads only.

Whose results: each person counts once, through their graded attempt (the highest or the last completed
attempt, as the quiz says; the same rule as :func:`quizzes.selectors.graded_attempt`). The summary, the
distribution and the discrimination index use those attempts. The per-question answered count and % correct
use every completed attempt, since a question's difficulty shows in every answer given to it.

Item statistics look at answers given only: a question left blank is counted as "given" but not "answered".
Attempts still awaiting a marker are counted in the summary and left out of everything else.

Discrimination index (Kelley's upper–lower method): rank the takers by the percent score of their graded
attempt (percent rather than points, because drawn questions can give attempts different maximum scores),
take the top 27% and the bottom 27% (rounded to the nearest whole person), and for each question subtract
the lower group's mean credit (awarded ÷ points) from the upper group's. It runs from −1 to 1; a good
question scores 0.3 or more, under 0.2 it barely separates strong from weak takers, below 0 weak takers do
better than strong ones (often a wrong key). A group with fewer than three takers who answered the question
gives no index (None, shown as "—"): with ten takers or fewer there is never one.

Every read here is a fixed number of queries, however many attempts there are.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Max, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from quizzes.models import Attempt, AttemptAnswer, AttemptStatus, Question, Quiz
from quizzes.selectors import pick_graded

GROUP_SHARE = Decimal("0.27")
MIN_GROUP = 3
BUCKET_COUNT = 10
#: Below this many answers a question's % correct is too noisy to flag.
MIN_ANSWERS_TO_FLAG = 5
HARD_BELOW = Decimal(20)
EASY_ABOVE = Decimal(95)
LOW_DISCRIMINATION = Decimal("0.2")

FLAG_LABELS = {
    "hard": _("Fewer than 20% answer it correctly: check the key and the wording."),
    "easy": _("More than 95% answer it correctly: it tells takers apart little."),
    "low_discrimination": _("Discrimination under 0.2: strong and weak takers do about as well."),
    "negative_discrimination": _("Weak takers do better than strong ones: check the key."),
}

_CENT = Decimal("0.01")


def _round(value: Decimal) -> Decimal:
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PersonResult:
    """One person: the attempt that counts and how many attempts they completed."""

    user: object
    graded: Attempt
    completed: int

    @property
    def name(self) -> str:
        return self.user.get_full_name() or self.user.get_username()


@dataclass(frozen=True)
class Bucket:
    low: int
    high: int
    count: int

    @property
    def label(self) -> str:
        return f"{self.low}–{self.high}"


@dataclass(frozen=True)
class Summary:
    attempts_completed: int
    people: int
    awaiting_marking: int
    mean_percent: Decimal | None
    median_percent: Decimal | None
    passed: int | None
    #: Share of people whose graded attempt passed, in percent; None when the quiz has no pass mark.
    pass_rate: Decimal | None


@dataclass(frozen=True)
class ItemStats:
    question: Question
    #: Completed attempts that contained the question.
    given: int
    #: ... and in which the taker answered it.
    answered: int
    #: Mean of awarded ÷ points over the answers, in percent (partial credit counts in part).
    percent_correct: Decimal | None
    discrimination: Decimal | None
    flags: tuple[str, ...] = ()

    @property
    def flag_labels(self) -> list[str]:
        return [FLAG_LABELS[f] for f in self.flags]


@dataclass(frozen=True)
class QuizReport:
    quiz: Quiz
    summary: Summary
    #: Every completed attempt, by person then number (the export's first sheet).
    attempts: list[Attempt]
    people: list[PersonResult]
    distribution: list[Bucket]
    items: list[ItemStats]


def quizzes_with_attempt_counts(*, user_ids: set[int] | None = None) -> QuerySet[Quiz]:
    """Every quiz with its completed attempts, people and attempts awaiting a marker (one query); only
    those of ``user_ids`` when given (the viewer's scope, ``selectors.result_user_ids``)."""
    whose = Q() if user_ids is None else Q(attempts__user_id__in=user_ids)
    completed = Q(attempts__status=AttemptStatus.COMPLETED) & whose
    return Quiz.objects.annotate(
        completed_count=Count("attempts", filter=completed),
        people_count=Count("attempts__user", filter=completed, distinct=True),
        awaiting_count=Count("attempts", filter=Q(attempts__status=AttemptStatus.AWAITING_MARKING) & whose),
        last_finished=Max("attempts__finished_at", filter=completed),
    ).order_by("title")


def distribution(percents: list[Decimal]) -> list[Bucket]:
    """People per 10-point band: 0–9, 10–19, … 80–89 and 90–100 (the last band takes 100)."""
    counts = [0] * BUCKET_COUNT
    for percent in percents:
        counts[min(max(int(percent // 10), 0), BUCKET_COUNT - 1)] += 1
    return [
        Bucket(low=i * 10, high=100 if i == BUCKET_COUNT - 1 else i * 10 + 9, count=count)
        for i, count in enumerate(counts)
    ]


def _summary(quiz: Quiz, completed: list[Attempt], awaiting: int, people: list[PersonResult]) -> Summary:
    percents = [p.graded.percent or Decimal(0) for p in people]
    passed = sum(1 for p in people if p.graded.passed is True) if quiz.has_pass_mark else None
    return Summary(
        attempts_completed=len(completed),
        people=len(people),
        awaiting_marking=awaiting,
        mean_percent=_round(statistics.mean(percents)) if percents else None,
        median_percent=_round(statistics.median(percents)) if percents else None,
        passed=passed,
        pass_rate=_round(Decimal(100 * passed) / len(people)) if passed is not None and people else None,
    )


def _people(attempts: list[Attempt], grading: str) -> list[PersonResult]:
    by_user: dict[int, list[Attempt]] = defaultdict(list)
    for attempt in attempts:
        by_user[attempt.user_id].append(attempt)
    people = []
    for own in by_user.values():
        graded = pick_graded(own, grading)
        if graded is not None:
            completed = sum(1 for a in own if a.status == AttemptStatus.COMPLETED)
            people.append(PersonResult(user=graded.user, graded=graded, completed=completed))
    return sorted(people, key=lambda p: (p.name, p.user.get_username()))


def _credit(points: int, awarded: Decimal | None) -> Decimal | None:
    """The share of the question's points earned; None when it cannot be said (no points, not marked)."""
    if not points or awarded is None:
        return None
    return Decimal(awarded) / points


def group_size(takers: int) -> int:
    """27% of the takers, rounded to the nearest whole person."""
    return int((takers * GROUP_SHARE).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def discrimination_index(upper: list[Decimal], lower: list[Decimal]) -> Decimal | None:
    """Mean credit of the upper group minus that of the lower group; None for groups under MIN_GROUP."""
    if len(upper) < MIN_GROUP or len(lower) < MIN_GROUP:
        return None
    return _round(sum(upper) / len(upper) - sum(lower) / len(lower))


def _flags(answered: int, percent_correct: Decimal | None, discrimination: Decimal | None) -> tuple[str, ...]:
    flags = []
    if percent_correct is not None and answered >= MIN_ANSWERS_TO_FLAG:
        if percent_correct < HARD_BELOW:
            flags.append("hard")
        elif percent_correct > EASY_ABOVE:
            flags.append("easy")
    if discrimination is not None:
        if discrimination < 0:
            flags.append("negative_discrimination")
        elif discrimination < LOW_DISCRIMINATION:
            flags.append("low_discrimination")
    return tuple(flags)


def _items(quiz: Quiz, people: list[PersonResult], user_ids: set[int] | None = None) -> list[ItemStats]:
    rows = AttemptAnswer.objects.filter(attempt__quiz=quiz, attempt__status=AttemptStatus.COMPLETED)
    if user_ids is not None:
        rows = rows.filter(attempt__user_id__in=user_ids)
    rows = rows.values_list("attempt_id", "question_id", "position", "points", "awarded", "answered_at")
    given: dict[int, int] = defaultdict(int)
    credits: dict[int, list[Decimal]] = defaultdict(list)
    #: question -> attempt -> credit, for answers given, to look up the upper and lower groups.
    by_attempt: dict[int, dict[int, Decimal]] = defaultdict(dict)
    first_position: dict[int, int] = {}
    for attempt_id, question_id, position, points, awarded, answered_at in rows:
        given[question_id] += 1
        first_position[question_id] = min(position, first_position.get(question_id, position))
        credit = _credit(points, awarded) if answered_at is not None else None
        if credit is not None:
            credits[question_id].append(credit)
            by_attempt[question_id][attempt_id] = credit
    questions = Question.objects.in_bulk(list(given))

    ranked = sorted(people, key=lambda p: (p.graded.percent or Decimal(0), p.graded.pk))
    size = group_size(len(ranked))
    lower_ids = [p.graded.pk for p in ranked[:size]]
    upper_ids = [p.graded.pk for p in ranked[len(ranked) - size :]] if size else []

    items = []
    for question_id in sorted(given, key=lambda q: (first_position[q], q)):
        answers = credits[question_id]
        percent = _round(100 * sum(answers) / len(answers)) if answers else None
        own = by_attempt[question_id]
        index = discrimination_index(
            [own[pk] for pk in upper_ids if pk in own], [own[pk] for pk in lower_ids if pk in own]
        )
        items.append(
            ItemStats(
                question=questions[question_id],
                given=given[question_id],
                answered=len(answers),
                percent_correct=percent,
                discrimination=index,
                flags=_flags(len(answers), percent, index),
            )
        )
    return items


def quiz_report(*, quiz: Quiz, user_ids: set[int] | None = None) -> QuizReport:
    """Summary, per-person results, distribution and item statistics of a quiz, in three queries; only the
    attempts of ``user_ids`` when given (the viewer's scope, ``selectors.result_user_ids``)."""
    attempts = Attempt.objects.filter(quiz=quiz).exclude(status=AttemptStatus.IN_PROGRESS)
    if user_ids is not None:
        attempts = attempts.filter(user_id__in=user_ids)
    attempts = list(attempts.select_related("user").order_by("user_id", "number"))
    completed = [a for a in attempts if a.status == AttemptStatus.COMPLETED]
    awaiting = len(attempts) - len(completed)
    people = _people(completed, quiz.grading)
    order = {p.user.pk: i for i, p in enumerate(people)}
    completed.sort(key=lambda a: (order[a.user_id], a.number))
    return QuizReport(
        quiz=quiz,
        summary=_summary(quiz, completed, awaiting, people),
        attempts=completed,
        people=people,
        distribution=distribution([p.graded.percent or Decimal(0) for p in people]),
        items=_items(quiz, people, user_ids),
    )
