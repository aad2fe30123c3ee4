"""Writes of the feed: its secret, made on first need or replaced, and when a calendar app last read it."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction

from studysessions.models import CalendarFeed
from studysessions.models.calendar import new_feed_token


def ensure_feed(*, user) -> CalendarFeed:
    """The person's feed, created when they first ask for a calendar address (a double tap makes one)."""
    feed, _created = CalendarFeed.objects.get_or_create(user=user)
    return feed


@transaction.atomic
def regenerate_feed(*, user) -> CalendarFeed:
    """Replace the secret: the old URL stops working at once (a lost phone, a URL shared by mistake)."""
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(user=user)
    if not created:
        feed.token = new_feed_token()
        feed.last_fetched_at = None
        feed.save(update_fields=["token", "last_fetched_at"])
    return feed


def record_fetch(*, feed: CalendarFeed, now: datetime) -> None:
    # update() rather than save(): a phone fetching while the person regenerates must not restore the old token.
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)
