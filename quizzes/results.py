"""What a result page says about a submitted attempt, decided once so it cannot be misread.

- While a marker still has essays to mark (or an exam paper to confirm), the points scored automatically are
  shown at once, apart from what waits, with who marks it. No rule sets a marking deadline, so no date is
  promised.
- "Passed" or "not passed" only when the quiz has a pass mark and the result is final; a quiz without one
  shows the score only.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from quizzes.models import Attempt, AttemptAnswer, AttemptStatus, MarkingStatus
from quizzes.selectors import MARK_PERMISSION, may_mark

#: More markers than this are named by their role, not one by one.
MAX_MARKERS_NAMED = 3


@dataclass(frozen=True)
class ResultSummary:
    #: The result is final (marked, or scored automatically with nothing left to mark).
    final: bool
    #: The quiz lets the taker see points (its "score" setting, after submitting or after it closes).
    show_score: bool
    #: Final: the attempt's score. Not final: the points of the answers already scored.
    score: Decimal
    max_score: Decimal
    percent: Decimal | None
    #: Answers (essays) a marker has yet to mark.
    pending: int
    #: Who marks: names, or "" when the page names the office's markers by role.
    markers: str
    #: True or False only for a final result of a quiz with a pass mark.
    passed: bool | None

    @property
    def has_scored_part(self) -> bool:
        return self.max_score > 0


def _shows_score(attempt: Attempt, now: datetime) -> bool:
    quiz = attempt.quiz
    if quiz.closes_at and now >= quiz.closes_at:
        return quiz.show_score_closed
    return quiz.show_score_after


def markers_in_words(*, attempt: Attempt) -> str:
    """Who may mark this attempt, by name ("张三、李四"), or "" when nobody or too many to name.

    The marking scope decides (``may_mark``): holders of ``quizzes.mark_attempt`` whose results scope
    includes the taker (the reviewers managing their round, the 管理员)."""
    users = get_user_model().objects.with_perm(
        MARK_PERMISSION, include_superusers=False, backend="django.contrib.auth.backends.ModelBackend"
    )
    names = []
    for user in users.filter(is_active=True).order_by("pk")[: MAX_MARKERS_NAMED * 3]:
        if may_mark(marker=user, attempt=attempt):
            names.append(user.get_full_name() or user.get_username())
            if len(names) > MAX_MARKERS_NAMED:
                return ""
    return "、".join(names)


def result_summary(*, attempt: Attempt, answers: list[AttemptAnswer], now: datetime | None = None) -> ResultSummary:
    """The result of a submitted attempt as its page states it (``answers``: the attempt's answers)."""
    now = now or timezone.now()
    show_score = _shows_score(attempt, now)
    if attempt.status == AttemptStatus.COMPLETED:
        return ResultSummary(
            final=True,
            show_score=show_score,
            score=attempt.score,
            max_score=attempt.max_score,
            percent=attempt.percent,
            pending=0,
            markers="",
            passed=attempt.passed if attempt.quiz.has_pass_mark else None,
        )
    scored = [a for a in answers if a.marking != MarkingStatus.PENDING]
    return ResultSummary(
        final=False,
        show_score=show_score,
        score=sum((a.awarded or Decimal(0) for a in scored), Decimal(0)),
        max_score=sum((Decimal(a.points) for a in scored), Decimal(0)),
        percent=None,
        pending=len(answers) - len(scored),
        markers=markers_in_words(attempt=attempt),
        passed=None,
    )


def quizzes_awaiting_marking(*, user) -> list[str]:
    """Titles of the quizzes where the person has an attempt waiting for a marker: its wrong answers join the
    wrong-answer book only once it is marked."""
    attempts = Attempt.objects.filter(user=user, status=AttemptStatus.AWAITING_MARKING).select_related("quiz")
    return sorted({attempt.quiz.title for attempt in attempts})
