"""The register's pages: who reads what (everyone else: 404), the audit trail of reads, the form, the 已阅 button,
the 审计员's admin list and the counts on the round dashboard."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from interference.models import ApproachReport
from tests.factories import UserFactory, client_for
from tests.interference.factories import ApproachReportFactory, build_register
from tests.rounds.factories import InspectionRoundFactory, InspectionTeamFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

READERS = ["leader", "deputy", "other_team_leader", "manager", "administrator"]
NOT_READERS = ["other_member", "liaison", "other_manager", "editor", "auditor"]


def _report_url(register):
    return reverse("interference:report", args=[register.report.pk])


def _round_url(register):
    return reverse("interference:round", args=[register.round.pk])


@pytest.mark.parametrize("who", READERS)
def test_the_round_leaders_and_the_administrator_read_a_report_and_it_is_audited(who):
    register = build_register()
    response = client_for(getattr(register, who)).get(_report_url(register))
    assert response.status_code == 200
    assert "某科室负责人" in response.content.decode()
    entry = AuditEntry.objects.get(action="interference.report_viewed")
    assert entry.subject == register.member and entry.actor == getattr(register, who)


@pytest.mark.parametrize("who", NOT_READERS)
def test_everyone_else_gets_404_for_a_report_and_the_round_register(who):
    register = build_register()
    client = client_for(getattr(register, who))
    assert client.get(_report_url(register)).status_code == 404
    assert client.get(_round_url(register)).status_code == 404
    assert client.post(reverse("interference:acknowledge", args=[register.report.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action__startswith="interference.").exists()


def test_the_anonymous_are_sent_to_log_in():
    register = build_register()
    for url in (_report_url(register), _round_url(register), reverse("interference:new")):
        response = client_for(UserFactory()).logout() or __import__("django.test").test.Client().get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_the_reporter_reads_their_own_report_without_an_audit_entry_and_sees_the_edit_form():
    register = build_register()
    response = client_for(register.member).get(_report_url(register))
    assert response.status_code == 200
    assert response.context["form"] is not None
    assert not response.context["may_acknowledge"]
    assert not AuditEntry.objects.filter(action__startswith="interference.").exists()
    assert client_for(register.member).get(_round_url(register)).status_code == 404


@pytest.mark.parametrize("who", READERS)
def test_the_round_register_lists_unread_first_with_counts_and_is_audited(who):
    register = build_register()
    read = ApproachReportFactory(round=register.round, reporter=register.other_member)
    ApproachReport.objects.filter(pk=read.pk).update(
        acknowledged_by=register.leader, acknowledged_at=read.created_at + datetime.timedelta(minutes=1)
    )
    newest = ApproachReportFactory(round=register.round, reporter=register.liaison)
    ApproachReportFactory(reporter=UserFactory())  # another round's
    response = client_for(getattr(register, who)).get(_round_url(register))
    assert response.status_code == 200
    assert [r.pk for r in response.context["reports"]] == [newest.pk, register.report.pk, read.pk]
    assert (response.context["total"], response.context["open"]) == (3, 2)
    entry = AuditEntry.objects.get(action="interference.register_viewed")
    assert set(entry.people.values_list("pk", flat=True)) == {
        register.member.pk,
        register.other_member.pk,
        register.liaison.pk,
    }


def test_a_leader_acknowledges_with_a_note_and_a_double_tap_changes_nothing():
    register = build_register()
    url = reverse("interference:acknowledge", args=[register.report.pk])
    client = client_for(register.leader)
    assert client.get(url).status_code == 405
    page = client.get(_report_url(register))
    assert page.context["may_acknowledge"]
    response = client.post(url, {"note": "已提醒对方"})
    assert response.status_code == 302
    client_for(register.deputy).post(url, {"note": "再点一次"})
    register.report.refresh_from_db()
    assert register.report.acknowledged_by == register.leader and register.report.leader_note == "已提醒对方"
    assert AuditEntry.objects.filter(action="interference.report_acknowledged").count() == 1
    mine = client_for(register.member).get(reverse("interference:mine"))
    assert "组长已阅" in mine.content.decode()


def test_the_administrator_reads_but_does_not_acknowledge():
    register = build_register()
    client = client_for(register.administrator)
    assert not client.get(_report_url(register)).context["may_acknowledge"]
    client.post(reverse("interference:acknowledge", args=[register.report.pk]))
    register.report.refresh_from_db()
    assert not register.report.acknowledged


def test_the_reporter_corrects_before_acknowledgement_and_cannot_after():
    register = build_register()
    client = client_for(register.member)
    data = {
        "happened_on": datetime.date.today().isoformat(),
        "channel": "message",
        "approacher": "某单位办公室主任",
        "request": "请求提前透露巡察重点",
        "response": "",
    }
    assert client.post(_report_url(register), data).status_code == 302
    register.report.refresh_from_db()
    assert register.report.request == "请求提前透露巡察重点" and register.report.channel == "message"
    client_for(register.leader).post(reverse("interference:acknowledge", args=[register.report.pk]))
    page = client.get(_report_url(register))
    assert page.context["form"] is None
    assert client.post(_report_url(register), data | {"request": "再改"}).status_code == 404
    register.report.refresh_from_db()
    assert register.report.request == "请求提前透露巡察重点"


def _form(**overrides):
    return {
        "happened_on": datetime.date.today().isoformat(),
        "channel": "phone",
        "approacher": "被巡察单位某负责人",
        "request": "希望少提问题",
        "response": "已拒绝",
    } | overrides


def test_a_member_of_one_round_reports_without_choosing_it():
    register = build_register()
    client = client_for(register.other_member)
    page = client.get(reverse("interference:new"))
    assert "round" not in page.context["form"].fields
    response = client.post(reverse("interference:new"), _form())
    report = ApproachReport.objects.get(reporter=register.other_member)
    assert response["Location"] == reverse("interference:report", args=[report.pk])
    assert report.round == register.round


def test_a_member_of_two_current_rounds_picks_one():
    register = build_register()
    second = InspectionRoundFactory()
    TeamMemberFactory(team=InspectionTeamFactory(round=second), user=register.other_member)
    client = client_for(register.other_member)
    response = client.post(reverse("interference:new"), _form())
    assert response.status_code == 200 and "请选择轮次" in response.content.decode()
    assert not ApproachReport.objects.filter(reporter=register.other_member).exists()
    client.post(reverse("interference:new"), _form(round=second.pk))
    assert ApproachReport.objects.get(reporter=register.other_member).round == second
    # A round they are not on is not a choice.
    other = InspectionRoundFactory()
    response = client.post(reverse("interference:new"), _form(round=other.pk))
    assert response.status_code == 200
    assert not ApproachReport.objects.filter(round=other).exists()


def test_someone_on_no_round_sees_a_message_and_no_form():
    response = client_for(UserFactory()).get(reverse("interference:new"))
    assert response.status_code == 200
    assert "无需登记" in response.content.decode()
    assert "<textarea" not in response.content.decode()
    client_for(UserFactory()).post(reverse("interference:new"), _form())
    assert not ApproachReport.objects.filter(request="希望少提问题").exists()


@pytest.mark.parametrize(
    ("overrides", "words"),
    [
        ({"happened_on": (datetime.date.today() + datetime.timedelta(days=2)).isoformat()}, "不能晚于今天"),
        ({"request": ""}, "要求"),
        ({"approacher": ""}, "身份"),
        ({"request": "某" * 301}, "300"),
        ({"channel": ""}, "方式"),
        ({"happened_on": "昨天"}, "2026-05-01"),
    ],
)
def test_the_form_refuses_bad_input_with_a_chinese_message(overrides, words):
    register = build_register()
    response = client_for(register.other_member).post(reverse("interference:new"), _form(**overrides))
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not ApproachReport.objects.filter(reporter=register.other_member).exists()


def test_my_reports_lists_only_my_own_in_the_same_queries_for_1_and_6(django_assert_max_num_queries):
    register = build_register()
    ApproachReportFactory(round=register.round, reporter=register.other_member)
    client = client_for(register.member)
    client.get(reverse("interference:mine"))  # the first page of a process fills the site's caches
    counts = []
    for _ in range(2):
        with django_assert_max_num_queries(40) as captured:
            response = client.get(reverse("interference:mine"))
        counts.append(len(captured))
        for _ in range(5):
            ApproachReportFactory(round=register.round, reporter=register.member)
    assert counts[0] == counts[1]
    assert {r.reporter_id for r in response.context["reports"]} == {register.member.pk}
    assert len(response.context["reports"]) == 6


def test_the_round_register_runs_the_same_queries_for_2_and_20_reports(django_assert_max_num_queries):
    counts = []
    for size in (2, 20):
        register = build_register()
        team = register.round.teams.first()
        for _ in range(size - 1):
            ApproachReportFactory(round=register.round, reporter=TeamMemberFactory(team=team).user)
        client = client_for(register.manager)
        client.get(_round_url(register))
        with django_assert_max_num_queries(45) as captured:
            response = client.get(_round_url(register))
        assert len(response.context["reports"]) == size
        counts.append(len(captured))
    assert counts[0] == counts[1]
