"""Which items fire, at the edges: due in 14 days vs 15, started vs not, past due, a declaration missing."""

import datetime

import pytest
from django.utils import timezone

from readiness.api import readiness_for_round
from reminders.rules import reminders_for
from tests.reminders.factories import round_due_in, sign, study

pytestmark = pytest.mark.django_db


def keys(round_, **kwargs):
    [readiness] = readiness_for_round(inspection_round=round_)
    return [r.key for r in reminders_for(readiness, today=timezone.localdate(), **kwargs)]


def test_a_module_due_in_14_days_not_started_fires():
    round_, module, _lesson, _people = round_due_in(14)
    assert keys(round_) == [f"module:{module.pk}:not_started"]


def test_a_module_due_in_15_days_does_not_fire_yet():
    round_, _module, _lesson, _people = round_due_in(15)
    assert keys(round_) == []


def test_the_window_is_a_setting(settings):
    round_, module, _lesson, _people = round_due_in(15)
    assert keys(round_, within_days=15) == [f"module:{module.pk}:not_started"]


def test_a_started_module_is_not_reminded_before_its_date():
    round_, module, lesson, [user] = round_due_in(3, lessons=2)
    assert keys(round_) == [f"module:{module.pk}:not_started"]
    study(user, lesson)  # one of two lessons: started, not complete
    assert keys(round_) == []


def test_a_module_past_due_and_not_complete_fires_as_overdue():
    round_, module, _lesson, _people = round_due_in(-1)
    [readiness] = readiness_for_round(inspection_round=round_)
    [reminder] = reminders_for(readiness, today=timezone.localdate())
    assert reminder.key == f"module:{module.pk}:overdue" and reminder.overdue
    assert reminder.due == timezone.localdate() - datetime.timedelta(days=1)


def test_a_complete_module_never_fires():
    for days in (-1, 3):
        round_, _module, lesson, [user] = round_due_in(days)
        study(user, lesson)
        assert keys(round_) == []


def test_a_missing_declaration_fires_and_a_signed_one_does_not():
    round_, _module, lesson, [user] = round_due_in(30, requires_recusal=True)
    study(user, lesson)
    assert keys(round_) == ["ack:recusal"]
    sign(user, "recusal", round_)
    assert keys(round_) == []


def test_the_declaration_links_to_its_form_with_its_due_date():
    round_, _module, _lesson, _people = round_due_in(30, requires_recusal=True)
    [readiness] = readiness_for_round(inspection_round=round_)
    [ack] = [r for r in reminders_for(readiness, today=timezone.localdate()) if r.key == "ack:recusal"]
    assert ack.url == "/declarations/recusal/" and ack.due == round_.starts_on and not ack.overdue
