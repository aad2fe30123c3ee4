"""Sessions end after 30 minutes without activity and after a working day in any case; the room's polls do
not count as activity. The session clock is moved instead of waiting."""

from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from accounts import sessions
from audit.models import AuditEntry
from core import roles
from studysessions.models import Audience
from tests.factories import UserFactory
from tests.rounds.factories import TeamMemberFactory
from tests.studysessions.factories_room import room_evening

pytestmark = pytest.mark.django_db


def _logged_in_client(role=roles.TRAINEE) -> Client:
    client = Client()
    assert client.post(reverse("login"), {"username": UserFactory(role=role).username, "password": "pw-for-tests"})
    return client


def _move_clock(client: Client, *, login: timedelta, seen: timedelta) -> None:
    session = client.session
    session[sessions.LOGIN_AT] -= int(login.total_seconds())
    session[sessions.SEEN_AT] -= int(seen.total_seconds())
    session.save()


def test_twenty_nine_idle_minutes_keep_the_session_and_the_visit_counts_as_activity():
    client = _logged_in_client()
    _move_clock(client, login=timedelta(minutes=29), seen=timedelta(minutes=29))
    assert client.get("/").status_code == 200
    _move_clock(client, login=timedelta(minutes=29), seen=timedelta(minutes=29))
    assert client.get("/").status_code == 200


def test_thirty_one_idle_minutes_end_the_session_with_a_chinese_message():
    client = _logged_in_client()
    _move_clock(client, login=timedelta(minutes=31), seen=timedelta(minutes=31))
    response = client.get(reverse("quizzes:list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert "expired=idle" in response["Location"]
    assert "_auth_user_id" not in client.session
    page = client.get(response["Location"]).content.decode()
    assert "30 分钟没有操作" in page
    assert AuditEntry.objects.filter(action="session.expired").exists()


def test_a_working_day_ends_the_session_however_active():
    client = _logged_in_client(roles.EDITOR)  # staff: a second factor is due, expiry is checked first
    _move_clock(client, login=timedelta(hours=10, minutes=1), seen=timedelta(minutes=1))
    response = client.get("/")
    assert "expired=lifetime" in response["Location"]
    assert "_auth_user_id" not in client.session
    assert "10 小时" in client.get(response["Location"]).content.decode()


@override_settings(ACCOUNTS_IDLE_TIMEOUT=timedelta(minutes=5))
def test_the_idle_timeout_is_a_setting():
    client = _logged_in_client()
    _move_clock(client, login=timedelta(minutes=6), seen=timedelta(minutes=6))
    assert "expired=idle" in client.get("/")["Location"]


def test_the_rooms_poll_does_not_keep_a_forgotten_session_alive_and_ends_with_it():
    member = TeamMemberFactory()
    session, *_ = room_evening(host=UserFactory(role=roles.TRAINEE), audience=Audience.TEAM, team=member.team)
    key = f"{session.series_id}-{int(session.slot_start.timestamp())}"
    state_url = reverse("studysessions:state", kwargs={"key": key})
    client = Client()
    client.post(reverse("login"), {"username": member.user.username, "password": "pw-for-tests"})

    _move_clock(client, login=timedelta(minutes=20), seen=timedelta(minutes=20))
    seen_before = client.session[sessions.SEEN_AT]
    assert client.get(state_url).status_code == 200
    assert client.session[sessions.SEEN_AT] == seen_before  # the poll is not activity
    _move_clock(client, login=timedelta(minutes=11), seen=timedelta(minutes=11))
    response = client.get(state_url)
    assert response.status_code == 302
    assert "expired=idle" in response["Location"]


def test_opening_a_page_is_activity():
    client = _logged_in_client()
    _move_clock(client, login=timedelta(minutes=20), seen=timedelta(minutes=20))
    seen_before = client.session[sessions.SEEN_AT]
    assert client.get(reverse("studysessions:list")).status_code == 200
    assert client.session[sessions.SEEN_AT] > seen_before
