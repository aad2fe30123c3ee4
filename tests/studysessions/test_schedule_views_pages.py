"""The schedule pages (my evenings, one evening) and the admin page that plans, cancels and moves evenings."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from core import roles
from studysessions.agenda.selectors import agenda_lines
from studysessions.models import (
    Attendance,
    AttendanceMethod,
    AttendanceStatus,
    SessionStatus,
    StudySeries,
    StudySession,
)
from studysessions.schedule import services
from tests.factories import RegulationIndexPageFactory, RegulationPageFactory, UserFactory, client_for
from tests.studysessions.factories import FIRST_TUESDAY, evening
from tests.studysessions.factories_calendar import at, daily_series_around_today, team_series, tomorrow, yesterday

pytestmark = pytest.mark.django_db


def key(series, slot) -> str:
    return f"{series.pk}-{int(slot.timestamp())}"


# --- my evenings ---------------------------------------------------------------------------------


def test_my_evenings_show_what_is_coming_with_cancellations_and_moves(trainee):
    series = daily_series_around_today(trainee, title="组内夜学", place="三楼会议室")
    services.cancel_session(session=evening(series, tomorrow()), note="与专题会冲突")
    day_after = tomorrow() + datetime.timedelta(days=1)
    services.move_session(
        session=evening(series, day_after),
        starts_at=day_after + datetime.timedelta(hours=-4),
        ends_at=day_after + datetime.timedelta(hours=-2),
        note="提前到下午",
    )
    team_series(UserFactory(), title="别组夜学")
    response = client_for(trainee).get(reverse("studysessions:list"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "组内夜学" in content and "三楼会议室" in content
    assert "别组夜学" not in content
    assert "与专题会冲突" in content and "<s>" in content
    assert "提前到下午" in content
    assert reverse("studysessions:detail", args=[key(series, tomorrow())]) in content
    upcoming = {e.occurrence.slot_start: e for e in response.context["upcoming"]}
    assert (
        upcoming[tomorrow()].occurrence.cancelled
        and not upcoming[tomorrow() + datetime.timedelta(days=2)].occurrence.cancelled
    )


def test_past_evenings_show_my_attendance_and_a_make_up_link_where_i_was_absent(trainee):
    series = daily_series_around_today(trainee)
    before = yesterday() - datetime.timedelta(days=1)
    for slot, status in ((yesterday(), AttendanceStatus.ABSENT), (before, AttendanceStatus.LATE)):
        Attendance.objects.create(
            session=evening(series, slot), user=trainee, status=status, method=AttendanceMethod.ROSTER
        )
    response = client_for(trainee).get(reverse("studysessions:list"))
    past = {e.occurrence.slot_start: e for e in response.context["past"]}
    assert past[yesterday()].missed and not past[before].missed
    content = response.content.decode()
    assert reverse("studysessions:make_up", args=[key(series, yesterday())]) in content
    assert reverse("studysessions:make_up", args=[key(series, before)]) not in content


def test_the_list_reads_a_few_queries_whatever_the_number_of_evenings(trainee, django_assert_max_num_queries):
    series = daily_series_around_today(trainee)
    for days in range(1, 6):
        session = evening(series, yesterday() - datetime.timedelta(days=days))
        Attendance.objects.create(
            session=session, user=trainee, status=AttendanceStatus.PRESENT, method=AttendanceMethod.QR
        )
    client = client_for(trainee)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("studysessions:list")).status_code == 200


def test_the_list_needs_a_login():
    assert Client().get(reverse("studysessions:list")).status_code == 302


# --- one evening ---------------------------------------------------------------------------------


def test_a_participant_sees_the_evening_and_no_host_links(trainee):
    series = daily_series_around_today(trainee, place="三楼会议室")
    evening(series, tomorrow(), agenda=[("discussion", {"questions": ["村级巡察从哪里入手？"]})])
    response = client_for(trainee).get(reverse("studysessions:detail", args=[key(series, tomorrow())]))
    assert response.status_code == 200
    content = response.content.decode()
    assert "三楼会议室" in content
    assert reverse("studysessions:present", args=[key(series, tomorrow())]) not in content
    assert reverse("studysessions:roster", args=[key(series, tomorrow())]) not in content


def test_the_host_sees_projector_roster_minutes_and_record_links_before_the_row_exists():
    host = UserFactory(first_name="王主持")
    series = daily_series_around_today(host=host)
    k = key(series, tomorrow())
    response = client_for(host).get(reverse("studysessions:detail", args=[k]))
    assert response.status_code == 200
    content = response.content.decode()
    for name in ("present", "roster", "minutes", "record"):
        assert reverse(f"studysessions:{name}", args=[k]) in content
    assert "王主持" in content
    assert not StudySession.objects.exists()


def test_a_running_evening_offers_following_the_projector(trainee):
    series = daily_series_around_today(trainee)
    session = evening(series, tomorrow())
    session.opened_at = tomorrow()
    session.save()
    k = key(series, tomorrow())
    content = client_for(trainee).get(reverse("studysessions:detail", args=[k])).content.decode()
    assert reverse("studysessions:follow", args=[k]) in content


def test_someone_elses_evening_is_not_found(trainee):
    series = daily_series_around_today(UserFactory())
    response = client_for(trainee).get(reverse("studysessions:detail", args=[key(series, tomorrow())]))
    assert response.status_code == 404


def test_a_key_that_is_no_evening_is_not_found(trainee):
    series = daily_series_around_today(trainee)
    off_slot = tomorrow() + datetime.timedelta(minutes=5)
    assert client_for(trainee).get(reverse("studysessions:detail", args=[key(series, off_slot)])).status_code == 404


def test_the_agenda_lines_name_the_article_range_as_labels():
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title="条例（示例）")
    series = team_series()
    session = evening(
        series, at(FIRST_TUESDAY), agenda=[("articles", {"regulation": regulation, "first": 6, "last": 10})]
    )
    [line] = agenda_lines(session)
    assert (line.heading, line.labels) == ("条例（示例）", ("第六条–第十条",))


# --- admin: the evenings of a series -------------------------------------------------------------


@pytest.fixture
def editor_client(editor) -> Client:
    return client_for(editor)


def test_editors_see_the_next_and_last_evenings_of_a_series(editor_client):
    series = daily_series_around_today(title="组内夜学")
    response = editor_client.get(reverse("studysessions_admin_series_evenings", args=[series.pk]))
    assert response.status_code == 200
    assert len(response.context["upcoming"]) == 12 and len(response.context["past"]) == 12
    # Today's evening is in one list or the other depending on the hour; tomorrow's and yesterday's are not.
    assert tomorrow() in [o.slot_start for o in response.context["upcoming"][:2]]
    assert yesterday() in [o.slot_start for o in response.context["past"][:2]]
    listing = editor_client.get(reverse(StudySeries.snippet_viewset.get_url_name("list")))
    assert reverse("studysessions_admin_series_evenings", args=[series.pk]) in listing.content.decode()


def test_planning_an_evening_makes_its_row_and_opens_its_edit_form(editor_client):
    series = daily_series_around_today()
    url = reverse("studysessions_admin_series_evenings", args=[series.pk])
    response = editor_client.post(url, {"key": key(series, tomorrow())})
    session = StudySession.objects.get(series=series, slot_start=tomorrow())
    assert response.status_code == 302
    assert response["Location"] == reverse(StudySession.snippet_viewset.get_url_name("edit"), args=[session.pk])
    assert editor_client.get(response["Location"]).status_code == 200


def test_planning_a_time_the_series_does_not_have_is_refused(editor_client):
    series = daily_series_around_today()
    url = reverse("studysessions_admin_series_evenings", args=[series.pk])
    response = editor_client.post(url, {"key": key(series, tomorrow() + datetime.timedelta(minutes=1))})
    assert response.status_code == 302 and response["Location"] == url
    assert not StudySession.objects.exists()


def test_cancelling_an_evening_with_a_note(editor_client):
    series = daily_series_around_today()
    url = reverse("studysessions_admin_evening", args=[key(series, tomorrow())])
    assert editor_client.get(url).status_code == 200
    response = editor_client.post(url, {"action": "cancel", "note": "与专题会冲突"})
    assert response.status_code == 302
    session = StudySession.objects.get(series=series, slot_start=tomorrow())
    assert (session.status, session.change_note) == (SessionStatus.CANCELLED, "与专题会冲突")


def test_moving_an_evening(editor_client):
    series = daily_series_around_today()
    url = reverse("studysessions_admin_evening", args=[key(series, tomorrow())])
    day = tomorrow().date() + datetime.timedelta(days=1)
    response = editor_client.post(
        url, {"action": "move", "date": day.isoformat(), "start": "14:30", "end": "16:30", "note": "改到下午"}
    )
    assert response.status_code == 302
    session = StudySession.objects.get(series=series, slot_start=tomorrow())
    assert session.starts_at == at(day, 14, 30) and session.ends_at == at(day, 16, 30)
    assert session.change_note == "改到下午"


def test_a_move_that_ends_before_it_starts_is_refused_and_writes_nothing(editor_client):
    series = daily_series_around_today()
    url = reverse("studysessions_admin_evening", args=[key(series, tomorrow())])
    day = tomorrow().date()
    response = editor_client.post(url, {"action": "move", "date": day.isoformat(), "start": "21:00", "end": "19:00"})
    assert response.status_code == 200
    assert response.context["move_form"].errors
    assert not StudySession.objects.exists()


def test_an_evening_that_took_place_cannot_be_cancelled(editor_client):
    series = daily_series_around_today()
    session = evening(series, yesterday())
    session.closed_at = yesterday() + datetime.timedelta(hours=2)
    session.save()
    url = reverse("studysessions_admin_evening", args=[key(series, yesterday())])
    response = editor_client.post(url, {"action": "cancel", "note": "x"}, follow=True)
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    session.refresh_from_db()
    assert session.status == SessionStatus.SCHEDULED


def test_an_admin_can_use_it_too():
    admin = UserFactory(role=roles.ADMINISTRATOR)
    series = daily_series_around_today()
    assert client_for(admin).get(reverse("studysessions_admin_series_evenings", args=[series.pk])).status_code == 200


def test_trainees_are_kept_out(trainee_client):
    series = daily_series_around_today()
    assert trainee_client.get(reverse("studysessions_admin_series_evenings", args=[series.pk])).status_code == 403
    url = reverse("studysessions_admin_evening", args=[key(series, tomorrow())])
    assert trainee_client.post(url, {"action": "cancel"}).status_code == 403
    assert not StudySession.objects.exists()
