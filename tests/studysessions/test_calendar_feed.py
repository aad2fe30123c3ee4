"""The private iCalendar feed: parsed back with the icalendar package, times, cancellations, revocation,
and nobody else's series in it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from studysessions.calendar_feed.selectors import build_feed
from studysessions.calendar_feed.services import ensure_feed
from studysessions.models import CalendarFeed
from studysessions.schedule import services
from tests.factories import RegulationArticleFactory, RegulationIndexPageFactory, RegulationPageFactory, UserFactory
from tests.studysessions.factories import FIRST_TUESDAY, StudySeriesFactory, evening
from tests.studysessions.factories_calendar import SHANGHAI, at, team_series

pytestmark = pytest.mark.django_db

NOW = at(FIRST_TUESDAY, 9, 0)


def parse(body: bytes) -> list:
    return list(Calendar.from_ical(body).walk("VEVENT"))


def build(user) -> list:
    return parse(build_feed(user=user, now=NOW, url_for=lambda key: f"https://xuncha.test/sessions/{key}/"))


def test_the_feed_is_a_calendar_with_one_event_per_evening_at_half_past_seven_shanghai_time():
    member = UserFactory()
    series = team_series(member, title="周二周四夜学", place="三楼会议室")
    parsed = Calendar.from_ical(build_feed(user=member, now=NOW, url_for=lambda key: f"https://xuncha.test/{key}/"))
    assert str(parsed["VERSION"]) == "2.0"
    assert str(parsed["X-WR-CALNAME"]) == "巡察学堂夜学"
    assert parsed.get("PRODID")
    events = list(parsed.walk("VEVENT"))
    # Tuesdays and Thursdays from 2026-11-03 to 180 days ahead.
    assert len(events) == 52
    first = events[0]
    start = first.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(0)
    assert start.astimezone(SHANGHAI) == at(FIRST_TUESDAY)
    assert first.decoded("DTEND").astimezone(SHANGHAI) == at(FIRST_TUESDAY, 21, 30)
    key = f"{series.pk}-{int(at(FIRST_TUESDAY).timestamp())}"
    assert str(first["UID"]) == f"{key}@xuncha"
    assert str(first["SUMMARY"]) == "周二周四夜学"
    assert str(first["LOCATION"]) == "三楼会议室"
    assert f"https://xuncha.test/{key}/" in str(first["DESCRIPTION"])
    assert str(first["STATUS"]) == "CONFIRMED"
    assert first.decoded("SEQUENCE") == 0


def test_a_cancelled_evening_stays_in_the_feed_as_cancelled_and_a_moved_one_keeps_its_uid():
    member = UserFactory()
    series = team_series(member)
    cancelled = evening(series, at(FIRST_TUESDAY))
    services.cancel_session(session=cancelled, note="与专题会冲突")
    moved = evening(series, at(FIRST_TUESDAY + datetime.timedelta(days=2)))
    services.move_session(
        session=moved,
        starts_at=at(FIRST_TUESDAY + datetime.timedelta(days=3), 15, 0),
        ends_at=at(FIRST_TUESDAY + datetime.timedelta(days=3), 17, 0),
        note="改到周五下午",
    )
    events = {str(e["UID"]): e for e in build(member)}
    first = events[f"{series.pk}-{int(at(FIRST_TUESDAY).timestamp())}@xuncha"]
    assert str(first["STATUS"]) == "CANCELLED"
    assert "与专题会冲突" in str(first["DESCRIPTION"])
    assert first.decoded("SEQUENCE") >= 1
    second = events[f"{series.pk}-{int(moved.slot_start.timestamp())}@xuncha"]
    assert second.decoded("DTSTART").astimezone(SHANGHAI) == at(FIRST_TUESDAY + datetime.timedelta(days=3), 15, 0)
    assert str(second["STATUS"]) == "CONFIRMED"
    assert second.decoded("SEQUENCE") >= 1
    assert "改到周五下午" in str(second["DESCRIPTION"])


def test_the_description_lists_the_agenda_with_the_article_range():
    member = UserFactory()
    series = team_series(member)
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="巡察工作条例（示例）")
    for n in range(1, 6):
        RegulationArticleFactory(regulation=regulation, number=n, ordinal=n)
    evening(
        series,
        at(FIRST_TUESDAY),
        agenda=[
            ("articles", {"regulation": regulation, "first": 1, "last": 5}),
            ("talk", {"speaker": "张组长", "topic": "下沉一级谈话", "notes": ""}),
        ],
    )
    description = str(build(member)[0]["DESCRIPTION"])
    assert "巡察工作条例（示例） 第一条–第五条" in description
    assert "下沉一级谈话（张组长）" in description


def test_another_persons_series_is_not_in_my_feed():
    me, other = UserFactory(), UserFactory()
    mine = team_series(me, title="我的夜学")
    team_series(other, title="别人的夜学")
    summaries = {str(e["SUMMARY"]) for e in build(me)}
    assert summaries == {mine.title}


def test_an_everyone_series_and_one_i_host_are_in_my_feed():
    me = UserFactory()
    StudySeriesFactory(title="全体夜学", weekdays="TU")
    StudySeriesFactory(title="我主持的", weekdays="TH", host=me, audience="team", team=team_series().team)
    assert {str(e["SUMMARY"]) for e in build(me)} >= {"全体夜学", "我主持的"}


def test_the_feed_url_works_without_a_login_and_records_the_fetch():
    member = UserFactory()
    team_series(member, title="组内夜学")
    feed = ensure_feed(user=member)
    response = Client().get(reverse("studysessions:feed", args=[feed.token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    events = parse(response.content)
    assert events and {str(e["SUMMARY"]) for e in events} == {"组内夜学"}
    assert "http://testserver/sessions/" in str(events[0]["URL"])
    feed.refresh_from_db()
    assert feed.last_fetched_at is not None


def test_a_wrong_token_is_a_404():
    assert Client().get(reverse("studysessions:feed", args=["not-a-token"])).status_code == 404


def test_regenerating_revokes_the_old_url(trainee_client, trainee):
    page = trainee_client.get(reverse("studysessions:calendar"))
    assert page.status_code == 200 and b'data-testid="make-feed"' in page.content
    assert not CalendarFeed.objects.exists()  # a GET makes no address
    trainee_client.post(reverse("studysessions:calendar"), {"action": "create"})
    page = trainee_client.get(reverse("studysessions:calendar"))
    old = CalendarFeed.objects.get(user=trainee).token
    content = page.content.decode()
    assert f"webcal://testserver/sessions/feed/{old}.ics" in content
    assert f"http://testserver/sessions/feed/{old}.ics" in content

    response = trainee_client.post(reverse("studysessions:calendar"))
    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=trainee).token
    assert new != old
    assert Client().get(reverse("studysessions:feed", args=[old])).status_code == 404
    assert Client().get(reverse("studysessions:feed", args=[new])).status_code == 200


def test_asking_for_the_address_twice_keeps_the_same_address(trainee_client, trainee):
    trainee_client.post(reverse("studysessions:calendar"), {"action": "create"})
    token = CalendarFeed.objects.get(user=trainee).token
    trainee_client.post(reverse("studysessions:calendar"), {"action": "create"})
    trainee_client.get(reverse("studysessions:calendar"))
    assert list(CalendarFeed.objects.filter(user=trainee).values_list("token", flat=True)) == [token]


def test_the_calendar_settings_need_a_login():
    response = Client().get(reverse("studysessions:calendar"))
    assert response.status_code == 302


def test_a_deactivated_persons_feed_stops_working():
    member = UserFactory()
    feed = ensure_feed(user=member)
    member.is_active = False
    member.save()
    assert Client().get(reverse("studysessions:feed", args=[feed.token])).status_code == 404
