"""studysessions.api.sessions_attended: evenings attended in person, in one query; make-ups never count."""

import datetime

import pytest

from studysessions.api import sessions_attended
from studysessions.models import Attendance, AttendanceStatus, MakeUp, SessionStatus
from tests.studysessions.factories import evening
from tests.studysessions.factories_attendance import START, team_evening

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def attend(session, user, status):
    Attendance.objects.create(session=session, user=user, status=status, method="roster")


def test_counts_present_and_late_since_the_date_in_one_query(django_assert_num_queries):
    ev = team_evening()
    a, b, c = ev.members
    series = ev.session.series
    thursday = evening(series, START + 2 * DAY)
    next_tuesday = evening(series, START + 7 * DAY)
    cancelled = evening(series, START + 9 * DAY)
    cancelled.status = SessionStatus.CANCELLED
    cancelled.save()
    attend(ev.session, a, AttendanceStatus.PRESENT)
    attend(thursday, a, AttendanceStatus.LATE)
    attend(next_tuesday, a, AttendanceStatus.PRESENT)
    attend(cancelled, a, AttendanceStatus.PRESENT)
    attend(ev.session, b, AttendanceStatus.ABSENT)
    MakeUp.objects.create(
        session=ev.session, user=b, started_at=START + DAY, studied_at=START + DAY, completed_at=START + DAY
    )
    attend(ev.session, c, AttendanceStatus.LATE)
    with django_assert_num_queries(1):
        counts = sessions_attended(user_ids=[a.pk, b.pk, c.pk], since=START - DAY)
    assert counts == {a.pk: 3, c.pk: 1}
    # Evenings before the round was created do not count.
    assert sessions_attended(user_ids=[a.pk, c.pk], since=START + DAY) == {a.pk: 2}
    assert sessions_attended(user_ids=[], since=START) == {}
