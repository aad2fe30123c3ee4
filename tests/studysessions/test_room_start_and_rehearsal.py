"""Issue 15: the evening starts only with the host's 开始 (confirmed when early), a GET changes nothing, the
time left counts from the real start, options are printed once, and a rehearsal (演练) records nothing."""

import datetime

import pytest
from django.contrib.messages import SUCCESS, get_messages
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from core import roles
from quizzes.models import Attempt
from studysessions.attendance import codes
from studysessions.models import Attendance, Audience, Rehearsal, StudySession
from studysessions.room import selectors
from studysessions.room import services as room
from tests.factories import UserFactory, client_for
from tests.rounds.factories import TeamMemberFactory
from tests.studysessions.factories_room import QUESTION_STEP, START, key_of, room_evening

pytestmark = pytest.mark.django_db
STATE = ("opened_at", "closed_at", "current_step", "furthest_step", "live_question_id", "live_revealed", "live_version")


@pytest.fixture
def clock(monkeypatch):
    state = {"now": START - datetime.timedelta(days=3)}  # three days early, as in the issue
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


@pytest.fixture
def ev():
    member = TeamMemberFactory()
    host = UserFactory(role=roles.TRAINEE)
    session, quiz, single, _ = room_evening(host=host, audience=Audience.TEAM, team=member.team)
    return {"session": session, "quiz": quiz, "single": single, "host": host, "member": member.user}


def _url(name, session, **query) -> str:
    url = reverse(f"studysessions:{name}", kwargs={"key": key_of(session)})
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def _snapshot(session) -> tuple:
    row = StudySession.objects.values(*STATE).get(pk=session.pk)
    counts = (
        StudySession.objects.count(),
        Attendance.objects.count(),
        Attempt.objects.count(),
        AuditEntry.objects.count(),
    )
    return tuple(row.values()), counts


def test_get_of_every_room_page_changes_nothing(ev, clock):
    session, host, member = ev["session"], client_for(ev["host"]), client_for(ev["member"])
    before = _snapshot(session)
    for client, name in ((host, "present"), (host, "sign_in_code"), (host, "rehearsal"), (member, "follow")):
        assert client.get(_url(name, session)).status_code == 200, name
    assert member.get(_url("state", session)).json()["opened"] is False
    assert _snapshot(session) == before
    assert not Rehearsal.objects.exists()


def test_starting_early_asks_first_and_starts_after_the_confirmation(ev, clock):
    session, host = ev["session"], client_for(ev["host"])
    response = host.post(_url("present", session))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="early-start"' in page and "11月3日 19:30" in page and 'name="confirm_early"' in page
    assert StudySession.objects.get(pk=session.pk).opened_at is None
    host.post(_url("present", session), {"confirm_early": "1"})
    assert StudySession.objects.get(pk=session.pk).opened_at == clock["now"]


def test_within_a_quarter_of_an_hour_of_the_start_it_starts_at_once(ev, clock):
    clock["now"] = START - datetime.timedelta(minutes=14)
    assert ev["session"].starts_at == START
    client_for(ev["host"]).post(_url("present", ev["session"]))
    assert StudySession.objects.get(pk=ev["session"].pk).opened_at == clock["now"]


def test_the_early_refusal_writes_not_even_the_row(ev):
    later = START + datetime.timedelta(days=2)  # Thursday's evening, no row yet
    with pytest.raises(room.EarlyStart):
        room.open_room(series=ev["session"].series, slot_start=later, now=later - datetime.timedelta(days=1))
    assert not StudySession.objects.filter(slot_start=later).exists()


def test_phones_show_in_progress_and_time_left_only_after_the_host_started(ev, clock):
    session, member = ev["session"], client_for(ev["member"])
    for name in ("follow", "detail"):
        page = member.get(_url(name, session)).content.decode()
        assert "进行中" not in page and 'data-testid="room-status"' not in page
    client_for(ev["host"]).post(_url("present", session), {"confirm_early": "1"})
    clock["now"] += datetime.timedelta(minutes=30)
    follow = member.get(_url("follow", session)).content.decode()
    assert 'data-testid="room-status"' in follow and "进行中" in follow and "约 90 分钟" in follow
    assert "进行中" in member.get(_url("detail", session)).content.decode()
    projector = client_for(ev["host"]).get(_url("present", session)).content.decode()
    assert "<span data-remaining>1:30:00</span>" in projector


def test_time_left_is_counted_from_the_real_start_and_never_more_than_planned(ev):
    session = ev["session"]
    session.opened_at = START + datetime.timedelta(minutes=40)  # started late
    assert selectors.planned_end(session) == START + datetime.timedelta(hours=2, minutes=40)
    assert selectors.seconds_left(session=session, now=START + datetime.timedelta(hours=2)) == 40 * 60
    assert selectors.seconds_left(session=session, now=START) == 2 * 3600  # capped at the planned length
    assert selectors.seconds_left(session=session, now=START + datetime.timedelta(hours=9)) == 0
    session.opened_at = None
    assert selectors.seconds_left(session=session, now=START) is None
    assert [selectors.clock_label(s) for s in (0, 59, 3599, 3600, 7384)] == [
        "00:00",
        "00:59",
        "59:59",
        "1:00:00",
        "2:03:04",
    ]


def test_an_open_live_question_prints_its_options_once(ev):
    session, host = ev["session"], client_for(ev["host"])
    host.post(_url("present", session))
    host.post(_url("control", session), {"action": "goto", "index": QUESTION_STEP + 1})
    before = host.get(_url("present", session)).content.decode()
    assert before.count("召开动员会") == 1  # the step lists them while the question is not open
    host.post(_url("control", session), {"action": "open_question"})
    page = host.get(_url("present", session)).content.decode()
    assert page.count("召开动员会") == 1 and page.count("巡察组进驻后首先做什么？") == 1
    assert 'data-testid="live-options"' in page


def test_a_rehearsal_runs_the_room_without_touching_the_evening(ev, clock):
    session, host = ev["session"], client_for(ev["host"])
    before = _snapshot(session)
    assert host.post(_url("rehearsal", session)).status_code == 302
    page = host.get(_url("rehearsal", session)).content.decode()
    assert 'data-testid="rehearsal-mark"' in page and "演练" in page and "1 / 6" in page
    assert "data-state-url" not in page  # nobody follows a rehearsal
    host.post(_url("rehearsal_control", session), {"action": "goto", "index": QUESTION_STEP + 1})
    host.post(_url("rehearsal_control", session), {"action": "open_question"})
    host.post(_url("rehearsal_control", session), {"action": "reveal"})
    page = host.get(_url("rehearsal", session)).content.decode()
    assert f"{QUESTION_STEP + 1} / 6" in page and 'data-testid="distribution"' in page
    assert Rehearsal.objects.get().current_step == QUESTION_STEP
    assert _snapshot(session) == before
    host.post(_url("rehearsal", session), {"action": "end"})
    assert not Rehearsal.objects.exists() and _snapshot(session) == before


def test_a_rehearsal_sign_in_says_so_and_writes_no_attendance(ev, clock):
    clock["now"] = START - datetime.timedelta(minutes=10)  # the evening's own sign-in is open too
    session, host, member = ev["session"], client_for(ev["host"]), client_for(ev["member"])
    host.post(_url("rehearsal", session))
    assert host.get(_url("rehearsal_sign_in_code", session))["Content-Type"] == "image/svg+xml"
    code = codes.rehearsal_code(rehearsal=Rehearsal.objects.get(), now=clock["now"])
    assert code != codes.current_code(session=session, now=START)
    page = member.get(_url("rehearsal_sign_in", session, code=code)).content.decode()
    assert 'data-testid="rehearsal-mark"' in page and "演练" in page
    before = _snapshot(session)
    response = member.post(_url("rehearsal_sign_in", session), {"code": code})
    assert [m.level for m in get_messages(response.wsgi_request)] == [SUCCESS]
    assert "演练签到成功（不计入考勤）" in member.get(response["Location"]).content.decode()
    assert _snapshot(session) == before and not Attendance.objects.exists()
    # The rehearsal's code never signs anyone in to the evening, and a wrong code is refused.
    assert member.post(_url("sign_in", session), {"code": code}).status_code == 302
    assert not Attendance.objects.exists()
    response = member.post(_url("rehearsal_sign_in", session), {"code": "WRONG"})
    assert response.status_code == 302, response.content[:300]
    assert "?done" not in response["Location"]
    assert "这不是当前的演练签到码" in member.get(response["Location"]).content.decode()


def test_only_the_host_rehearses(ev):
    session, member = ev["session"], client_for(ev["member"])
    for name in ("rehearsal", "rehearsal_sign_in_code"):
        assert member.get(_url(name, session)).status_code == 403
    assert member.post(_url("rehearsal", session)).status_code == 403
    assert member.post(_url("rehearsal_control", session), {"action": "next"}).status_code == 403
    assert not Rehearsal.objects.exists()
