"""Writes of the review queue: put cards in it, and record each review with FSRS.

Scheduling rules
- One module-level FSRS scheduler (below). Intervals are whole days and fuzzing is off, so the same
  ratings always give the same dates.
- A new card is first due at the start of the next local day (Asia/Shanghai): an article studied
  today, or a question missed today, is in tomorrow's queue.
- A card is never due after the last day of the person's secondment (``rounds.api.secondment_end``).
  When its next due date would fall after that day, or the person has no secondment, ``due`` is None:
  the card is retired. Scheduling it again once a (longer) secondment exists brings it back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

import fsrs
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from quizzes import api as quizzes_api
from regulations.api import existing_article_ids
from reviews.models import Rating, ReviewCard, ReviewLog
from rounds.api import secondment_end

#: FSRS-6 with its default parameters and desired retention 0.9. No learning or relearning steps:
#: the queue is opened once a day on a phone, so a card comes back on a later day, never minutes later
#: in the same sitting (the default 1 and 10 minute steps would show a question again right after its
#: answer was revealed). Fuzzing is off so that dates are exact and testable; the secondment end caps
#: the interval, so maximum_interval never matters.
SCHEDULER = fsrs.Scheduler(
    parameters=fsrs.scheduler.DEFAULT_PARAMETERS,
    desired_retention=0.9,
    learning_steps=(),
    relearning_steps=(),
    maximum_interval=36500,
    enable_fuzzing=False,
)

NOTHING_ANSWERED_MESSAGE = _("Choose or write an answer first.")
ESSAY_MESSAGE = _("This question is marked by a person and cannot be reviewed here.")


class ReviewError(Exception):
    """A request the rules refuse; the message is for the user, in Chinese."""


def _utc(now: datetime | None) -> datetime:
    return (now or timezone.now()).astimezone(UTC)


def _local_date(moment: datetime) -> date:
    return timezone.localdate(moment)


def first_due(*, now: datetime) -> datetime:
    """The start of the next local day, in UTC."""
    tomorrow = _local_date(now) + timedelta(days=1)
    return timezone.make_aware(datetime.combine(tomorrow, time.min)).astimezone(UTC)


def capped_due(*, due: datetime, stop_at: date | None) -> datetime | None:
    """The FSRS due time, or None (retired) when it falls after the last day of the secondment."""
    if stop_at is None or _local_date(due) > stop_at:
        return None
    return due


def _memory(card: fsrs.Card) -> dict:
    data = dict(card.to_dict())
    data.pop("card_id")
    return data


def _fsrs_card(card: ReviewCard) -> fsrs.Card:
    return fsrs.Card.from_dict({**card.memory, "card_id": card.pk})


def _schedule(*, user, field: str, ids: Iterable[int], now: datetime | None) -> list[ReviewCard]:
    now = _utc(now)
    ids = list(dict.fromkeys(ids))
    if not ids:
        return []
    stop_at = secondment_end(user=user, today=_local_date(now))
    existing = {getattr(c, f"{field}_id"): c for c in ReviewCard.objects.filter(user=user, **{f"{field}__in": ids})}
    for card in existing.values():
        _reactivate(card=card, stop_at=stop_at)
    due = first_due(now=now)
    memory = _memory(fsrs.Card(card_id=0, due=due))
    new = [
        ReviewCard(
            user=user,
            memory=memory,
            due=capped_due(due=due, stop_at=stop_at),
            stop_at=stop_at,
            created_at=now,
            **{f"{field}_id": pk},
        )
        for pk in ids
        if pk not in existing
    ]
    # A card another request created a moment ago is that request's card: skip it, then read them all.
    ReviewCard.objects.bulk_create(new, ignore_conflicts=True)
    return list(ReviewCard.objects.filter(user=user, **{f"{field}__in": ids}).order_by("pk"))


def _reactivate(*, card: ReviewCard, stop_at: date | None) -> None:
    """A retired card comes back when the person's secondment now reaches its next FSRS date."""
    if card.due is not None or stop_at is None or (card.stop_at and stop_at <= card.stop_at):
        return
    card.stop_at = stop_at
    card.due = capped_due(due=_fsrs_card(card).due, stop_at=stop_at)
    card.save(update_fields=["stop_at", "due"])


@transaction.atomic
def schedule_articles(*, user, article_ids: Iterable[int], now: datetime | None = None) -> list[ReviewCard]:
    """Put studied articles in the person's queue, first due tomorrow. Cards that exist are left alone
    (a retired one comes back if the secondment now reaches further)."""
    ids = existing_article_ids(article_ids=list(article_ids))
    return _schedule(user=user, field="article", ids=ids, now=now)


@transaction.atomic
def schedule_questions(*, user, question_ids: Iterable[int], now: datetime | None = None) -> list[ReviewCard]:
    """Put missed questions in the person's queue, first due tomorrow; as schedule_articles.

    Essay questions are left out: a marker scores them, so the queue could not."""
    ids = quizzes_api.reviewable_question_ids(question_ids=list(question_ids))
    return _schedule(user=user, field="question", ids=ids, now=now)


@transaction.atomic
def refresh_schedule(*, user, now: datetime | None = None) -> int:
    """Apply the person's current secondment end to all their cards (after it was changed or a new
    round began): retired cards come back if it reaches their next date, others retire if it no longer
    does. Returns how many cards changed."""
    now = _utc(now)
    stop_at = secondment_end(user=user, today=_local_date(now))
    changed = []
    for card in ReviewCard.objects.filter(user=user).select_for_update():
        due = capped_due(due=_fsrs_card(card).due, stop_at=stop_at)
        if (card.due, card.stop_at) != (due, stop_at):
            card.due, card.stop_at = due, stop_at
            changed.append(card)
    ReviewCard.objects.bulk_update(changed, ["due", "stop_at"])
    return len(changed)


def _review(*, card: ReviewCard, rating: Rating, now: datetime | None, seen: int | None) -> ReviewCard | None:
    """FSRS review of a locked card; None when ``seen`` is stale (the same screen was sent twice)."""
    now = _utc(now)
    locked = ReviewCard.objects.select_for_update().get(pk=card.pk)
    if seen is not None and seen != locked.reviews_count:
        return None
    reviewed, _log = SCHEDULER.review_card(_fsrs_card(locked), fsrs.Rating(rating), review_datetime=now)
    stop_at = secondment_end(user=locked.user_id, today=_local_date(now))
    due_before = locked.due
    locked.memory = _memory(reviewed)
    locked.stop_at = stop_at
    locked.due = capped_due(due=reviewed.due, stop_at=stop_at)
    locked.last_reviewed_at = now
    locked.reviews_count += 1
    locked.save(update_fields=["memory", "stop_at", "due", "last_reviewed_at", "reviews_count"])
    ReviewLog.objects.create(card=locked, rating=rating, reviewed_at=now, due_before=due_before, due_after=locked.due)
    return locked


@transaction.atomic
def rate_article(*, card: ReviewCard, rating: int, now: datetime | None = None, seen: int | None = None) -> ReviewCard:
    """The person read the article and says how well they recalled it (1 forgot … 4 know it well).

    Reviewing before the card is due is allowed; the log shows it. ``seen`` is the card's review count
    on the screen that was rated: a second tap of the same screen records nothing.
    """
    if card.article_id is None:
        raise ValueError("rate_article needs an article card")
    rating = Rating(int(rating))
    reviewed = _review(card=card, rating=rating, now=now, seen=seen)
    if reviewed is None:
        card.refresh_from_db()
        return card
    return reviewed


@transaction.atomic
def answer_question(
    *, card: ReviewCard, raw: dict | None, now: datetime | None = None, seen: int | None = None
) -> bool:
    """Score the answer to a question card: right counts as Good, wrong as Again. Returns whether it was right.

    A second post of the same screen (stale ``seen``) is scored for the feedback but not recorded again.
    """
    if card.question_id is None:
        raise ValueError("answer_question needs a question card")
    question = quizzes_api.practice_question(question_id=card.question_id)
    answer = quizzes_api.score_practice_answer(question=question, raw=raw)
    if answer.marked_by_person:
        raise ReviewError(ESSAY_MESSAGE)
    if not answer.given:
        raise ReviewError(NOTHING_ANSWERED_MESSAGE)
    correct = answer.correct
    if _review(card=card, rating=Rating.GOOD if correct else Rating.AGAIN, now=now, seen=seen) is not None:
        quizzes_api.note_review_answer(user=card.user_id, question_id=question.pk, correct=correct, now=now)
    return bool(correct)


__all__ = [
    "SCHEDULER",
    "ReviewError",
    "answer_question",
    "capped_due",
    "first_due",
    "rate_article",
    "refresh_schedule",
    "schedule_articles",
    "schedule_questions",
]
