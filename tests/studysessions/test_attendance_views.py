"""The sign-in page and the projector's QR image, through the URLs, with the clock fixed."""

import datetime
import json
import re

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.test import Client
from django.utils import timezone

from studysessions.attendance import codes
from studysessions.models import Attendance, AttendanceStatus, StudySession
from tests.factories import client_for
from tests.studysessions.factories_attendance import START, grant, team_evening

pytestmark = pytest.mark.django_db


@pytest.fixture
def clock(monkeypatch):
    """The views read timezone.now(); tests set it."""
    state = {"now": START}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def levels(response) -> list[int]:
    return [m.level for m in get_messages(response.wsgi_request)]


def test_someone_not_logged_in_is_sent_to_login_and_no_row_is_written(clock):
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    url = f"{ev.url('sign_in')}?code={code}"
    anonymous = Client()
    for response in (anonymous.get(url), anonymous.post(ev.url("sign_in"), {"code": code})):
        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")
    assert not Attendance.objects.exists()


def test_after_logging_in_late_an_expired_code_is_refused_with_a_message(clock):
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    clock["now"] = START + datetime.timedelta(minutes=15)  # the login took a while
    client = client_for(ev.members[0])
    page = client.get(f"{ev.url('sign_in')}?code={code}")
    assert page.status_code == 200
    response = client.post(ev.url("sign_in"), {"code": code})
    assert response.status_code == 302
    assert levels(response) == [ERROR]
    assert not Attendance.objects.exists()


def test_opening_the_link_does_not_sign_in_but_the_button_does(clock):
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    client = client_for(ev.members[0])
    page = client.get(f"{ev.url('sign_in')}?code={code}")
    assert page.status_code == 200
    assert code in page.content.decode()  # carried in the form's hidden field
    assert not Attendance.objects.exists()
    response = client.post(ev.url("sign_in"), {"code": code})
    assert levels(response) == [SUCCESS]
    assert Attendance.objects.get().user == ev.members[0]
    after = client.get(ev.url("sign_in"))
    assert b'data-testid="signed-in"' in after.content


def test_a_code_of_an_evening_without_a_row_signs_nobody_in(clock):
    ev = team_evening()
    # Thursday's evening exists only in the rule; nobody has shown a code for it.
    thursday_key = f"{ev.session.series_id}-{int((START + datetime.timedelta(days=2)).timestamp())}"
    code = codes.current_code(session=ev.session, now=START)
    response = client_for(ev.members[0]).post(f"/sessions/{thursday_key}/sign-in/", {"code": code})
    assert levels(response) == [ERROR]
    assert not Attendance.objects.exists()
    assert StudySession.objects.count() == 1


def test_a_person_not_in_the_audience_finds_no_sign_in_and_leaves_no_row(clock):
    ev = team_evening()
    code = codes.current_code(session=ev.session, now=START)
    client = client_for(ev.outsider)
    assert client.get(f"{ev.url('sign_in')}?code={code}").status_code == 404
    assert client.post(ev.url("sign_in"), {"code": code}).status_code == 404
    assert not Attendance.objects.exists()


def test_an_unknown_evening_is_not_found(clock):
    ev = team_evening()
    wrong = f"{ev.session.series_id}-{int(START.timestamp()) + 60}"
    assert client_for(ev.members[0]).get(f"/sessions/{wrong}/sign-in/").status_code == 404


def test_the_host_gets_the_qr_code_uncached(clock):
    ev = team_evening()
    response = client_for(ev.host).get(ev.url("sign_in_code"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Cache-Control"] == "no-store"
    body = response.content.decode()
    assert re.search(r"<svg [^>]*viewBox=", body) and "http" not in body.replace("http://www.w3.org/2000/svg", "")
    assert codes.current_code(session=ev.session, now=START) in body  # the SVG's title


def test_the_json_form_gives_a_code_and_url_that_sign_in(clock):
    ev = team_evening()
    data = json.loads(client_for(ev.host).get(ev.url("sign_in_code"), {"format": "json"}).content)
    assert data["url"] == f"http://testserver{ev.url('sign_in')}?code={data['code']}"
    assert 0 < data["rotates_in"] <= codes.ROTATE_SECONDS
    client_for(ev.members[1]).post(ev.url("sign_in"), {"code": data["code"]})
    assert Attendance.objects.get().status == AttendanceStatus.PRESENT


def test_outside_the_sign_in_time_the_image_shows_no_code(clock):
    ev = team_evening()
    clock["now"] = START - datetime.timedelta(hours=2)
    response = client_for(ev.host).get(ev.url("sign_in_code"))
    assert response.status_code == 200
    data = json.loads(client_for(ev.host).get(ev.url("sign_in_code"), {"format": "json"}).content)
    assert data["code"] is None and data["closed"]


def test_only_hosts_see_the_qr_code(clock):
    ev = team_evening()
    assert client_for(ev.members[0]).get(ev.url("sign_in_code")).status_code == 403
    assert client_for(ev.outsider).get(ev.url("sign_in_code")).status_code == 404
    office = grant(ev.outsider, "host_any_session")
    assert client_for(office).get(ev.url("sign_in_code")).status_code == 200


def test_the_code_of_an_evening_not_yet_stored_is_none_until_the_host_starts_it(clock):
    """A GET of the QR image writes nothing (issue 15): the evening's row comes with the host's 开始 (a POST)."""
    ev = team_evening()
    thursday = START + datetime.timedelta(days=2)
    clock["now"] = thursday
    key = f"{ev.session.series_id}-{int(thursday.timestamp())}"
    response = client_for(ev.host).get(f"/sessions/{key}/sign-in-code.svg", {"format": "json"})
    assert json.loads(response.content)["code"] is None
    assert not StudySession.objects.filter(slot_start=thursday).exists()
    client_for(ev.host).post(f"/sessions/{key}/present/")
    response = client_for(ev.host).get(f"/sessions/{key}/sign-in-code.svg", {"format": "json"})
    code = json.loads(response.content)["code"]
    thursday_row = StudySession.objects.get(slot_start=thursday)
    client_for(ev.members[0]).post(f"/sessions/{key}/sign-in/", {"code": code})
    assert Attendance.objects.get().session == thursday_row
