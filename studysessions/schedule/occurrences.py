"""Expanding a series' rule into evenings, merged with the evenings stored as rows, and finding the
evening a URL key names.

Pure reads: nothing here writes. Times are computed in the site's wall-clock zone (Asia/Shanghai) and
returned as aware datetimes, so a series at 19:30 stays at 19:30 local whatever the server's zone is,
and would stay so across a daylight-saving change in a zone that had one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule
from django.conf import settings
from django.db.models import Q

from studysessions.models import SessionStatus, StudySeries, StudySession

_BYDAY = {
    "MO": rrule.MO,
    "TU": rrule.TU,
    "WE": rrule.WE,
    "TH": rrule.TH,
    "FR": rrule.FR,
    "SA": rrule.SA,
    "SU": rrule.SU,
}


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def duration(series: StudySeries) -> timedelta:
    day = date(2000, 1, 1)
    return datetime.combine(day, series.end_time) - datetime.combine(day, series.start_time)


def _rule(series: StudySeries) -> rrule.rrule:
    # Naive local wall-clock times: the zone is attached to each start afterwards.
    until = datetime.combine(series.last_date, time.max) if series.last_date else None
    return rrule.rrule(
        rrule.WEEKLY,
        interval=max(1, series.interval_weeks),
        byweekday=[_BYDAY[code] for code in series.weekday_codes if code in _BYDAY],
        dtstart=datetime.combine(series.first_date, series.start_time),
        until=until,
    )


def slot_starts(series: StudySeries, *, start: datetime, end: datetime) -> list[datetime]:
    """Starts the rule gives in [start, end), as aware datetimes."""
    zone = local_zone()
    naive_start = start.astimezone(zone).replace(tzinfo=None)
    naive_end = end.astimezone(zone).replace(tzinfo=None)
    starts = _rule(series).between(naive_start, naive_end, inc=True)
    return [s.replace(tzinfo=zone) for s in starts if s < naive_end]


def is_slot(series: StudySeries, slot_start: datetime) -> bool:
    return slot_start in slot_starts(series, start=slot_start, end=slot_start + timedelta(seconds=1))


@dataclass(frozen=True)
class Occurrence:
    """One evening: from the rule alone (``session`` None) or from its stored row."""

    series: StudySeries
    slot_start: datetime
    starts_at: datetime
    ends_at: datetime
    session: StudySession | None = None

    @property
    def cancelled(self) -> bool:
        return self.session is not None and self.session.status == SessionStatus.CANCELLED

    @property
    def moved(self) -> bool:
        return self.starts_at != self.slot_start

    @property
    def place(self) -> str:
        return self.session.effective_place if self.session else self.series.place

    @property
    def host_id(self) -> int | None:
        return self.session.effective_host_id if self.session else self.series.host_id

    @property
    def key(self) -> str:
        """Stable identity of the evening in URLs and calendar UIDs: series id and scheduled start."""
        return f"{self.series.pk}-{int(self.slot_start.timestamp())}"


def occurrences(
    series_list: Iterable[StudySeries], *, start: datetime, end: datetime, include_cancelled: bool = True
) -> list[Occurrence]:
    """Every evening of these series that takes place in [start, end), in time order.

    An evening moved into the window from outside it is included; one moved out of it is not.
    Two queries whatever the number of series (the rows are read for all of them at once)."""
    series_list = list(series_list)
    if not series_list:
        return []
    rows = StudySession.objects.filter(series__in=series_list).filter(
        Q(starts_at__gte=start, starts_at__lt=end) | Q(slot_start__gte=start, slot_start__lt=end)
    )
    by_slot = {(row.series_id, row.slot_start): row for row in rows}
    found: list[Occurrence] = []
    for series in series_list:
        length = duration(series)
        for slot in slot_starts(series, start=start, end=end):
            if (series.pk, slot) not in by_slot:
                found.append(Occurrence(series=series, slot_start=slot, starts_at=slot, ends_at=slot + length))
    series_by_id = {s.pk: s for s in series_list}
    for row in by_slot.values():
        row.series = series_by_id[row.series_id]
        if start <= row.starts_at < end:
            found.append(
                Occurrence(
                    series=row.series,
                    slot_start=row.slot_start,
                    starts_at=row.starts_at,
                    ends_at=row.ends_at,
                    session=row,
                )
            )
    if not include_cancelled:
        found = [o for o in found if not o.cancelled]
    return sorted(found, key=lambda o: (o.starts_at, o.series.pk))


def parse_key(key: str) -> tuple[int, datetime] | None:
    """The (series id, scheduled start) an occurrence key names; None when it is not one."""
    series_id, _, stamp = key.partition("-")
    if not (series_id.isdigit() and stamp.isdigit()):
        return None
    return int(series_id), datetime.fromtimestamp(int(stamp), tz=local_zone())


def occurrence_for_key(*, key: str) -> Occurrence | None:
    """The evening a URL key names (see ``Occurrence.key``), with its row if it has one; None if the
    series does not exist or has no evening there (an evening moved away keeps its key)."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    series_id, slot_start = parsed
    series = StudySeries.objects.select_related("host").filter(pk=series_id).first()
    if series is None:
        return None
    row = StudySession.objects.filter(series=series, slot_start=slot_start).first()
    if row is not None:
        row.series = series
        return Occurrence(
            series=series, slot_start=slot_start, starts_at=row.starts_at, ends_at=row.ends_at, session=row
        )
    if not is_slot(series, slot_start):
        return None
    return Occurrence(series=series, slot_start=slot_start, starts_at=slot_start, ends_at=slot_start + duration(series))
