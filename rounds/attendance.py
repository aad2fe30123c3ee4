"""The attendance criterion: evening study sessions attended (the study-sessions issue fills this in).

Until sessions are recorded nobody has attended any, so a module that requires attendance cannot be
completed yet; the rule is here so readiness and the dashboard already show it.
"""

from datetime import datetime


def sessions_attended(*, user_ids: list[int], since: datetime) -> dict[int, int]:
    """Sessions each person attended in person since the given time; make-ups do not count."""
    # Imported here: rounds is loaded before studysessions, whose selectors read rounds' teams.
    from django.db.models import Count

    from studysessions.models import Attendance, AttendanceStatus, SessionStatus

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
