"""Reads of the feed: the feed a secret names, and a person's evenings as an iCalendar document."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from icalendar import Calendar, Event

from studysessions.agenda.selectors import agenda_lines
from studysessions.models import CalendarFeed
from studysessions.schedule.occurrences import Occurrence, local_zone, occurrences
from studysessions.schedule.selectors import series_for_user

# What the feed carries around now (phones keep what falls out of it).
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=180)
CALENDAR_NAME = "巡察学堂夜学"


def feed_of(*, user) -> CalendarFeed | None:
    """The person's feed, if they have made one (a GET makes nothing)."""
    return CalendarFeed.objects.filter(user=user).first()


def feed_for_token(*, token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()


def uid(occurrence: Occurrence) -> str:
    # The key names the scheduled slot, so a moved or cancelled evening replaces its entry on the phone.
    return f"{occurrence.key}@xuncha"


def sequence(occurrence: Occurrence) -> int:
    """Grows with each kind of change (moved, cancelled) so calendar clients take the new version."""
    return int(occurrence.moved) + int(occurrence.cancelled)


def description(occurrence: Occurrence, *, url: str) -> str:
    parts = []
    session = occurrence.session
    if session and session.change_note:
        parts.append(session.change_note)
    parts += [str(line) for line in agenda_lines(session)]
    parts.append(url)
    return "\n".join(parts)


def build_feed(*, user, now: datetime, url_for: Callable[[str], str]) -> bytes:
    """The person's evenings from FEED_PAST ago to FEED_FUTURE ahead as an iCalendar document.

    Times are in UTC (…Z), which every client converts to the phone's zone; cancelled evenings stay in
    with STATUS:CANCELLED so phones that have them remove them. ``url_for(key)`` makes the absolute
    link to an evening's page."""
    series = list(series_for_user(user=user))
    found = occurrences(series, start=now - FEED_PAST, end=now + FEED_FUTURE)
    calendar = Calendar()
    calendar.add("prodid", "-//巡察学堂//夜学//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", CALENDAR_NAME)
    calendar.add("x-wr-timezone", local_zone().key)
    # Ask subscribing clients to look again hourly; most apply their own floor anyway.
    calendar.add("x-published-ttl", "PT1H")
    stamp = now.astimezone(UTC)
    for occurrence in found:
        url = url_for(occurrence.key)
        event = Event()
        event.add("uid", uid(occurrence))
        event.add("dtstamp", stamp)
        event.add("dtstart", occurrence.starts_at.astimezone(UTC))
        event.add("dtend", occurrence.ends_at.astimezone(UTC))
        event.add("summary", occurrence.series.title)
        event.add("location", occurrence.place)
        event.add("description", description(occurrence, url=url))
        event.add("url", url)
        event.add("status", "CANCELLED" if occurrence.cancelled else "CONFIRMED")
        event.add("sequence", sequence(occurrence))
        calendar.add_component(event)
    return calendar.to_ical()
