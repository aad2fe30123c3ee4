"""Rotating sign-in codes and the sign-in service: expired, wrong session, tampered, late, twice."""

import datetime

import pytest

from studysessions.attendance import codes
from studysessions.attendance import services as attendance
from studysessions.attendance.errors import AttendanceError
from studysessions.attendance.services import RosterEntry
from studysessions.models import Attendance, AttendanceMethod, AttendanceStatus, SessionStatus
from tests.studysessions.factories import StudySeriesFactory, evening
from tests.studysessions.factories_attendance import END, START, team_evening

pytestmark = pytest.mark.django_db
minutes = datetime.timedelta(minutes=1)


def refused(reason: str, **kwargs) -> None:
    with pytest.raises(AttendanceError) as error:
        attendance.sign_in(**kwargs)
    assert error.value.code == reason


def test_the_current_code_signs_in_and_is_present_before_ten_past():
    ev = team_evening()
    now = START + 9 * minutes
    code = codes.current_code(session=ev.session, now=now)
    result = attendance.sign_in(session=ev.session, user=ev.members[0], code=code, now=now)
    assert result.changed
    row = Attendance.objects.get()
    assert (row.user, row.status, row.method, row.signed_in_at) == (
        ev.members[0],
        AttendanceStatus.PRESENT,
        AttendanceMethod.QR,
        now,
    )


def test_after_ten_past_a_scan_is_late():
    ev = team_evening()
    now = START + 11 * minutes
    code = codes.current_code(session=ev.session, now=now)
    attendance.sign_in(session=ev.session, user=ev.members[0], code=code, now=now)
    assert Attendance.objects.get().status == AttendanceStatus.LATE


def test_the_code_rotates_and_the_previous_one_is_still_accepted():
    ev = team_evening()
    shown = codes.current_code(session=ev.session, now=START)
    later = START + datetime.timedelta(seconds=codes.ROTATE_SECONDS)
    assert codes.current_code(session=ev.session, now=later) != shown
    codes.check_code(session=ev.session, code=shown, now=later)


def test_an_expired_code_is_refused_and_writes_nothing():
    ev = team_evening()
    shown = codes.current_code(session=ev.session, now=START)
    much_later = START + datetime.timedelta(seconds=3 * codes.ROTATE_SECONDS)
    refused("expired", session=ev.session, user=ev.members[0], code=shown, now=much_later)
    assert not Attendance.objects.exists()


def test_a_code_of_another_session_is_refused():
    ev = team_evening()
    other = evening(StudySeriesFactory(), START)
    code = codes.current_code(session=other, now=START)
    refused("invalid", session=ev.session, user=ev.members[0], code=code, now=START)
    assert not Attendance.objects.exists()


def test_a_tampered_code_is_refused():
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    tampered = code[:-1] + ("A" if code[-1] != "A" else "B")
    refused("invalid", session=ev.session, user=ev.members[0], code=tampered, now=START)
    refused("missing", session=ev.session, user=ev.members[0], code="", now=START)
    assert not Attendance.objects.exists()


def test_typed_codes_ignore_case_spaces_and_dashes():
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    typed = f" {code[:5].lower()}-{code[5:]} "
    attendance.sign_in(session=ev.session, user=ev.members[0], code=typed, now=START)
    assert Attendance.objects.count() == 1


def test_codes_work_only_from_half_an_hour_before_until_the_end():
    ev = team_evening()
    assert codes.current_code(session=ev.session, now=START - 31 * minutes) is None
    assert codes.current_code(session=ev.session, now=START - 29 * minutes) is not None
    assert codes.current_code(session=ev.session, now=END) is None
    last = codes.current_code(session=ev.session, now=END - minutes)
    refused("closed", session=ev.session, user=ev.members[0], code=last, now=END + minutes)
    early = codes.current_code(session=ev.session, now=START - 29 * minutes)
    refused("not_open", session=ev.session, user=ev.members[0], code=early, now=START - 31 * minutes)


def test_no_code_works_for_a_closed_or_cancelled_evening():
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    ev.session.closed_at = START + minutes
    ev.session.save()
    refused("closed", session=ev.session, user=ev.members[0], code=code, now=START + 2 * minutes)
    ev.session.closed_at = None
    ev.session.status = SessionStatus.CANCELLED
    ev.session.save()
    assert codes.current_code(session=ev.session, now=START) is None
    refused("cancelled", session=ev.session, user=ev.members[0], code=code, now=START)
    assert not Attendance.objects.exists()


def test_someone_not_in_the_audience_gets_no_row():
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    refused("not_expected", session=ev.session, user=ev.outsider, code=code, now=START)
    refused("not_expected", session=ev.session, user=ev.host, code=code, now=START)
    assert not Attendance.objects.exists()


def test_signing_in_twice_keeps_the_first_time():
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    attendance.sign_in(session=ev.session, user=ev.members[0], code=code, now=START)
    later = START + 20 * minutes
    again = attendance.sign_in(
        session=ev.session, user=ev.members[0], code=codes.current_code(session=ev.session, now=later), now=later
    )
    assert not again.changed
    row = Attendance.objects.get()
    assert (row.status, row.signed_in_at) == (AttendanceStatus.PRESENT, START)


def test_a_scan_keeps_the_hosts_tick_but_overrides_an_absence():
    ev = team_evening()
    ticked, marked_absent = ev.members[0], ev.members[1]
    attendance.save_roster(
        session=ev.session,
        entries=[
            RosterEntry(user_id=ticked.pk, status=AttendanceStatus.PRESENT),
            RosterEntry(user_id=marked_absent.pk, status=AttendanceStatus.ABSENT, reason="出差"),
        ],
        by=ev.host,
        now=START,
    )
    later = START + 25 * minutes
    code = codes.current_code(session=ev.session, now=later)
    assert not attendance.sign_in(session=ev.session, user=ticked, code=code, now=later).changed
    assert attendance.sign_in(session=ev.session, user=marked_absent, code=code, now=later).changed
    rows = {a.user_id: a for a in Attendance.objects.all()}
    assert (rows[ticked.pk].status, rows[ticked.pk].method) == (AttendanceStatus.PRESENT, AttendanceMethod.ROSTER)
    arrived = rows[marked_absent.pk]
    assert (arrived.status, arrived.method, arrived.reason, arrived.signed_in_at) == (
        AttendanceStatus.LATE,
        AttendanceMethod.QR,
        "",
        later,
    )


def test_an_evening_without_a_row_accepts_no_code():
    with pytest.raises(AttendanceError) as error:
        attendance.sign_in(session=None, user=team_evening().members[0], code="ABCDEFGHIJ", now=START)
    assert error.value.code == "invalid"
