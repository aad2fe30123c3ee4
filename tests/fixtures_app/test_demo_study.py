"""The demo evening study series (示例): a weekly series for the demo round with held evenings (agenda over
the regulation in order, attendance, minutes), one planned and one cancelled ahead, loaded once."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from fixtures.demo import study
from fixtures.demo.round import ROUND
from fixtures.loader import load_demo_content
from fixtures.quiz_loader import edition_in_force
from fixtures.study_loader import load_demo_study
from regulations.models import RegulationPage
from studysessions.models import Attendance, AttendanceStatus, SessionStatus, StudySeries, StudySession
from studysessions.my_evenings.selectors import evenings_for_user


@pytest.fixture
def series(demo, db):
    return StudySeries.objects.get(title=study.SERIES["title"])


def test_the_series_is_every_tuesday_for_the_demo_round_hosted_by_the_demo_editor(series):
    assert "示例" in series.title and "示例" in series.place
    assert series.weekdays == "TU"
    assert series.round.name == ROUND["name"]
    assert series.host.username == "bianji"
    assert (timezone.localdate() - series.first_date).days == 7 * study.SERIES["weeks_back"]


def test_past_evenings_went_through_the_articles_in_order_and_were_held(series):
    now = timezone.now()
    held = list(StudySession.objects.filter(series=series, ends_at__lte=now).order_by("slot_start"))
    assert len(held) >= 5
    ranges = [(s.agenda[0].value["first"], s.agenda[0].value["last"]) for s in held]
    assert ranges[:3] == [(1, 5), (6, 10), (11, 15)]
    regulation = RegulationPage.objects.get(title__startswith="某县党委巡察工作实施办法", revises__isnull=True)
    assert held[0].agenda[0].value["regulation"].pk == edition_in_force(regulation).pk
    for session in held:
        assert session.closed_at is not None and "示例" in session.minutes
        assert [b.block_type for b in session.agenda] == ["articles", "discussion", "talk", "quiz"]
        assert session.agenda[3].value["quiz"].slug == "demo-evening-session"


def test_attendance_has_present_late_and_absent_with_a_reason(series):
    rows = Attendance.objects.filter(session__series=series)
    statuses = set(rows.values_list("status", flat=True))
    assert statuses == {AttendanceStatus.PRESENT, AttendanceStatus.LATE, AttendanceStatus.ABSENT}
    assert all(row.reason for row in rows.filter(status=AttendanceStatus.ABSENT))


def test_the_demo_trainee_missed_the_last_evening_and_is_offered_a_make_up(series, client):
    trainee = get_user_model().objects.get(username="xueyuan")
    _upcoming, past = evenings_for_user(user=trainee, now=timezone.now())
    mine = [e for e in past if e.occurrence.series == series]
    assert mine[0].missed and mine[0].attendance.status == AttendanceStatus.ABSENT
    assert not any(e.missed for e in mine[1:])
    client.force_login(trainee)
    content = client.get(reverse("studysessions:list")).content.decode()
    assert reverse("studysessions:make_up", args=[mine[0].key]) in content


def test_one_evening_ahead_is_planned_and_the_next_is_cancelled_with_a_note(series):
    ahead = list(StudySession.objects.filter(series=series, ends_at__gt=timezone.now()).order_by("slot_start"))
    assert len(ahead) == 2
    planned, cancelled = ahead
    assert planned.status == SessionStatus.SCHEDULED and planned.agenda
    assert cancelled.status == SessionStatus.CANCELLED and cancelled.change_note == study.CANCELLED_NOTE


def test_loading_again_changes_nothing(series):
    before = (StudySession.objects.count(), Attendance.objects.count())
    assert not any("study series" in line for line in load_demo_content().created)
    regulation = RegulationPage.objects.filter(revises__isnull=True).first()
    assert load_demo_study(regulation=regulation) == []
    assert StudySeries.objects.filter(title=study.SERIES["title"]).count() == 1
    assert (StudySession.objects.count(), Attendance.objects.count()) == before
