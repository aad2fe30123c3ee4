"""One person's evenings: each occurrence with what the pages show of it for that person.

The pages receive the answers (``missed``, ``make_up_offered``, ``shows_my_attendance``, ``made_up``);
the make-up rule itself is make_up.selectors'.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from studysessions.agenda.selectors import AgendaLine, agenda_lines
from studysessions.make_up.selectors import make_up_offered, missed
from studysessions.models import Attendance, MakeUp
from studysessions.schedule.occurrences import Occurrence, occurrences
from studysessions.schedule.selectors import can_host, host_of, series_for_user

# What the list page shows around today.
LIST_WEEKS = 8


@dataclass(frozen=True)
class Evening:
    """An occurrence as one person sees it: hosting it or not, their own attendance, make-up."""

    occurrence: Occurrence
    is_host: bool  # may run it: its host, or someone allowed to stand in for any host
    hosting: bool = False  # is its host
    attendance: Attendance | None = None
    make_up: MakeUp | None = None
    past: bool = False
    #: Over, not cancelled, not hosted, and the person is absent or never signed in.
    missed: bool = False
    #: The page links to the make-up: missed and not made up yet.
    make_up_offered: bool = False
    lines: list[AgendaLine] = field(default_factory=list)

    @property
    def key(self) -> str:
        return self.occurrence.key

    @property
    def made_up(self) -> bool:
        return self.make_up is not None and self.make_up.completed_at is not None

    @property
    def shows_my_attendance(self) -> bool:
        """Over, not cancelled, and the person was there to attend it rather than to host it."""
        return self.past and not self.occurrence.cancelled and not self.hosting

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
        hosting = o.host_id == user.pk
        row, make_up = attendance.get(sid), make_ups.get(sid)
        was_missed = missed(occurrence=o, attendance=row, hosting=hosting, now=now)
        evenings.append(
            Evening(
                occurrence=o,
                is_host=can_host(occurrence=o, user=user),
                hosting=hosting,
                attendance=row,
                make_up=make_up,
                past=o.ends_at <= now,
                missed=was_missed,
                make_up_offered=make_up_offered(missed=was_missed, make_up=make_up),
                lines=agenda_lines(o.session),
            )
        )
    return evenings


def evenings_for_user(*, user, now: datetime, weeks: int = LIST_WEEKS) -> tuple[list[Evening], list[Evening]]:
    """(upcoming, past): the evenings of the series a person follows or hosts, the next and the last
    ``weeks`` weeks. Upcoming includes one running now; past is most recent first."""
    series = list(series_for_user(user=user))
    span = timedelta(weeks=weeks)
    found = occurrences(series, start=now - span, end=now + span)
    evenings = _evenings(found, user=user, now=now)
    upcoming = [e for e in evenings if not e.past]
    past = [e for e in reversed(evenings) if e.past]
    return upcoming, past


def evening_for_user(occurrence: Occurrence, *, user, now: datetime) -> Evening:
    return _evenings([occurrence], user=user, now=now)[0]


def host_name(occurrence: Occurrence) -> str:
    host = host_of(occurrence=occurrence)
    return (host.get_full_name() or host.get_username()) if host else ""
