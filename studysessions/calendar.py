"""The schedule as one person sees it: their evenings, the agenda in a line per item, and their private
iCalendar feed (a secret URL phones subscribe to; regenerating it revokes the old one).

Reads (``evenings_for_user``, ``agenda_lines``, ``feed_for_token``, ``build_feed``) and the two feed
writes (``ensure_feed``, ``regenerate_feed``, ``record_fetch``) live together because only the calendar
part uses them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from django.db import transaction
from django.urls import reverse
from icalendar import Calendar, Event

from studysessions.agenda.selectors import AgendaLine, agenda_lines
from studysessions.models import Attendance, AttendanceStatus, CalendarFeed, MakeUp
from studysessions.models.calendar import new_feed_token
from studysessions.schedule import selectors
from studysessions.schedule.occurrences import Occurrence, local_zone, occurrences

# What the list page shows around today, and what the feed carries (phones keep what falls out of it).
LIST_WEEKS = 8
FEED_PAST = timedelta(days=30)
FEED_FUTURE = timedelta(days=180)
CALENDAR_NAME = "巡察学堂夜学"


# --- one person's evenings -----------------------------------------------------------------------


@dataclass
class Evening:
    """An occurrence as one person sees it: hosting it or not, their own attendance, make-up."""

    occurrence: Occurrence
    is_host: bool  # may run it: its host, or someone allowed to stand in for any host
    hosting: bool = False  # is its host
    attendance: Attendance | None = None
    make_up: MakeUp | None = None
    past: bool = False
    lines: list[AgendaLine] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.occurrence.key

    @property
    def missed(self) -> bool:
        """Over, not cancelled, not hosted, and the person is absent or never signed in: a make-up is possible."""
        if not self.past or self.occurrence.cancelled or self.hosting:
            return False
        return self.attendance is None or self.attendance.status == AttendanceStatus.ABSENT

    @property
    def running(self) -> bool:
        session = self.occurrence.session
        return bool(session and session.opened_at and not session.closed_at)


def _evenings(found: list[Occurrence], *, user, now: datetime) -> list[Evening]:
    session_ids = [o.session.pk for o in found if o.session]
    attendance = {a.session_id: a for a in Attendance.objects.filter(user=user, session_id__in=session_ids)}
    make_ups = {m.session_id: m for m in MakeUp.objects.filter(user=user, session_id__in=session_ids)}
    evenings = []
    for o in found:
        sid = o.session.pk if o.session else None
        evenings.append(
            Evening(
                occurrence=o,
                is_host=selectors.can_host(occurrence=o, user=user),
                hosting=o.host_id == user.pk,
                attendance=attendance.get(sid),
                make_up=make_ups.get(sid),
                past=o.ends_at <= now,
                lines=agenda_lines(o.session),
            )
        )
    return evenings


def evenings_for_user(*, user, now: datetime, weeks: int = LIST_WEEKS) -> tuple[list[Evening], list[Evening]]:
    """(upcoming, past): the evenings of the series a person follows or hosts, the next and the last
    ``weeks`` weeks. Upcoming includes one running now; past is most recent first."""
    series = list(selectors.series_for_user(user=user))
    span = timedelta(weeks=weeks)
    found = occurrences(series, start=now - span, end=now + span)
    evenings = _evenings(found, user=user, now=now)
    upcoming = [e for e in evenings if not e.past]
    past = [e for e in reversed(evenings) if e.past]
    return upcoming, past


def evening_for_user(occurrence: Occurrence, *, user, now: datetime) -> Evening:
    return _evenings([occurrence], user=user, now=now)[0]


def host_name(occurrence: Occurrence) -> str:
    host = selectors.host_of(occurrence=occurrence)
    return (host.get_full_name() or host.get_username()) if host else ""


# --- the private feed ----------------------------------------------------------------------------


def ensure_feed(*, user) -> CalendarFeed:
    """The person's feed, created the first time they look at their calendar settings."""
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


def feed_for_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("user").filter(token=token, user__is_active=True).first()


def record_fetch(*, feed: CalendarFeed, now: datetime) -> None:
    # update() rather than save(): a phone fetching while the person regenerates must not restore the old token.
    CalendarFeed.objects.filter(pk=feed.pk).update(last_fetched_at=now)


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
    series = list(selectors.series_for_user(user=user))
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


def detail_path(key: str) -> str:
    return reverse("studysessions:detail", args=[key])
