"""Reads of the review queue: what is due today, what comes later, and one card for its screen.

"Today" is the local day (Asia/Shanghai). A card whose secondment has ended (``stop_at`` before today)
is no longer in the queue even if it was never reviewed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from regulations.api import CITATION_RELATED, RegulationArticle
from reviews.models import ReviewCard


@dataclass(frozen=True)
class ReviewSummary:
    due_today: int
    upcoming: int
    retired: int
    next_due: datetime | None

    @property
    def next_due_date(self) -> date | None:
        return timezone.localdate(self.next_due) if self.next_due else None


def _today_bounds(now: datetime | None) -> tuple[date, datetime]:
    """Today's local date and the start of tomorrow (the queue takes what is due before it)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return today, timezone.make_aware(datetime.combine(today + timedelta(days=1), time.min))


def _active(*, today: date) -> Q:
    return Q(due__isnull=False, stop_at__gte=today)


def _with_content(queryset: QuerySet) -> QuerySet:
    """Each card's article with what its citation shows (the article in force it became), or its question."""
    return queryset.select_related(*(f"article__{field}" for field in CITATION_RELATED), "question")


def due_cards(*, user, now: datetime | None = None) -> QuerySet[ReviewCard]:
    """Cards due by the end of today, earliest first, ready to show (questions with options and blanks)."""
    today, tomorrow = _today_bounds(now)
    return (
        _with_content(ReviewCard.objects.filter(_active(today=today), user=user, due__lt=tomorrow))
        .prefetch_related("question__choices", "question__blanks")
        .order_by("due", "pk")
    )


def next_due_card_id(*, user, now: datetime | None = None) -> int | None:
    """The card to show next, or None when today's queue is done."""
    today, tomorrow = _today_bounds(now)
    queue = ReviewCard.objects.filter(_active(today=today), user=user, due__lt=tomorrow).order_by("due", "pk")
    return queue.values_list("pk", flat=True).first()


def upcoming_cards(*, user, now: datetime | None = None, limit: int = 20) -> list[ReviewCard]:
    """The next cards after today, for the queue page's list."""
    today, tomorrow = _today_bounds(now)
    queue = ReviewCard.objects.filter(_active(today=today), user=user, due__gte=tomorrow).order_by("due", "pk")
    return list(_with_content(queue)[:limit])


def review_summary(*, user, now: datetime | None = None) -> ReviewSummary:
    """Counts for the queue page in one query."""
    today, tomorrow = _today_bounds(now)
    active = _active(today=today)
    row = ReviewCard.objects.filter(user=user).aggregate(
        due_today=Count("pk", filter=active & Q(due__lt=tomorrow)),
        upcoming=Count("pk", filter=active & Q(due__gte=tomorrow)),
        total=Count("pk"),
        next_due=Min("due", filter=active & Q(due__gte=tomorrow)),
    )
    retired = row["total"] - row["due_today"] - row["upcoming"]
    return ReviewSummary(row["due_today"], row["upcoming"], retired, row["next_due"])


def card_for_user(*, user, pk: int) -> ReviewCard:
    """One of the person's own cards with what its screen shows; DoesNotExist for anyone else's."""
    queryset = _with_content(ReviewCard.objects.filter(user=user)).prefetch_related(
        "question__choices",
        "question__blanks",
        Prefetch("question__articles", queryset=RegulationArticle.objects.select_related(*CITATION_RELATED)),
    )
    return queryset.get(pk=pk)


__all__ = ["ReviewSummary", "card_for_user", "due_cards", "next_due_card_id", "review_summary", "upcoming_cards"]
