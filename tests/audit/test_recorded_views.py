"""Each page or file with other people's data leaves exactly one entry: who, when, from where, what, whose."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditCategory, AuditEntry
from core import roles
from quizzes import services as quizzes
from quizzes import services_marking as marking
from quizzes.models import QuestionKind
from studysessions.models import Attendance, AttendanceStatus
from tests.audit.factories import signed_in
from tests.factories import UserFactory
from tests.quizzes.factories import QuestionFactory, QuizFactory
from tests.readiness.test_dashboard import build_round, complete, declare
from tests.studysessions.factories_attendance import team_evening

pytestmark = pytest.mark.django_db

ADDRESS = "10.20.30.40"


def only_entry(**expected) -> AuditEntry:
    entries = list(AuditEntry.objects.all())
    assert len(entries) == 1, [e.action for e in entries]
    entry = entries[0]
    for name, value in expected.items():
        assert getattr(entry, name) == value, name
    assert entry.address == ADDRESS
    assert timezone.now() - entry.at < timedelta(minutes=1)
    return entry


def people_of(entry) -> set[int]:
    return set(entry.people.values_list("pk", flat=True))


def test_the_round_dashboard_names_the_viewer_the_round_and_everyone_shown():
    data = build_round()
    declare(data["members"][0].user, "某某单位")  # recusal ties are what the office reads here
    client = signed_in(data["manager"])
    response = client.get(reverse("readiness:dashboard", args=[data["round"].pk]), REMOTE_ADDR=ADDRESS)
    assert response.status_code == 200
    entry = only_entry(
        category=AuditCategory.ACCESS,
        action="readiness.dashboard_viewed",
        actor=data["manager"],
        actor_name=data["manager"].username,
        object_type="rounds.inspectionround",
        object_id=str(data["round"].pk),
        subject=None,
    )
    assert people_of(entry) == {m.user_id for m in data["members"]}


def test_the_dashboard_export_is_an_export_entry_naming_everyone_in_the_file():
    data = build_round()
    complete(data["members"][0].user, data["lessons"])
    url = reverse("readiness:export", args=[data["round"].pk])
    assert signed_in(data["manager"]).post(url, REMOTE_ADDR=ADDRESS).status_code == 200
    entry = only_entry(
        category=AuditCategory.EXPORT,
        action="readiness.dashboard_exported",
        actor=data["manager"],
        object_id=str(data["round"].pk),
    )
    assert people_of(entry) == {m.user_id for m in data["members"]}


def test_a_refused_dashboard_leaves_no_entry():
    data = build_round()
    outsider = build_round()["manager"]
    assert signed_in(outsider).get(reverse("readiness:dashboard", args=[data["round"].pk])).status_code == 404
    assert not AuditEntry.objects.exists()


@pytest.fixture
def finished_attempt(trainee):
    quiz = QuizFactory(title="岗前测试", questions=[QuestionFactory(kind=QuestionKind.ESSAY, points=4)])
    attempt = quizzes.start_attempt(quiz=quiz, user=trainee)
    quizzes.save_answer(attempt=attempt, position=1, raw={"text": "先看会议记录。"})
    return quizzes.submit_attempt(attempt=attempt)


def test_the_marking_page_names_the_taker_as_whose_data(finished_attempt):
    marker = UserFactory(role=roles.ADMINISTRATOR)  # marks everyone's attempts (a 审核 only their rounds')
    url = reverse("quizzes_mark_attempt", args=[finished_attempt.pk])
    assert signed_in(marker).get(url, REMOTE_ADDR=ADDRESS).status_code == 200
    only_entry(
        category=AuditCategory.ACCESS,
        action="quizzes.attempt_marking_viewed",
        actor=marker,
        object_type="quizzes.attempt",
        object_id=str(finished_attempt.pk),
        subject=finished_attempt.user,
        subject_name=finished_attempt.user.username,
    )


def test_the_quiz_report_and_its_export_name_the_takers(finished_attempt):
    office = UserFactory(role=roles.ADMINISTRATOR)  # sees every taker's results
    quiz = finished_attempt.quiz
    answer = finished_attempt.answers.get()
    marks = [marking.Mark(answer_id=answer.pk, awarded=Decimal(3))]
    marking.mark_attempt(attempt=finished_attempt, marker=office, marks=marks, confirm=True)
    client = signed_in(office)
    assert client.get(reverse("quizzes_report", args=[quiz.pk]), REMOTE_ADDR=ADDRESS).status_code == 200
    viewed = only_entry(action="quizzes.report_viewed", category=AuditCategory.ACCESS, object_id=str(quiz.pk))
    assert people_of(viewed) == {finished_attempt.user_id}
    viewed.delete()
    assert client.post(reverse("quizzes_export_results", args=[quiz.pk]), REMOTE_ADDR=ADDRESS).status_code == 200
    exported = only_entry(
        action="quizzes.results_exported", category=AuditCategory.EXPORT, actor=office, object_type="quizzes.quiz"
    )
    assert people_of(exported) == {finished_attempt.user_id}


def test_the_printed_record_names_the_evening_and_everyone_on_its_sheet():
    ev = team_evening()
    Attendance.objects.create(
        session=ev.session, user=ev.members[0], status=AttendanceStatus.ABSENT, method="roster", reason="出差"
    )
    assert signed_in(ev.host).get(ev.url("record"), REMOTE_ADDR=ADDRESS).status_code == 200
    entry = only_entry(
        action="studysessions.record_viewed",
        actor=ev.host,
        object_type="studysessions.studysession",
        object_id=str(ev.session.pk),
    )
    assert entry.detail["evening"] in ev.url("record")
    assert people_of(entry) == {m.pk for m in ev.members}


def test_the_hosts_roster_and_minutes_each_leave_one_entry():
    ev = team_evening()
    client = signed_in(ev.host)
    assert client.get(ev.url("roster"), REMOTE_ADDR=ADDRESS).status_code == 200
    roster = only_entry(action="studysessions.roster_viewed", actor=ev.host, object_id=str(ev.session.pk))
    assert people_of(roster) == {m.pk for m in ev.members}
    roster.delete()
    assert client.get(ev.url("minutes"), REMOTE_ADDR=ADDRESS).status_code == 200
    only_entry(action="studysessions.minutes_viewed", actor=ev.host, object_id=str(ev.session.pk))


def test_a_participant_refused_the_record_leaves_no_entry():
    ev = team_evening()
    assert signed_in(ev.members[0]).get(ev.url("record")).status_code == 403
    assert signed_in(ev.members[0]).get(ev.url("roster")).status_code in (403, 404)
    assert not AuditEntry.objects.exists()
