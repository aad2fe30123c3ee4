"""Every row of an enrolment sheet is checked before anything is written; each kind of problem has its own
row-level Chinese message, and one bad row anywhere means nothing is written."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.backends.db import SessionStore

from accounts.models import PersonProfile
from rounds.enrolment import services
from rounds.models import TeamMember
from tests.factories import UserFactory
from tests.rounds.enrolment_helpers import person_row, round_with_teams, xlsx
from tests.rounds.factories import TeamMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _chinese():
    from django.utils import translation

    with translation.override("zh-hans"):
        yield


def _check(inspection_round, rows, **kwargs):
    return services.check_upload(session=SessionStore(), inspection_round=inspection_round, data=xlsx(rows, **kwargs))


def _errors(inspection_round, rows, **kwargs) -> list[str]:
    checked = _check(inspection_round, rows, **kwargs)
    assert not checked.token
    return checked.plan.errors


def test_a_good_sheet_has_no_errors_and_plans_each_team():
    inspection_round, *_rest = round_with_teams()
    checked = _check(inspection_round, [person_row(1), person_row(2, team="第二组", role="组长")])
    assert checked.plan.errors == []
    assert checked.token
    assert checked.plan.by_team() == [("第一组", 1, 0), ("第二组", 1, 0)]
    assert [row.role for row in checked.plan.rows] == ["member", "leader"]


def test_missing_column():
    inspection_round, *_rest = round_with_teams()
    (error,) = _errors(inspection_round, [["张三", "第一组"]], header=("姓名", "组别"))
    assert "手机号/工号" in error
    (error,) = _errors(inspection_round, [["13900000001", "第一组"]], header=("手机号", "组别"))
    assert "姓名" in error


def test_not_an_excel_file():
    inspection_round, *_rest = round_with_teams()
    checked = services.check_upload(session=SessionStore(), inspection_round=inspection_round, data=b"name,phone\n")
    assert "不是 Excel" in checked.plan.errors[0]


def test_bad_phone_names_its_row():
    inspection_round, *_rest = round_with_teams()
    errors = _errors(inspection_round, [person_row(1), person_row(2), person_row(3, phone="1390000")])
    assert errors == ["第 4 行：手机号格式不对（应为以 1 开头的 11 位数字）"]


def test_unknown_team_lists_the_rounds_teams():
    inspection_round, *_rest = round_with_teams()
    (error,) = _errors(inspection_round, [person_row(1, team="第三组")])
    assert error == "第 2 行：组别“第三组”不存在（本轮的组：第一组、第二组）"


def test_unknown_role_lists_the_roles_in_chinese():
    inspection_round, *_rest = round_with_teams()
    (error,) = _errors(inspection_round, [person_row(1, role="队长")])
    assert error.startswith("第 2 行：角色“队长”")
    for label in ("组长", "副组长", "组员", "联络员"):
        assert label in error


@pytest.mark.parametrize(
    "written",
    ["2027-03-01", "2027/3/1", "2027.3.1", "2027年3月1日", datetime.date(2027, 3, 1), datetime.datetime(2027, 3, 1)],
)
def test_dates_in_several_spellings(written):
    inspection_round, *_rest = round_with_teams()
    checked = _check(inspection_round, [person_row(1, ends=written)])
    assert checked.plan.errors == []
    assert checked.plan.rows[0].secondment_ends_on == datetime.date(2027, 3, 1)


def test_bad_date_and_a_secondment_ending_before_the_round_starts():
    inspection_round, *_rest = round_with_teams()
    errors = _errors(
        inspection_round,
        [person_row(1, ends="明年三月"), person_row(2, ends="2027/2/30"), person_row(3, ends="2026-12-31")],
    )
    assert errors[0] == "第 2 行：借调截止“明年三月”不是日期（请写作 2027-03-31）"
    assert errors[1].startswith("第 3 行：借调截止“2027/2/30”不是日期")
    assert errors[2] == "第 4 行：借调截止 2026-12-31 早于本轮开始（2027-01-10）"


def test_duplicate_rows_name_the_earlier_row():
    inspection_round, *_rest = round_with_teams()
    rows = [
        person_row(1),
        person_row(2),
        person_row(3, staff="G7"),
        person_row(4, phone="13900000001"),
        person_row(5, staff="G7"),
    ]
    errors = _errors(inspection_round, rows)
    assert errors == ["第 5 行与第 2 行是同一人（手机号相同）", "第 6 行与第 4 行是同一人（工号相同）"]


def test_name_mismatch_with_an_existing_person_is_an_error_not_an_overwrite():
    inspection_round, *_rest = round_with_teams()
    known = UserFactory(first_name="李示例")
    PersonProfile.objects.create(user=known, phone="13900000001")
    (error,) = _errors(inspection_round, [person_row(1, name="王示例")])
    assert error == "第 2 行：手机号已属于“李示例”，与姓名“王示例”不符"
    known.refresh_from_db()
    assert known.first_name == "李示例"


def test_phone_and_staff_number_of_two_different_people():
    inspection_round, *_rest = round_with_teams()
    PersonProfile.objects.create(user=UserFactory(first_name="甲"), phone="13900000001")
    PersonProfile.objects.create(user=UserFactory(first_name="乙"), staff_number="G1")
    (error,) = _errors(inspection_round, [person_row(1, name="甲", staff="G1")])
    assert "“甲”" in error and "“乙”" in error


def test_already_a_member_in_the_same_team_is_reported_and_skipped_in_another_team_refused():
    inspection_round, first, _second, _manager = round_with_teams()
    known = UserFactory(first_name="示例1号")
    PersonProfile.objects.create(user=known, phone="13900000001")
    TeamMemberFactory(team=first, user=known)
    checked = _check(inspection_round, [person_row(1), person_row(2)])
    assert checked.plan.errors == []
    assert [row.line for row in checked.plan.skipped] == [2]
    (error,) = _errors(inspection_round, [person_row(1, team="第二组")])
    assert error == "第 2 行：示例1号已在本轮第一组；调整分组请到该组的页面"


def test_a_user_name_taken_by_an_unmatched_account():
    inspection_round, *_rest = round_with_teams()
    UserFactory(username="13900000001")
    (error,) = _errors(inspection_round, [person_row(1)])
    assert error == "第 2 行：用户名 13900000001 已被其他账户使用"


def test_the_templates_example_row_is_refused():
    inspection_round, *_rest = round_with_teams()
    (error,) = _errors(inspection_round, [person_row(1, name="张示例")])
    assert "示例行" in error


def test_a_bad_row_300_writes_nothing():
    inspection_round, *_rest = round_with_teams()
    rows = (
        [person_row(n) for n in range(1, 300)]
        + [person_row(300, team="第九组")]
        + [person_row(n) for n in range(301, 320)]
    )
    session = SessionStore()
    users_before = get_user_model().objects.count()
    checked = services.check_upload(session=session, inspection_round=inspection_round, data=xlsx(rows))
    assert checked.plan.errors == ["第 301 行：组别“第九组”不存在（本轮的组：第一组、第二组）"]
    with pytest.raises(services.EnrolmentError):
        services.confirm_enrolment(request=None, session=session, inspection_round=inspection_round, token="0" * 64)
    assert get_user_model().objects.count() == users_before
    assert not TeamMember.objects.exists()
    assert not PersonProfile.objects.exists()


def test_a_row_made_wrong_between_check_and_confirm_writes_nothing():
    inspection_round, *_rest = round_with_teams()
    session = SessionStore()
    checked = services.check_upload(
        session=session, inspection_round=inspection_round, data=xlsx([person_row(n) for n in range(1, 6)])
    )
    assert checked.token
    UserFactory(username="13900000004")  # someone took a user name meanwhile
    with pytest.raises(services.EnrolmentError) as refused:
        services.confirm_enrolment(
            request=None, session=session, inspection_round=inspection_round, token=checked.token
        )
    assert refused.value.messages == ["第 5 行：用户名 13900000004 已被其他账户使用"]
    assert not TeamMember.objects.exists()
    assert not PersonProfile.objects.exists()


def test_kept_rows_changed_in_the_session_are_refused():
    inspection_round, *_rest = round_with_teams()
    session = SessionStore()
    checked = services.check_upload(session=session, inspection_round=inspection_round, data=xlsx([person_row(1)]))
    key = services.SESSION_KEY.format(round_id=inspection_round.pk)
    kept = session[key]
    session[key] = {**kept, "payload": kept["payload"].replace("示例1号", "示例9号")}
    with pytest.raises(services.EnrolmentError):
        services.confirm_enrolment(
            request=None, session=session, inspection_round=inspection_round, token=checked.token
        )
    assert not TeamMember.objects.exists()
