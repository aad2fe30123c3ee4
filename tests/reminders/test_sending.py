"""The e-mails: one per member with their new items, at most once per item per ISO week, a digest per round
to that round's managers only, nothing without mail, and the command's line."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from core import roles
from reminders.models import DigestSent, ReminderSent
from reminders.services import send_reminders
from tests.factories import UserFactory
from tests.reminders.factories import round_due_in, study

pytestmark = pytest.mark.django_db


def now():
    return timezone.now()


def test_a_member_behind_gets_one_mail_with_the_item_and_a_row_per_item():
    _round, module, _lesson, [user] = round_due_in(5)
    summary = send_reminders(now=now())
    assert summary.people_sent == 1 and summary.items_sent == 1
    [message] = mail.outbox
    assert message.to == [user.email] and "巡察工作条例" in message.body
    assert "/learning/" in message.body
    assert list(ReminderSent.objects.values_list("user", "key")) == [(user.pk, f"module:{module.pk}:not_started")]


def test_a_second_run_in_the_same_week_sends_nothing_and_the_next_week_sends_again():
    round_due_in(20)  # due in 20 days: fires with today+7 still within 14, not before
    first = now()
    _r, _m, _l, [user] = round_due_in(5)
    send_reminders(now=first)
    send_reminders(now=first)
    assert len(mail.outbox) == 1
    next_week = first + datetime.timedelta(days=7)
    send_reminders(now=next_week)
    to_user = [m for m in mail.outbox if m.to == [user.email]]
    assert len(to_user) == 2
    assert ReminderSent.objects.filter(user=user).count() == 2


def test_an_item_done_drops_out():
    _round, _module, lesson, [user] = round_due_in(5)
    study(user, lesson)
    summary = send_reminders(now=now())
    assert summary.members_behind == 0 and mail.outbox == []


def test_a_new_item_in_the_same_week_is_sent_alone():
    _round, module, _lesson, [user] = round_due_in(5, requires_recusal=True)
    send_reminders(now=now())
    assert ReminderSent.objects.filter(user=user).count() == 2  # the declaration and the module
    mail.outbox.clear()
    module.due_days_before_start = 10  # now past due: a new item, the overdue one
    module.save()
    send_reminders(now=now())
    [message] = mail.outbox
    assert "未完成" in message.subject or "未完成" in message.body
    assert ReminderSent.objects.filter(user=user, key=f"module:{module.pk}:overdue").exists()


def test_people_without_an_address_are_skipped_and_counted():
    round_due_in(5, members=2, email=False)
    summary = send_reminders(now=now())
    assert summary.no_email == 2 and mail.outbox == [] and not ReminderSent.objects.exists()


def test_the_digest_goes_to_that_rounds_managers_only_once_a_week():
    round_, _module, _lesson, [member] = round_due_in(5)
    other_round, _m, _l, _people = round_due_in(5)
    manager = UserFactory(role=roles.ADMINISTRATOR, email="manager@example.org")
    other_manager = UserFactory(role=roles.ADMINISTRATOR, email="other@example.org")
    round_.managers.add(manager)
    round_.save()  # a ParentalManyToManyField writes on save
    other_round.managers.add(other_manager)
    other_round.save()  # a ParentalManyToManyField writes on save
    UserFactory(role=roles.ADMINISTRATOR, email="bystander@example.org")  # sees every round, manages none
    send_reminders(now=now())
    digests = [m for m in mail.outbox if m.to == [manager.email]]
    assert len(digests) == 1 and member.get_full_name() in digests[0].body and round_.name in digests[0].subject
    assert not [m for m in mail.outbox if m.to == ["bystander@example.org"]]
    other = [m for m in mail.outbox if m.to == [other_manager.email]]
    assert len(other) == 1 and other_round.name in other[0].subject and round_.name not in other[0].body
    assert AuditEntry.objects.filter(action="reminders.digest_sent").count() == 2
    mail.outbox.clear()
    send_reminders(now=now())
    assert mail.outbox == [] and DigestSent.objects.count() == 2


def test_no_mail_configured_sends_nothing_but_the_home_page_still_shows(settings, client):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    _round, module, _lesson, [user] = round_due_in(5)
    summary = send_reminders(now=now())
    assert not summary.mail_configured and summary.members_behind == 1
    assert not ReminderSent.objects.exists()
    client.force_login(user)
    html = client.get("/").content.decode()
    assert 'data-testid="reminders"' in html and f'data-reminder="module:{module.pk}:not_started"' in html
    assert 'data-testid="next-step"' in html  # readiness's next step is still there


def test_a_failed_send_leaves_no_row_and_is_retried(monkeypatch):
    _round, _module, _lesson, [_user] = round_due_in(5)
    import reminders.services as services

    def refuse(*args, **kwargs):
        raise OSError("mail server down")

    monkeypatch.setattr(services, "send_mail", refuse)
    assert send_reminders(now=now()).failed == 1
    assert not ReminderSent.objects.exists()
    monkeypatch.undo()
    assert send_reminders(now=now()).people_sent == 1


def test_the_command_prints_a_chinese_summary():
    round_due_in(5)
    round_due_in(5, email=False)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    line = out.getvalue()
    assert "已向 1 人发送学习提醒" in line and "无邮箱未发送：1 人" in line


def test_the_command_says_when_mail_is_off(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
    round_due_in(5)
    out = StringIO()
    call_command("send_reminders", stdout=out)
    assert "未配置邮件" in out.getvalue()
