"""What an evening leaves: attendees' study history, the minutes, the printed record."""

import datetime

import pytest

from core import roles
from courses.models import CompletionRecord
from reviews.models import ReviewCard
from studysessions.history import services as history
from studysessions.models import Attendance, AttendanceStatus, MakeUp, SessionStatus
from tests.factories import UserFactory, client_for
from tests.studysessions.factories_attendance import END, START, grant, team_evening

pytestmark = pytest.mark.django_db


def attend(ev, n, status, **extra):
    return Attendance.objects.create(session=ev.session, user=ev.members[n], status=status, method="roster", **extra)


def studied() -> set:
    return set(CompletionRecord.objects.values_list("user_id", "item_id"))


def test_attendees_get_the_articles_shown_up_to_the_furthest_step_once():
    ev = team_evening(articles=4)
    attend(ev, 0, AttendanceStatus.PRESENT)
    attend(ev, 1, AttendanceStatus.LATE)
    attend(ev, 2, AttendanceStatus.ABSENT, reason="出差")
    ev.session.opened_at = START
    ev.session.furthest_step = 1  # the host got through two articles, then went back
    ev.session.current_step = 0
    ev.session.closed_at = END
    ev.session.save()
    assert history.record_session(session=ev.session, now=END) == 4
    covered = ev.articles[:2]
    assert studied() == {(m.pk, a.pk) for m in ev.members[:2] for a in covered}
    assert set(ReviewCard.objects.values_list("user_id", "article_id")) == studied()
    assert history.record_session(session=ev.session, now=END + datetime.timedelta(days=1)) == 0
    assert CompletionRecord.objects.count() == 4


def test_an_evening_run_without_the_projector_covers_its_whole_agenda():
    ev = team_evening(articles=3)
    attend(ev, 0, AttendanceStatus.PRESENT)
    assert history.record_session(session=ev.session, now=END) == 3
    assert studied() == {(ev.members[0].pk, a.pk) for a in ev.articles}


def test_a_cancelled_evening_records_nothing():
    ev = team_evening()
    attend(ev, 0, AttendanceStatus.PRESENT)
    ev.session.status = SessionStatus.CANCELLED
    ev.session.save()
    assert history.record_session(session=ev.session, now=END) == 0
    assert not CompletionRecord.objects.exists()


def test_minutes_are_kept_as_escaped_paragraphs_and_edited_as_text():
    ev = team_evening()
    client = client_for(ev.host)
    text = "学习了巡察工作条例第一至三条。\n\n讨论：<b>如何</b>开展个别谈话？\n下次学习谈话指南。"
    assert client.post(ev.url("minutes"), {"text": text}).status_code == 302
    ev.session.refresh_from_db()
    assert ev.session.minutes == (
        "<p>学习了巡察工作条例第一至三条。</p><p>讨论：&lt;b&gt;如何&lt;/b&gt;开展个别谈话？<br/>下次学习谈话指南。</p>"
    )
    page = client.get(ev.url("minutes"))
    assert page.context["form"].initial["text"] == text


def test_only_the_host_writes_the_minutes():
    ev = team_evening()
    for user, status in ((ev.members[0], 403), (ev.outsider, 404)):
        assert client_for(user).post(ev.url("minutes"), {"text": "篡改"}).status_code == status
    ev.session.refresh_from_db()
    assert ev.session.minutes == ""


def test_the_record_shows_agenda_minutes_sheet_and_make_ups_apart():
    ev = team_evening(articles=2)
    history.save_minutes(session=ev.session, text="学习情况良好。")
    attend(ev, 0, AttendanceStatus.PRESENT, signed_in_at=START)
    attend(ev, 1, AttendanceStatus.ABSENT, reason="下乡调研")
    ev.members[1].first_name = "补学者丁"
    ev.members[1].save()
    MakeUp.objects.create(session=ev.session, user=ev.members[1], started_at=END, studied_at=END, completed_at=END)
    response = client_for(ev.host).get(ev.url("record"))
    assert response.status_code == 200
    html = response.content.decode()
    for expected in ("第一巡察组周二夜学", "主持人乙", "学习情况良好。", "下乡调研", ev.articles[1].label, "19:30"):
        assert expected in html
    assert html.count('data-testid="sheet-row"') == 3
    assert html.count('data-testid="make-up-row"') == 1
    assert response.context["totals"] == {
        "expected": 3,
        "present": 1,
        "late": 0,
        "absent": 1,
        "unrecorded": 1,
        "made_up": 1,
    }
    assert 'src="http' not in html and 'href="http' not in html


def test_the_record_is_for_the_host_the_rounds_managers_and_administrators_only():
    ev = team_evening()
    assert client_for(ev.members[0]).get(ev.url("record")).status_code == 403
    assert client_for(ev.outsider).get(ev.url("record")).status_code == 404
    # Planning evenings (editors) does not open their records: the absence reasons are the round's business.
    assert client_for(grant(ev.outsider, "change_studysession")).get(ev.url("record")).status_code == 404
    manager = UserFactory(role=roles.EDITOR)
    inspection_round = ev.session.series.team.round
    inspection_round.managers.add(manager)
    inspection_round.save()  # a ParentalManyToManyField writes on save
    assert client_for(manager).get(ev.url("record")).status_code == 200
    assert client_for(grant(UserFactory(), "host_any_session")).get(ev.url("record")).status_code == 200


def test_the_record_reads_a_fixed_number_of_queries(django_assert_max_num_queries):
    ev = team_evening(members=12)
    for n in range(12):
        attend(ev, n, AttendanceStatus.PRESENT, signed_in_at=START)
    client = client_for(ev.host)
    with django_assert_max_num_queries(25):
        assert client.get(ev.url("record")).status_code == 200


def test_the_record_of_an_evening_with_nothing_stored_lists_everyone_as_not_recorded():
    ev = team_evening()
    thursday = START + datetime.timedelta(days=2)
    response = client_for(ev.host).get(f"/sessions/{ev.session.series_id}-{int(thursday.timestamp())}/record/")
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="sheet-row"') == 3
    assert response.context["totals"]["unrecorded"] == 3
