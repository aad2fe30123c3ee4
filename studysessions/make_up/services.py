"""Writes of a make-up: started when the person opens the page, studied when they say so (the agenda's
articles go into their study history), completed once the evening's quiz, if any, is passed."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction

from courses.api import ItemKind, record_completion
from quizzes.api import has_passed
from studysessions.agenda.selectors import agenda_steps, covered_article_ids, session_quiz
from studysessions.make_up.selectors import make_up_refusal
from studysessions.models import MakeUp, StudySession


def _make_up_row(*, session: StudySession, user, now: datetime) -> MakeUp:
    refusal = make_up_refusal(session=session, user=user, now=now)
    if refusal is not None:
        raise refusal
    try:
        with transaction.atomic():
            row, _created = MakeUp.objects.get_or_create(session=session, user=user, defaults={"started_at": now})
    except IntegrityError:
        row = MakeUp.objects.get(session=session, user=user)
    return row


@transaction.atomic
def start_make_up(*, session: StudySession, user, now: datetime) -> MakeUp:
    """Opening the make-up page starts it (once); finishing the quiz elsewhere completes it on return."""
    row = _make_up_row(session=session, user=user, now=now)
    complete_make_up(make_up=row, now=now)
    return row


@transaction.atomic
def mark_studied(*, session: StudySession, user, now: datetime) -> MakeUp:
    """我已学完: the agenda's articles go into the person's study history and review queue."""
    row = _make_up_row(session=session, user=user, now=now)
    if row.studied_at is None:
        row.studied_at = now
        row.save(update_fields=["studied_at"])
        for article_id in covered_article_ids(agenda_steps(session)):
            record_completion(user=user, kind=ItemKind.ARTICLE, item_id=article_id, when=now)
    complete_make_up(make_up=row, now=now)
    return row


@transaction.atomic
def complete_make_up(*, make_up: MakeUp, now: datetime) -> bool:
    """Sets completed_at once the agenda is studied and the evening's quiz (if any) is passed."""
    if make_up.completed_at is not None:
        return True
    if make_up.studied_at is None:
        return False
    quiz = session_quiz(make_up.session)
    if quiz is not None and not has_passed(quiz=quiz, user=make_up.user):
        return False
    make_up.completed_at = now
    make_up.save(update_fields=["completed_at"])
    return True
