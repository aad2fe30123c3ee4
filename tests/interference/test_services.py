"""The register's writes: every refusal of the form's rule, corrections until acknowledged, acknowledging once."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from interference import services
from interference.models import ApproachReport, Channel
from tests.factories import UserFactory
from tests.interference.factories import build_register

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _fields(**overrides):
    return {
        "happened_on": TODAY,
        "channel": Channel.IN_PERSON,
        "approacher": "被巡察单位分管副局长",
        "request": "请求对某事项不予反映（示例）",
        "response": "当场拒绝",
    } | overrides


def _refusal(register, reporter=None, **overrides) -> dict:
    before = ApproachReport.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.report_approach(
            reporter=reporter or register.member, inspection_round=register.round, **_fields(**overrides)
        )
    assert ApproachReport.objects.count() == before
    return caught.value


def test_a_member_reports_an_approach():
    register = build_register()
    report = services.report_approach(reporter=register.other_member, inspection_round=register.round, **_fields())
    assert report.reporter == register.other_member and report.round == register.round
    assert not report.acknowledged


def test_someone_not_on_the_round_is_refused():
    register = build_register()
    error = _refusal(register, reporter=UserFactory())
    assert "成员" in " ".join(error.messages)
    # Managing the round is not being on it.
    _refusal(register, reporter=register.manager)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("happened_on", TODAY + datetime.timedelta(days=1), "今天"),
        ("happened_on", None, "日期"),
        ("channel", "carrier-pigeon", "方式"),
        ("approacher", "", "身份"),
        ("approacher", "   ", "身份"),
        ("approacher", "某" * 61, "60"),
        ("request", "", "要求"),
        ("request", "某" * 301, "300"),
        ("response", "某" * 101, "100"),
    ],
)
def test_every_bad_field_is_refused_with_a_chinese_message(field, value, words):
    register = build_register()
    error = _refusal(register, **{field: value})
    assert words in " ".join(error.message_dict[field])


def test_a_date_long_before_the_round_is_refused_and_a_month_before_is_accepted():
    register = build_register()
    start = register.round.starts_on
    register.round.starts_on = TODAY + datetime.timedelta(days=10)
    register.round.save()
    error = _refusal(register, happened_on=register.round.starts_on - datetime.timedelta(days=31))
    assert "30" in " ".join(error.message_dict["happened_on"])
    register.round.starts_on = start
    register.round.save()
    services.report_approach(
        reporter=register.member,
        inspection_round=register.round,
        **_fields(happened_on=register.round.starts_on - datetime.timedelta(days=30)),
    )


def test_the_reporter_corrects_until_acknowledged_and_not_after():
    register = build_register()
    report = services.correct_report(report=register.report, reporter=register.member, **_fields(request="改后"))
    assert report.request == "改后"
    with pytest.raises(ValidationError):
        services.correct_report(report=register.report, reporter=register.other_member, **_fields())
    services.acknowledge(report=register.report, leader=register.leader)
    with pytest.raises(ValidationError) as caught:
        services.correct_report(report=register.report, reporter=register.member, **_fields(request="再改"))
    assert "不能再修改" in " ".join(caught.value.messages)
    register.report.refresh_from_db()
    assert register.report.request == "改后"


def test_a_correction_with_a_bad_field_changes_nothing():
    register = build_register()
    with pytest.raises(ValidationError):
        services.correct_report(
            report=register.report, reporter=register.member, **_fields(request="", approacher="新")
        )
    register.report.refresh_from_db()
    assert register.report.approacher == "被巡察单位某科室负责人"


@pytest.mark.parametrize("who", ["leader", "deputy", "manager"])
def test_a_leader_acknowledges_once_and_it_is_audited(who):
    register = build_register()
    leader = getattr(register, who)
    report = services.acknowledge(report=register.report, leader=leader, note="已提醒")
    assert report.acknowledged_by == leader and report.leader_note == "已提醒"
    first = report.acknowledged_at
    again = services.acknowledge(report=register.report, leader=register.manager, note="第二次")
    assert again.acknowledged_at == first and again.acknowledged_by == leader and again.leader_note == "已提醒"
    entries = AuditEntry.objects.filter(action=services.ACKNOWLEDGED)
    assert entries.count() == 1
    assert entries.get().subject == register.member and entries.get().actor == leader


@pytest.mark.parametrize("who", ["member", "other_member", "liaison", "administrator", "auditor", "other_manager"])
def test_no_one_else_acknowledges(who):
    register = build_register()
    with pytest.raises(ValidationError):
        services.acknowledge(report=register.report, leader=getattr(register, who))
    register.report.refresh_from_db()
    assert not register.report.acknowledged
    assert not AuditEntry.objects.filter(action=services.ACKNOWLEDGED).exists()


def test_a_leader_cannot_acknowledge_their_own_report():
    register = build_register()
    own = services.report_approach(reporter=register.leader, inspection_round=register.round, **_fields())
    with pytest.raises(ValidationError):
        services.acknowledge(report=own, leader=register.leader)
    services.acknowledge(report=own, leader=register.deputy)


def test_a_too_long_note_is_refused_and_nothing_is_written():
    register = build_register()
    with pytest.raises(ValidationError):
        services.acknowledge(report=register.report, leader=register.leader, note="某" * 201)
    register.report.refresh_from_db()
    assert not register.report.acknowledged
