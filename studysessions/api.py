"""What other apps may ask the study-sessions app (readiness). Keep it small and stable."""

from datetime import datetime

from django.db.models import Count

from studysessions.attendance.selectors import personal_records as personal_records
from studysessions.attendance.services import anonymise_person_data as anonymise_person_data
from studysessions.citations import citations_of, repoint  # the revision impact list (core.citing)
from studysessions.models import Attendance, AttendanceStatus, SessionStatus


def sessions_attended(*, user_ids: list[int], since: datetime) -> dict[int, int]:
    """Evenings each person attended in person (present or late) since the given time; make-ups do not count."""
    rows = (
        Attendance.objects.filter(
            user_id__in=user_ids,
            status__in=(AttendanceStatus.PRESENT, AttendanceStatus.LATE),
            session__starts_at__gte=since,
        )
        .exclude(session__status=SessionStatus.CANCELLED)
        .values("user_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["user_id"]: row["count"] for row in rows}


__all__ = ["anonymise_person_data", "personal_records", "sessions_attended"]
__all__ += ["citations_of", "repoint"]
__all__ += ["Attendance", "AttendanceStatus", "SessionStatus"]  # hours: evenings attended in person
