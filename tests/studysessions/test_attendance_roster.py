"""The host's roster: who may see it, one atomic save, scans made while the page was open are kept."""

import datetime

import pytest
from django.utils import timezone

from courses.models import CompletionRecord
from studysessions.attendance import codes
from studysessions.attendance import services as attendance
from studysessions.models import Attendance, AttendanceMethod, AttendanceStatus, SessionStatus
from tests.factories import client_for
from tests.studysessions.factories_attendance import START, grant, team_evening

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: START + datetime.timedelta(minutes=40))


def form_data(ev, **lines) -> dict:
    """Every line as the page shows it (nothing recorded), with ``lines`` = {index: (status, reason)} changed."""
    data = {}
    for n, user in enumerate(ev.members):
        status, reason = lines.get(f"m{n}", ("", ""))
        data |= {
            f"status_{user.pk}": status,
            f"reason_{user.pk}": reason,
            f"shown_status_{user.pk}": "",
            f"shown_reason_{user.pk}": "",
        }
    return data


def test_the_host_sees_every_expected_person():
    ev = team_evening()
    page = client_for(ev.host).get(ev.url("roster"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="roster-line"') == 3
    assert all(m.first_name in html for m in ev.members)
    assert ev.outsider.first_name not in html


def test_participants_and_strangers_cannot_open_or_post_the_roster():
    ev = team_evening()
    for user, status in ((ev.members[0], 403), (ev.outsider, 404)):
        client = client_for(user)
        assert client.get(ev.url("roster")).status_code == status
        assert client.post(ev.url("roster"), form_data(ev, m0=("present", ""))).status_code == status
    assert not Attendance.objects.exists()
    office = grant(ev.outsider, "host_any_session")
    assert client_for(office).get(ev.url("roster")).status_code == 200


def test_one_post_saves_present_late_and_absent_with_reasons():
    ev = team_evening()
    response = client_for(ev.host).post(
        ev.url("roster"), form_data(ev, m0=("present", ""), m1=("late", "堵车"), m2=("absent", "下乡调研"))
    )
    assert response.status_code == 302
    rows = {a.user_id: a for a in Attendance.objects.all()}
    got = [(rows[m.pk].status, rows[m.pk].reason, rows[m.pk].method, rows[m.pk].recorded_by) for m in ev.members]
    assert got == [
        (AttendanceStatus.PRESENT, "", AttendanceMethod.ROSTER, ev.host),
        (AttendanceStatus.LATE, "堵车", AttendanceMethod.ROSTER, ev.host),
        (AttendanceStatus.ABSENT, "下乡调研", AttendanceMethod.ROSTER, ev.host),
    ]


def test_an_absence_without_a_reason_saves_nothing_at_all():
    ev = team_evening()
    response = client_for(ev.host).post(ev.url("roster"), form_data(ev, m0=("present", ""), m1=("absent", "  ")))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [f"reason_{ev.members[1].pk}"]
    assert not Attendance.objects.exists()


def test_a_forged_status_or_person_saves_nothing():
    ev = team_evening()
    client = client_for(ev.host)
    assert client.post(ev.url("roster"), form_data(ev, m0=("present", ""), m1=("asleep", ""))).status_code == 200
    assert not Attendance.objects.exists()
    with pytest.raises(attendance.AttendanceError):
        attendance.save_roster(
            session=ev.session,
            entries=[
                attendance.RosterEntry(user_id=ev.members[0].pk, status="present"),
                attendance.RosterEntry(user_id=ev.outsider.pk, status="present"),
            ],
            by=ev.host,
            now=START,
        )
    assert not Attendance.objects.exists()


def test_people_who_scan_while_the_roster_is_open_keep_their_sign_in():
    ev = team_evening()
    client = client_for(ev.host)
    client.get(ev.url("roster"))  # the host opens the roster: nobody there yet
    now = START + datetime.timedelta(minutes=5)
    code = codes.current_code(session=ev.session, now=now)
    attendance.sign_in(session=ev.session, user=ev.members[0], code=code, now=now)
    client.post(ev.url("roster"), form_data(ev, m2=("absent", "病假")))
    rows = {a.user_id: a for a in Attendance.objects.all()}
    assert (rows[ev.members[0].pk].method, rows[ev.members[0].pk].signed_in_at) == (AttendanceMethod.QR, now)
    assert rows[ev.members[2].pk].status == AttendanceStatus.ABSENT
    assert ev.members[1].pk not in rows


def test_the_host_can_correct_and_clear_a_line():
    ev = team_evening()
    now = START + datetime.timedelta(minutes=5)
    code = codes.current_code(session=ev.session, now=now)
    attendance.sign_in(session=ev.session, user=ev.members[0], code=code, now=now)
    data = form_data(ev)
    pk = ev.members[0].pk
    data |= {f"status_{pk}": "late", f"shown_status_{pk}": "present"}
    client_for(ev.host).post(ev.url("roster"), data)
    row = Attendance.objects.get()
    # Corrected to late; the time of the scan stays on the record.
    assert (row.status, row.method, row.signed_in_at) == (AttendanceStatus.LATE, AttendanceMethod.ROSTER, now)
    data |= {f"status_{pk}": "", f"shown_status_{pk}": "late"}
    client_for(ev.host).post(ev.url("roster"), data)
    assert not Attendance.objects.exists()


def test_ticking_after_the_evening_closed_gives_the_covered_articles():
    ev = team_evening()
    ev.session.closed_at = START + datetime.timedelta(minutes=30)
    ev.session.save()
    client_for(ev.host).post(ev.url("roster"), form_data(ev, m0=("present", ""), m1=("absent", "出差")))
    studied = set(CompletionRecord.objects.values_list("user_id", "item_id"))
    assert studied == {(ev.members[0].pk, a.pk) for a in ev.articles}


def test_a_cancelled_evening_has_no_roster_form():
    ev = team_evening()
    ev.session.status = SessionStatus.CANCELLED
    ev.session.save()
    client = client_for(ev.host)
    assert b"roster-form" not in client.get(ev.url("roster")).content
    client.post(ev.url("roster"), form_data(ev, m0=("present", "")))
    assert not Attendance.objects.exists()
