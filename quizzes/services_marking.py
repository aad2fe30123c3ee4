"""The marker's writes: marking answers and releasing results, only on attempts in the marker's scope.

Split from :mod:`quizzes.services`, whose row lock, totals and wrong-answer book they share. Who may mark
whose attempt is :func:`quizzes.selectors.may_mark` (the members of the rounds the marker manages, everyone's
for 管理员); every write here asks it with the attempt row locked, so no caller can mark outside it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from quizzes.models import Attempt, AttemptAnswer, AttemptStatus, MarkingStatus
from quizzes.selectors import may_mark
from quizzes.services import QuizError, _locked_attempt, _record_missed, _total


def markable_answers(*, attempt: Attempt) -> QuerySet[AttemptAnswer]:
    """The answers a marker decides: essays; on an exam paper, every answer (the marker may correct an
    automatic score). The marking page and mark_attempt both ask here, so they cannot disagree."""
    answers = attempt.answers.all()
    return answers if attempt.quiz.exam_paper else answers.exclude(marking=MarkingStatus.AUTO)


@dataclass(frozen=True)
class Mark:
    """A marker's decision on one answer of the attempt."""

    answer_id: int
    awarded: Decimal
    comment: str = ""


class MarksRefused(QuizError):
    """Some marks were refused, so none was saved. ``errors`` maps each refused answer's id to why."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(" ".join(errors.values()))
        self.errors = errors


class NotYoursToMark(QuizError):
    """The attempt's taker is outside the marker's scope; nothing was written. Pages answer 404."""

    def __init__(self):
        super().__init__(_("You may mark only the attempts of the members of the rounds you manage."))


def _locked_in_scope(attempt: Attempt, marker) -> Attempt:
    attempt = _locked_attempt(attempt)
    if not may_mark(marker=marker, attempt=attempt):
        raise NotYoursToMark
    return attempt


@transaction.atomic
def mark_attempt(
    *, attempt: Attempt, marker, marks: Sequence[Mark], confirm: bool = False, now: datetime | None = None
) -> Attempt:
    """The marker's decisions on an attempt, and with ``confirm`` the release of its result: all or none.

    Every mark is checked before any is written, so the marker learns of every refusal at once; the
    transaction also undoes the marks if anything later fails. An attempt outside the marker's scope is
    refused whole (:class:`NotYoursToMark`)."""
    now = now or timezone.now()
    attempt = _locked_in_scope(attempt, marker)
    if attempt.is_open:
        raise QuizError(_("This attempt has not been submitted yet."))
    answers = list(attempt.answers.all())
    by_id = {a.pk: a for a in answers}
    markable = set(markable_answers(attempt=attempt).values_list("pk", flat=True))
    refused: dict[int, str] = {}
    for mark in marks:
        answer = by_id.get(mark.answer_id)
        if answer is None or answer.pk not in markable:
            refused[mark.answer_id] = _("This answer is scored automatically and cannot be marked.")
        elif mark.awarded < 0 or mark.awarded > answer.points:
            refused[mark.answer_id] = _("The score must be between 0 and %(points)s.") % {"points": answer.points}
    if confirm and attempt.status == AttemptStatus.AWAITING_MARKING:
        marked = {mark.answer_id for mark in marks}
        for answer in answers:
            if answer.marking == MarkingStatus.PENDING and answer.pk not in marked:
                refused[answer.pk] = _("Give a score before releasing the result.")
    if refused:
        raise MarksRefused(refused)
    changed = []
    for mark in marks:
        answer = by_id[mark.answer_id]
        answer.awarded = Decimal(mark.awarded).quantize(Decimal("0.01"))
        answer.is_correct = answer.awarded == answer.points
        answer.marking = MarkingStatus.MARKED
        answer.marked_by = marker
        answer.marked_at = now
        answer.marker_comment = mark.comment
        changed.append(answer)
    AttemptAnswer.objects.bulk_update(
        changed, ["awarded", "is_correct", "marking", "marked_by", "marked_at", "marker_comment"]
    )
    # An exam paper waits for the marker's confirmation; any other attempt is released by its last mark.
    may_release = confirm or not attempt.quiz.exam_paper
    if attempt.status == AttemptStatus.AWAITING_MARKING and may_release:
        if not any(a.marking == MarkingStatus.PENDING for a in answers):
            _release(attempt, answers, now=now)
            return attempt
    _total(attempt, answers)
    attempt.save()
    return attempt


def mark_answer(
    *, answer: AttemptAnswer, marker, awarded: Decimal, comment: str = "", now: datetime | None = None
) -> AttemptAnswer:
    """A marker's decision on one answer (an essay, or any answer of an exam paper)."""
    mark_attempt(
        attempt=answer.attempt,
        marker=marker,
        marks=[Mark(answer_id=answer.pk, awarded=awarded, comment=comment)],
        now=now,
    )
    return AttemptAnswer.objects.get(pk=answer.pk)


def _release(attempt: Attempt, answers: list[AttemptAnswer], *, now: datetime) -> None:
    attempt.status = AttemptStatus.COMPLETED
    _total(attempt, answers)
    attempt.save()
    _record_missed(attempt, answers, now=now)


@transaction.atomic
def confirm_attempt(*, attempt: Attempt, marker, now: datetime | None = None) -> Attempt:
    """The marker releases the result: only once no answer is waiting for them, and only in their scope."""
    now = now or timezone.now()
    attempt = _locked_in_scope(attempt, marker)
    if attempt.status != AttemptStatus.AWAITING_MARKING:
        return attempt
    answers = list(attempt.answers.all())
    if any(a.marking == MarkingStatus.PENDING for a in answers):
        raise QuizError(_("Some answers still need marking."))
    _release(attempt, answers, now=now)
    return attempt


__all__ = [
    "Mark",
    "MarksRefused",
    "NotYoursToMark",
    "confirm_attempt",
    "mark_answer",
    "mark_attempt",
    "markable_answers",
]
