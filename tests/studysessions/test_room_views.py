"""The room's pages: only the host drives the projector, only the audience follows, the state is cheap."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core import roles
from quizzes.models import Attempt
from studysessions.models import Audience, StudySession
from tests.factories import UserFactory, client_for
from tests.rounds.factories import TeamMemberFactory
from tests.studysessions.factories_room import QUESTION_STEP, room_evening

pytestmark = pytest.mark.django_db


def _url(name, session) -> str:
    return reverse(
        f"studysessions:{name}", kwargs={"key": f"{session.series_id}-{int(session.slot_start.timestamp())}"}
    )


@pytest.fixture
def team_evening():
    """An evening for one team: its host, a member, and someone from outside the team."""
    member = TeamMemberFactory()
    host = UserFactory(role=roles.TRAINEE)
    session, quiz, single, _ = room_evening(host=host, audience=Audience.TEAM, team=member.team)
    return {"session": session, "quiz": quiz, "single": single, "host": host, "member": member.user}


def test_only_the_host_or_a_stand_in_sees_the_projector_and_presses_the_remote(team_evening):
    session, host, member = team_evening["session"], team_evening["host"], team_evening["member"]
    outsider = UserFactory(role=roles.TRAINEE)
    for user, status in ((member, 403), (outsider, 404)):
        assert client_for(user).get(_url("present", session)).status_code == status
        assert client_for(user).post(_url("control", session), {"action": "next"}).status_code == status
    session.refresh_from_db()
    assert session.current_step == 0 and session.opened_at is None and session.live_version == 0

    opening = client_for(host).get(_url("present", session))
    assert b'data-testid="open-room"' in opening.content
    session.refresh_from_db()
    assert session.opened_at is None and session.live_version == 0  # a GET opens nothing
    response = client_for(host).post(_url("present", session), follow=True)
    assert response.status_code == 200
    assert "第1条的条文：巡察工作要求1。" in response.content.decode()
    assert client_for(host).post(_url("control", session), {"action": "next"}).status_code == 302
    stand_in = UserFactory(role=roles.TRAINEE)
    stand_in.user_permissions.add(Permission.objects.get(codename="host_any_session"))
    assert client_for(stand_in).post(_url("control", session), {"action": "next"}).status_code == 302
    session.refresh_from_db()
    assert session.current_step == 2 and session.opened_at is not None
    assert "老巡察员" in client_for(host).post(_url("present", session), follow=True).content.decode()


def test_only_the_audience_and_the_host_follow(team_evening):
    session = team_evening["session"]
    outsider = client_for(UserFactory(role=roles.TRAINEE))
    assert outsider.get(_url("follow", session)).status_code == 404
    assert outsider.get(_url("state", session)).status_code == 404
    assert outsider.post(_url("live_answer", session), {}).status_code == 404
    assert client_for(team_evening["host"]).get(_url("follow", session)).status_code == 200
    response = client_for(team_evening["member"]).get(_url("follow", session))
    assert response.status_code == 200
    assert "第1条的条文" not in response.content.decode()  # not started: nothing of the agenda yet
    client_for(team_evening["host"]).post(_url("present", session), follow=True)
    assert (
        "第1条的条文：巡察工作要求1。"
        in client_for(team_evening["member"]).get(_url("follow", session)).content.decode()
    )
    part = client_for(team_evening["member"]).get(_url("follow", session) + "?part=1").content.decode()
    assert "第1条的条文：巡察工作要求1。" in part and "<html" not in part


def test_state_is_one_query_and_tiny_when_nothing_changed(team_evening, django_assert_max_num_queries):
    session, member = team_evening["session"], client_for(team_evening["member"])
    assert member.get(_url("state", session)).json()["opened"] is False
    client_for(team_evening["host"]).post(_url("present", session), follow=True)
    member.get(_url("state", session))  # the session and user rows are now what every poll reads
    # Session row, user row (login required), whether they are in the audience, the evening's row.
    with django_assert_max_num_queries(4):
        state = member.get(_url("state", session)).json()
    assert state == {
        "changed": True, "version": 1, "step": 0, "question": None, "revealed": False, "opened": True, "closed": False
    }  # fmt: skip
    response = member.get(_url("state", session) + "?v=1")
    assert response.json() == {"changed": False}
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]
    client_for(team_evening["host"]).post(_url("control", session), {"action": "next"})
    assert member.get(_url("state", session) + "?v=1").json()["version"] == 2


def test_a_phone_answers_the_open_question_and_sees_the_distribution_on_reveal(team_evening):
    session, quiz, single = team_evening["session"], team_evening["quiz"], team_evening["single"]
    host, member = client_for(team_evening["host"]), client_for(team_evening["member"])
    host.post(_url("present", session), follow=True)
    host.post(_url("control", session), {"action": "goto", "index": QUESTION_STEP + 1})
    host.post(_url("control", session), {"action": "open_question"})
    page = member.get(_url("follow", session)).content.decode()
    right = single.choices.get(is_correct=True)
    assert f'name="choice" value="{right.pk}"' in page

    response = member.post(_url("live_answer", session), {"choice": str(right.pk)})
    assert response.status_code == 302 and response["Location"].endswith(_url("follow", session) + "#live")
    answer = Attempt.objects.get(quiz=quiz, user=team_evening["member"]).answers.get(question=single)
    assert answer.response == {"choices": [right.pk]}
    assert 'name="choice"' not in member.get(_url("follow", session)).content.decode()  # answered: no second form

    host.post(_url("control", session), {"action": "reveal"})
    projector = host.post(_url("present", session), follow=True).content.decode()
    assert 'data-testid="distribution"' in projector and "pct-100" in projector
    assert 'data-testid="distribution"' in member.get(_url("follow", session)).content.decode()


def test_bad_input_gets_a_message_and_changes_nothing(team_evening):
    session, host = team_evening["session"], client_for(team_evening["host"])
    host.post(_url("present", session), follow=True)
    version = StudySession.objects.get(pk=session.pk).live_version
    for data in ({"action": "goto", "index": "99"}, {"action": "reveal"}, {"action": "open_question"}, {}):
        response = host.post(_url("control", session), data, follow=True)
        assert list(response.context["messages"]), data
    assert StudySession.objects.get(pk=session.pk).live_version == version
    response = client_for(team_evening["member"]).post(_url("live_answer", session), {"choice": "1"}, follow=True)
    assert list(response.context["messages"])
    assert not Attempt.objects.exists()


def test_a_cancelled_or_unknown_evening_is_not_found(team_evening):
    session, host = team_evening["session"], client_for(team_evening["host"])
    assert host.get(reverse("studysessions:present", kwargs={"key": f"{session.series_id}-12345"})).status_code == 404
    StudySession.objects.filter(pk=session.pk).update(status="cancelled")
    assert host.get(_url("present", session)).status_code == 404


def test_the_projector_counts_time_left_from_the_real_start(team_evening):
    session, host = team_evening["session"], client_for(team_evening["host"])
    page = host.post(_url("present", session), follow=True).content.decode()
    opened = StudySession.objects.get(pk=session.pk).opened_at
    ends_ms = int((opened + datetime.timedelta(hours=2)).timestamp() * 1000)  # 开始 plus the planned two hours
    assert f'data-ends-at="{ends_ms}"' in page and "1 / 6" in page
    assert session.ends_at - session.starts_at == datetime.timedelta(hours=2)
    assert timezone.is_aware(session.ends_at)


def test_the_step_is_built_once_per_room_change_and_rebuilt_when_it_moves(team_evening):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    session, host, member = team_evening["session"], team_evening["host"], team_evening["member"]
    phone = client_for(member)

    def fetch(expected: str) -> bool:
        """Whether the phone's request read the agenda's articles (built the step) to show it."""
        with CaptureQueriesContext(connection) as queries:
            assert expected in phone.get(_url("follow", session), {"part": 1}).content.decode()
        return any("regulations_regulationarticle" in q["sql"] for q in queries.captured_queries)

    client_for(host).post(_url("present", session), follow=True)  # the projector built the first step
    assert not fetch("第1条的条文：巡察工作要求1。")
    client_for(host).post(_url("control", session), {"action": "next"})
    assert fetch("第2条的条文：巡察工作要求2。")
    assert not fetch("第2条的条文：巡察工作要求2。")
