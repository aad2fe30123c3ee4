"""Reminder e-mails: sent once per person and evening, only within the series' reminder hours, never for a
cancelled evening, and a command a timer can run."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

from studysessions.models import SessionReminder, StudySession
from studysessions.reminders import services as reminders
from studysessions.schedule import services
from tests.factories import UserFactory
from tests.studysessions.factories import FIRST_TUESDAY, evening
from tests.studysessions.factories_calendar import at, team_series

pytestmark = pytest.mark.django_db

EVENING = at(FIRST_TUESDAY)  # 19:30; the series' default reminder is 6 hours before


def member(name="张三"):
    return UserFactory(first_name=name, email=f"{name}@xuncha.test")


@override_settings(WAGTAILADMIN_BASE_URL="https://xuncha.example/")
def test_each_member_with_an_address_gets_one_reminder_and_a_second_run_sends_nothing():
    a, b, no_address = member("张三"), member("李四"), UserFactory(email="")
    series = team_series(a, b, no_address, title="周二夜学", place="三楼会议室")
    now = EVENING - datetime.timedelta(hours=5)

    assert reminders.send_due_reminders(now=now) == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["张三@xuncha.test", "李四@xuncha.test"]
    message = mail.outbox[0]
    assert "周二夜学" in message.subject
    assert "三楼会议室" in message.body
    session = StudySession.objects.get(series=series, slot_start=EVENING)
    key = f"{series.pk}-{int(EVENING.timestamp())}"
    assert f"https://xuncha.example/sessions/{key}/" in message.body
    assert "19:30" in message.body
    assert SessionReminder.objects.filter(session=session).count() == 2

    assert reminders.send_due_reminders(now=now + datetime.timedelta(minutes=10)) == 0
    assert len(mail.outbox) == 2


def test_nothing_is_sent_before_the_reminder_window_or_after_the_start():
    team_series(member())
    assert reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=6, minutes=1)) == 0
    assert reminders.send_due_reminders(now=EVENING + datetime.timedelta(minutes=1)) == 0
    assert mail.outbox == []
    # Nothing to send, nothing stored: the evening got no row.
    assert not StudySession.objects.exists()


def test_the_edge_of_the_window_is_included():
    team_series(member())
    assert reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=6)) == 1


def test_a_cancelled_evening_sends_no_reminder():
    series = team_series(member())
    services.cancel_session(session=evening(series, EVENING), note="停电")
    assert reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=1)) == 0
    assert mail.outbox == []


def test_a_series_without_reminders_sends_none():
    team_series(member(), reminder_hours=0)
    assert reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=1)) == 0


def test_a_moved_evening_is_reminded_at_its_new_time():
    series = team_series(member())
    moved_to = EVENING + datetime.timedelta(days=1)
    services.move_session(
        session=evening(series, EVENING), starts_at=moved_to, ends_at=moved_to + datetime.timedelta(hours=2)
    )
    assert reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=1)) == 0
    assert reminders.send_due_reminders(now=moved_to - datetime.timedelta(hours=1)) == 1


def test_the_agenda_is_in_the_reminder():
    series = team_series(member())
    evening(series, EVENING, agenda=[("talk", {"speaker": "王组长", "topic": "如何调阅账目", "notes": ""})])
    reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=1))
    assert "如何调阅账目（王组长）" in mail.outbox[0].body


def test_someone_not_in_the_audience_gets_nothing():
    team_series(member("张三"))
    member("局外人")
    reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [["张三@xuncha.test"]]


def test_a_failed_send_is_not_recorded_and_is_retried(monkeypatch):
    team_series(member())

    def broken(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    assert reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=1)) == 0
    assert not SessionReminder.objects.exists()
    monkeypatch.undo()
    assert reminders.send_due_reminders(now=EVENING - datetime.timedelta(hours=1)) == 1


def test_the_command_reports_how_many_were_sent(monkeypatch):
    team_series(member())
    monkeypatch.setattr("django.utils.timezone.now", lambda: EVENING - datetime.timedelta(hours=2))
    out = StringIO()
    call_command("send_session_reminders", stdout=out)
    assert "1" in out.getvalue()
    assert len(mail.outbox) == 1
