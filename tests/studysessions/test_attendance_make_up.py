"""补学: an absentee works through the agenda and passes the quiz; recorded as a make-up, never as attendance."""

import datetime

import pytest
from django.utils import timezone

from courses.models import CompletionRecord
from quizzes import api as quiz_api
from quizzes.models import QuestionKind
from studysessions.attendance.errors import AttendanceError
from studysessions.make_up import services as make_up_services
from studysessions.models import Attendance, AttendanceStatus, MakeUp, SessionStatus
from tests.factories import client_for
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.studysessions.factories_attendance import END, START, team_evening

pytestmark = pytest.mark.django_db
NEXT_DAY = START + datetime.timedelta(days=1)


@pytest.fixture
def clock(monkeypatch):
    state = {"now": NEXT_DAY}
    monkeypatch.setattr(timezone, "now", lambda: state["now"])
    return state


def quiz_evening():
    question = QuestionFactory(kind=QuestionKind.TRUE_FALSE, stem="巡察组进驻后应当公布举报电话。")
    quiz = QuizFactory(questions=[question], pass_mark=60)
    return team_evening(agenda=[("quiz", {"quiz": quiz, "minutes": 10})]), quiz


def take_quiz(quiz, user, *, right: bool):
    attempt = quiz_api.start_attempt(quiz=quiz, user=user)
    quiz_api.save_answer(attempt=attempt, position=1, raw={"value": right})
    quiz_api.submit_attempt(attempt=attempt)


def test_the_make_up_page_shows_the_agenda_and_the_button_starts_the_make_up(clock):
    ev = team_evening()
    client = client_for(ev.members[0])
    page = client.get(ev.url("make_up"))
    assert page.status_code == 200
    assert ev.articles[0].text in page.content.decode()
    assert not MakeUp.objects.exists()  # a GET starts nothing
    client.post(ev.url("make_up"))  # 我已学完
    make_up = MakeUp.objects.get()
    assert (make_up.user, make_up.started_at, make_up.studied_at, make_up.completed_at) == (
        ev.members[0],
        NEXT_DAY,
        NEXT_DAY,
        NEXT_DAY,
    )


def test_studying_an_agenda_without_quiz_completes_it_and_records_the_articles(clock):
    ev = team_evening()
    client = client_for(ev.members[0])
    assert client.post(ev.url("make_up")).status_code == 302
    make_up = MakeUp.objects.get()
    assert make_up.studied_at == NEXT_DAY and make_up.completed_at == NEXT_DAY
    assert set(CompletionRecord.objects.values_list("user_id", "item_id")) == {
        (ev.members[0].pk, a.pk) for a in ev.articles
    }
    assert not Attendance.objects.exists()


def test_with_a_quiz_the_make_up_completes_only_once_the_quiz_is_passed(clock):
    ev, quiz = quiz_evening()
    member = ev.members[0]
    client = client_for(member)
    page = client.get(ev.url("make_up"))
    assert quiz.get_absolute_url() in page.content.decode()
    client.post(ev.url("make_up"))
    assert MakeUp.objects.get().completed_at is None
    take_quiz(quiz, member, right=False)
    client.get(ev.url("make_up"))
    assert MakeUp.objects.get().completed_at is None
    clock["now"] = NEXT_DAY + datetime.timedelta(hours=1)
    take_quiz(quiz, member, right=True)
    page = client.get(ev.url("make_up"))
    assert b'data-testid="make-up-complete"' in page.content
    assert MakeUp.objects.get().completed_at is None  # the GET shows the button, writes nothing
    page = client.post(ev.url("make_up"), {"action": "complete"}, follow=True)
    assert MakeUp.objects.get().completed_at == clock["now"]
    assert b'data-testid="make-up-done"' in page.content
    assert not Attendance.objects.exists()


def test_passing_the_quiz_alone_is_not_a_make_up(clock):
    ev, quiz = quiz_evening()
    take_quiz(quiz, ev.members[0], right=True)
    client_for(ev.members[0]).get(ev.url("make_up"))
    assert not MakeUp.objects.exists()
    client_for(ev.members[0]).post(ev.url("make_up"), {"action": "complete"})  # not studied: not complete
    assert MakeUp.objects.get().completed_at is None


def test_an_attendee_has_nothing_to_make_up(clock):
    ev = team_evening()
    Attendance.objects.create(
        session=ev.session, user=ev.members[0], status=AttendanceStatus.LATE, method="roster", signed_in_at=None
    )
    client = client_for(ev.members[0])
    assert client.get(ev.url("make_up")).status_code == 200
    client.post(ev.url("make_up"))
    assert not MakeUp.objects.exists()


def test_an_absentee_marked_by_the_host_can_make_up(clock):
    ev = team_evening()
    Attendance.objects.create(
        session=ev.session, user=ev.members[0], status=AttendanceStatus.ABSENT, method="roster", reason="病假"
    )
    client_for(ev.members[0]).post(ev.url("make_up"))
    assert MakeUp.objects.get().completed_at == NEXT_DAY
    assert Attendance.objects.get().status == AttendanceStatus.ABSENT


def test_no_make_up_before_the_evening_or_for_a_cancelled_one(clock):
    ev = team_evening()
    with pytest.raises(AttendanceError) as error:
        make_up_services.start_make_up(session=ev.session, user=ev.members[0], now=START - datetime.timedelta(hours=1))
    assert error.value.code == "not_yet"
    ev.session.status = SessionStatus.CANCELLED
    ev.session.save()
    client_for(ev.members[0]).post(ev.url("make_up"))
    assert not MakeUp.objects.exists()


def test_people_outside_the_audience_and_the_host_are_refused(clock):
    ev = team_evening()
    assert client_for(ev.outsider).get(ev.url("make_up")).status_code == 404  # not theirs: does not exist
    assert client_for(ev.host).post(ev.url("make_up")).status_code == 403
    assert not MakeUp.objects.exists()


def test_a_make_up_is_not_counted_as_attendance(clock):
    from studysessions.api import sessions_attended

    ev = team_evening()
    make_up_services.mark_studied(session=ev.session, user=ev.members[0], now=END)
    assert MakeUp.objects.get().completed_at == END
    assert sessions_attended(user_ids=[ev.members[0].pk], since=START - datetime.timedelta(days=30)) == {}
