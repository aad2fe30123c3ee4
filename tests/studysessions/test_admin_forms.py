"""The admin's 夜学 forms: an evening's minutes only for those who may read its record (B), and a series planned
without a host that an administrator appoints later (C)."""

import datetime
import json

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from icalendar import Calendar
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from audit.models import AuditEntry
from core import roles
from studysessions.calendar_feed.selectors import build_feed
from studysessions.models import StudySeries, StudySession
from studysessions.reminders import services as reminders
from studysessions.schedule.occurrences import occurrence_for_key
from studysessions.schedule.selectors import can_host
from tests.factories import UserFactory, client_for
from tests.rounds.factories import InspectionRoundFactory
from tests.studysessions.factories import FIRST_TUESDAY, StudySeriesFactory, evening
from tests.studysessions.factories_calendar import at, daily_series_around_today, team_series, tomorrow

pytestmark = pytest.mark.django_db

PENDING = "待管理员指定主持人"
SECRET = "讨论了某某同志的回避情况"
SECRET_MINUTES = f"<p>{SECRET}</p>"


def shows_minutes(response) -> bool:
    """Whether the admin page carries the minutes field (its Draftail panel) or their text, raw or escaped
    as the editor's JSON holds it."""
    content = response.content.decode()
    return (
        "minutes" in response.context["form"].fields
        or '"fieldName": "minutes"' in content
        or SECRET in content
        or json.dumps(SECRET)[1:-1] in content
    )


def _url(model, action, *args) -> str:
    return reverse(model.snippet_viewset.get_url_name(action), args=args)


def key(series, slot) -> str:
    return f"{series.pk}-{int(slot.timestamp())}"


# --- B: an evening's minutes -------------------------------------------------------------------------------


def _evening_with_minutes(**series_fields):
    series = StudySeriesFactory(**series_fields)
    session = evening(series, at(FIRST_TUESDAY))
    session.minutes = SECRET_MINUTES
    session.save()
    return session


def _evening_data(session, **extra) -> dict:
    local = timezone.localtime
    data = nested_form_data(
        {
            "starts_at": local(session.starts_at).strftime("%Y-%m-%d %H:%M"),
            "ends_at": local(session.ends_at).strftime("%Y-%m-%d %H:%M"),
            "status": session.status,
            "change_note": "",
            "place": "新会议室",
            "agenda": streamfield([]),
        }
    )
    return {**data, **extra}


def test_a_planner_who_may_not_read_the_record_never_sees_the_minutes():
    session = _evening_with_minutes()
    editor = UserFactory(role=roles.EDITOR)
    client = client_for(editor)
    page = client.get(_url(StudySession, "edit", session.pk))
    assert page.status_code == 200
    assert not shows_minutes(page)


def test_an_evening_is_never_made_from_a_blank_or_copied_form():
    """Each evening is one slot of its series (made from the series' evenings page): the snippet's add
    address sends the planner to the series, and there is no copy."""
    session = _evening_with_minutes()
    client = client_for(UserFactory(role=roles.ADMINISTRATOR))
    for method in ("get", "post"):
        response = getattr(client, method)(_url(StudySession, "add"), _evening_data(session))
        assert response.status_code == 302
        assert response.url == _url(StudySeries, "list")
    assert StudySession.objects.count() == 1
    with pytest.raises(NoReverseMatch):
        _url(StudySession, "copy", session.pk)


def test_a_planner_cannot_change_the_minutes_but_still_plans_the_evening():
    session = _evening_with_minutes()
    client = client_for(UserFactory(role=roles.EDITOR))
    refused = client.post(
        _url(StudySession, "edit", session.pk), _evening_data(session, minutes=rich_text("改写的纪要"))
    )
    assert refused.status_code == 200 and "纪要" in refused.content.decode()
    session.refresh_from_db()
    assert session.minutes == SECRET_MINUTES and session.place == ""

    saved = client.post(_url(StudySession, "edit", session.pk), _evening_data(session))
    assert saved.status_code == 302
    session.refresh_from_db()
    assert session.place == "新会议室" and session.minutes == SECRET_MINUTES


@pytest.mark.parametrize("who", ["host", "round manager", "administrator"])
def test_those_who_read_the_record_see_and_edit_the_minutes(who):
    inspection_round = InspectionRoundFactory()
    host = UserFactory(role=roles.EDITOR)
    session = _evening_with_minutes(host=host, audience="round", round=inspection_round)
    if who == "host":
        person = host
    elif who == "round manager":
        person = UserFactory(role=roles.EDITOR)
        inspection_round.managers.add(person)
        inspection_round.save()
    else:
        person = UserFactory(role=roles.ADMINISTRATOR)
    client = client_for(person)
    page = client.get(_url(StudySession, "edit", session.pk))
    assert shows_minutes(page) and json.dumps(SECRET)[1:-1] in page.content.decode()
    data = _evening_data(session, minutes=rich_text("补充后的纪要"))
    if who == "administrator":
        data["host"] = host.pk  # 管理员 sees the host field too; the evening keeps the series' host
    response = client.post(_url(StudySession, "edit", session.pk), data)
    assert response.status_code == 302
    session.refresh_from_db()
    assert "补充后的纪要" in session.minutes


# --- C: a series without a host ---------------------------------------------------------------------------


def _series_data(**extra) -> dict:
    return {
        "title": "待定主持的夜学",
        "place": "三楼会议室",
        "audience": "everyone",
        "round": "",
        "team": "",
        "weekdays": ["TU", "TH"],
        "interval_weeks": 1,
        "first_date": FIRST_TUESDAY.isoformat(),
        "last_date": "",
        "start_time": "19:30",
        "end_time": "21:30",
        "reminder_hours": 6,
        **extra,
    }


def test_an_editor_plans_a_series_without_a_host_and_the_admin_pages_say_one_is_awaited():
    client = client_for(UserFactory(role=roles.EDITOR))
    response = client.post(_url(StudySeries, "add"), _series_data())
    assert response.status_code == 302
    series = StudySeries.objects.get(title="待定主持的夜学")
    assert series.host is None
    assert not AuditEntry.objects.filter(action="studysessions.host_changed").exists()

    listing = client.get(_url(StudySeries, "list")).content.decode()
    assert "待定主持的夜学" in listing and PENDING in listing
    page = client.get(reverse("studysessions_admin_series_evenings", args=[series.pk]))
    assert page.status_code == 200 and PENDING in page.content.decode()


def test_an_editor_still_cannot_name_a_host_on_a_new_series():
    editor = UserFactory(role=roles.EDITOR)
    response = client_for(editor).post(_url(StudySeries, "add"), _series_data(host=editor.pk))
    assert response.status_code == 200 and "只有管理员" in response.content.decode()
    assert not StudySeries.objects.exists()


def test_the_administrator_appoints_the_host_later_and_it_is_audited():
    series = StudySeriesFactory(host=None)
    host = UserFactory(username="appointed-host")
    data = _series_data(title=series.title, host=host.pk)
    response = client_for(UserFactory(role=roles.ADMINISTRATOR)).post(_url(StudySeries, "edit", series.pk), data)
    assert response.status_code == 302
    assert StudySeries.objects.get(pk=series.pk).host_id == host.pk
    entry = AuditEntry.objects.get(action="studysessions.host_changed")
    assert entry.detail == {"added": ["appointed-host"], "removed": []}


def test_nobody_but_an_administrator_runs_an_evening_without_a_host(trainee):
    series = daily_series_around_today(trainee, host=None)
    k = key(series, tomorrow())
    occurrence = occurrence_for_key(key=k)
    assert occurrence.host_id is None
    assert not can_host(occurrence=occurrence, user=trainee)
    assert not can_host(occurrence=occurrence, user=UserFactory(role=roles.EDITOR))
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    assert can_host(occurrence=occurrence, user=administrator)

    detail = client_for(trainee).get(reverse("studysessions:detail", args=[k]))
    assert detail.status_code == 200 and PENDING in detail.content.decode()
    assert reverse("studysessions:present", args=[k]) not in detail.content.decode()
    assert client_for(trainee).get(reverse("studysessions:present", args=[k])).status_code in (403, 404)
    assert client_for(administrator).get(reverse("studysessions:present", args=[k])).status_code == 200
    record = client_for(administrator).get(reverse("studysessions:record", args=[k]))
    assert record.status_code == 200 and PENDING in record.content.decode()


def test_the_calendar_and_reminders_work_without_a_host():
    member = UserFactory(email="member@xuncha.test")
    series = team_series(member, host=None, title="无主持夜学")
    events = list(Calendar.from_ical(build_feed(user=member, now=at(FIRST_TUESDAY, 9, 0), url_for=str)).walk("VEVENT"))
    assert events and str(events[0]["SUMMARY"]) == "无主持夜学"
    assert reminders.send_due_reminders(now=at(FIRST_TUESDAY) - datetime.timedelta(hours=5)) == 1
    assert StudySession.objects.filter(series=series).count() <= 1
