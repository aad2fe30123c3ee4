"""Which evenings are due for a reminder now."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from studysessions.models import StudySeries
from studysessions.schedule.occurrences import Occurrence, occurrences


def due_occurrences(*, now: datetime) -> list[Occurrence]:
    """Evenings not cancelled that start in (now, now + their series' reminder_hours]."""
    by_hours: dict[int, list[StudySeries]] = defaultdict(list)
    for series in StudySeries.objects.filter(reminder_hours__gt=0):
        by_hours[series.reminder_hours].append(series)
    found: list[Occurrence] = []
    for hours, series_list in by_hours.items():
        end = now + timedelta(hours=hours, microseconds=1)
        found += [o for o in occurrences(series_list, start=now, end=end, include_cancelled=False) if o.starts_at > now]
    return found
