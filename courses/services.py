"""Writes of the courses app: the one service that records that a person studied something."""

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from courses import events, path
from courses.models import CompletionRecord, ItemKind, LessonPage


class LessonLocked(Exception):
    """A lesson of a module whose prerequisites are not finished: studying it is refused."""

    def __init__(self, lock: path.Lock) -> None:
        super().__init__(lock.message)
        self.lock = lock


@transaction.atomic
def mark_studied(*, user, kind: str, item_id: int, when: datetime | None = None) -> tuple[CompletionRecord, bool]:
    """The reader pressed 我已学完: refused for a locked lesson (``LessonLocked``, nothing written), else
    recorded once (``record_completion``)."""
    if kind == ItemKind.LESSON:
        lock = path.lesson_lock(user=user, lesson_id=item_id)
        if lock is not None:
            raise LessonLocked(lock)
    return record_completion(user=user, kind=kind, item_id=item_id, when=when)


@transaction.atomic
def record_completion(*, user, kind: str, item_id: int, when: datetime | None = None) -> tuple[CompletionRecord, bool]:
    """One row per (user, item): the first date is kept for history, studying it again moves
    ``last_completed_at`` on (what validity windows and refreshers compare). ``created``: the first time."""
    when = when or timezone.now()
    if kind not in ItemKind.values:
        raise ValueError(f"unknown completion kind {kind!r}")
    try:
        with transaction.atomic():
            record, created = CompletionRecord.objects.get_or_create(
                user=user, kind=kind, item_id=item_id, defaults={"completed_at": when, "last_completed_at": when}
            )
    except IntegrityError:
        # A double tap raced us to the same row: that row is the record.
        record, created = CompletionRecord.objects.get(user=user, kind=kind, item_id=item_id), False
    if created:
        _after_completion(user=user, kind=kind, item_id=item_id, when=when)
        return record, created
    # Studied again: locked so that two taps leave the latest time, never an earlier one.
    record = CompletionRecord.objects.select_for_update().get(pk=record.pk)
    if when > record.last_completed_at:
        record.last_completed_at = when
        record.save(update_fields=["last_completed_at"])
    return record, created


def _after_completion(*, user, kind: str, item_id: int, when: datetime) -> None:
    """Announce the articles studied (the review queue brings them back: 反复学)."""
    if kind == ItemKind.LESSON:
        lesson = LessonPage.objects.filter(pk=item_id).first()
        article_ids = lesson.linked_article_ids() if lesson else []
    elif kind == ItemKind.ARTICLE:
        article_ids = [item_id]
    else:
        article_ids = []
    if article_ids:
        events.articles_studied.send(sender=CompletionRecord, user=user, article_ids=article_ids, now=when)
