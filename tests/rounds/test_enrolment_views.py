"""The enrolment pages: who may use them, the template, upload → preview → confirm → slips, existing people
matched rather than duplicated, passwords shown once and never stored in clear, re-issue, audit entries."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from accounts.hashers import ALGORITHM
from accounts.models import PersonProfile
from audit.models import AuditEntry
from core import roles
from rounds.enrolment.sheet import COLUMNS
from rounds.models import TeamMember
from tests.factories import UserFactory, client_for
from tests.rounds.enrolment_helpers import person_row, round_with_teams, xlsx
from tests.rounds.factories import InspectionRoundFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def _upload(client, inspection_round, rows):
    return client.post(
        reverse("rounds_enrolment_check", args=[inspection_round.pk]),
        {"file": SimpleUploadedFile("members.xlsx", xlsx(rows))},
    )


def _enrol(client, inspection_round, rows):
    preview = _upload(client, inspection_round, rows)
    assert preview.status_code == 200, preview.context["plan"].errors
    token = preview.context["token"]
    return client.post(reverse("rounds_enrolment_confirm", args=[inspection_round.pk]), {"token": token}), token


def test_the_template_has_the_header_and_one_example_row():
    inspection_round, _first, _second, manager = round_with_teams()
    response = client_for(manager).get(reverse("rounds_enrolment_template", args=[inspection_round.pk]))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 2 and rows[1][0] == "张示例" and rows[1][4] == "第一组"


def test_manager_enrols_new_and_known_people_and_sees_each_password_once():
    inspection_round, first, second, manager = round_with_teams()
    known = UserFactory(first_name="示例2号", username="known")
    PersonProfile.objects.create(user=known, staff_number="G2")
    users_before = get_user_model().objects.count()
    client = client_for(manager)
    rows = [person_row(1), person_row(2, team="第二组", role="组长", staff="G2", phone="13900000002", ends="2027/3/1")]
    response, token = _enrol(client, inspection_round, rows)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    slips = response.context["slips"]
    assert [slip.username for slip in slips] == ["13900000001"]
    password = slips[0].password
    assert password in response.content.decode()
    assert "首次登录须修改密码" in response.content.decode()

    assert get_user_model().objects.count() == users_before + 1
    new = get_user_model().objects.get(username="13900000001")
    assert new.first_name == "示例1号"
    assert password not in new.password and new.password.startswith(f"{ALGORITHM}$")
    assert check_password(password, new.password)
    assert PersonProfile.objects.get(user=new).must_change_password
    assert TeamMember.objects.get(user=new).team == first
    member = TeamMember.objects.get(user=known)
    assert (member.team, member.role, str(member.secondment_ends_on)) == (second, "leader", "2027-03-01")
    profile = PersonProfile.objects.get(user=known)
    assert profile.phone == "13900000002" and not profile.must_change_password

    entry = AuditEntry.objects.get(action="round.members_enrolled")
    assert entry.actor == manager and entry.detail["new"] == ["13900000001"] and entry.detail["matched"] == ["known"]

    # The same confirm again: the kept rows are gone, nothing is written twice, no password shown again.
    again = client.post(reverse("rounds_enrolment_confirm", args=[inspection_round.pk]), {"token": token})
    assert again.status_code == 302
    assert TeamMember.objects.filter(team__round=inspection_round).count() == 2
    # Uploading the same sheet once more: everyone is reported as already in the team.
    preview = _upload(client, inspection_round, rows)
    assert len(preview.context["plan"].skipped) == 2 and not preview.context["plan"].new


def test_an_upload_with_errors_writes_nothing_and_lists_them():
    inspection_round, _first, _second, manager = round_with_teams()
    rows = [person_row(n) for n in range(1, 299)] + [person_row(299, phone="12345")]
    response = _upload(client_for(manager), inspection_round, rows)
    assert response.status_code == 422
    assert "第 300 行：手机号格式不对" in response.content.decode()
    assert not response.context["token"]
    assert not TeamMember.objects.exists() and not PersonProfile.objects.exists()


def test_a_forged_token_is_refused():
    inspection_round, _first, _second, manager = round_with_teams()
    client = client_for(manager)
    _upload(client, inspection_round, [person_row(1)])
    response = client.post(reverse("rounds_enrolment_confirm", args=[inspection_round.pk]), {"token": "f" * 64})
    assert response.status_code == 302
    assert not TeamMember.objects.exists()


def test_the_administrator_may_enrol_into_any_round():
    inspection_round, *_rest = round_with_teams()
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    response, _token = _enrol(client_for(administrator), inspection_round, [person_row(1)])
    assert response.status_code == 200 and len(response.context["slips"]) == 1


def test_who_may_not():
    inspection_round, first, _second, _manager = round_with_teams()
    member = TeamMemberFactory(team=first)
    other_manager = UserFactory(role=roles.EDITOR)
    other_round = InspectionRoundFactory()
    other_round.managers.add(other_manager)
    other_round.save()
    urls = [
        reverse("rounds_enrolment_round", args=[inspection_round.pk]),
        reverse("rounds_enrolment_template", args=[inspection_round.pk]),
    ]
    for url in urls:
        assert client_for(other_manager).get(url).status_code == 404
        assert client_for(UserFactory(role=roles.EDITOR)).get(url).status_code == 404
        assert client_for(UserFactory(role=roles.TRAINEE)).get(url).status_code in (302, 403)
    assert _upload(client_for(other_manager), inspection_round, [person_row(1)]).status_code == 404
    reissue = reverse("rounds_enrolment_reissue", args=[inspection_round.pk, member.pk])
    assert client_for(other_manager).post(reissue).status_code == 404
    assert client_for(UserFactory(role=roles.EDITOR)).get(reverse("rounds_enrolment_index")).status_code in (302, 403)
    assert client_for(other_manager).get(reverse("rounds_enrolment_index")).status_code == 200
    assert not TeamMember.objects.filter(user__username="13900000001").exists()


def test_round_page_lists_members_and_is_audited():
    inspection_round, first, _second, manager = round_with_teams()
    member = TeamMemberFactory(team=first, user=UserFactory(first_name="示例甲"))
    response = client_for(manager).get(reverse("rounds_enrolment_round", args=[inspection_round.pk]))
    assert response.status_code == 200
    assert "示例甲" in response.content.decode()
    entry = AuditEntry.objects.get(action="rounds.enrolment_members_viewed")
    assert list(entry.people.values_list("pk", flat=True)) == [member.user_id]


def test_reissue_for_a_trainee_member_and_not_for_staff():
    inspection_round, first, _second, manager = round_with_teams()
    trainee = TeamMemberFactory(team=first, user=UserFactory(role=roles.TRAINEE, first_name="示例乙"))
    staff = TeamMemberFactory(team=first, user=UserFactory(role=roles.EDITOR))
    client = client_for(manager)
    response = client.post(reverse("rounds_enrolment_reissue", args=[inspection_round.pk, trainee.pk]))
    assert response.status_code == 200
    (slip,) = response.context["slips"]
    person = get_user_model().objects.get(pk=trainee.user_id)
    assert check_password(slip.password, person.password) and slip.password not in person.password
    assert PersonProfile.objects.get(user=person).must_change_password
    assert AuditEntry.objects.filter(action="password.initial_reissued", actor=manager).count() == 1
    staff_password = get_user_model().objects.get(pk=staff.user_id).password
    assert client.post(reverse("rounds_enrolment_reissue", args=[inspection_round.pk, staff.pk])).status_code == 404
    assert get_user_model().objects.get(pk=staff.user_id).password == staff_password
    assert client.get(reverse("rounds_enrolment_reissue", args=[inspection_round.pk, trainee.pk])).status_code == 405


def test_menu_entry_only_for_those_who_manage_a_round():
    _inspection_round, _first, _second, manager = round_with_teams()
    assert reverse("rounds_enrolment_index") in client_for(manager).get("/admin/").content.decode()
    editor = UserFactory(role=roles.EDITOR)
    assert reverse("rounds_enrolment_index") not in client_for(editor).get("/admin/").content.decode()
    assert Group.objects.filter(name=roles.TRAINEE).exists()


def test_a_new_person_logs_in_with_the_slip_and_must_change_the_password():
    inspection_round, _first, _second, manager = round_with_teams()
    response, _token = _enrol(client_for(manager), inspection_round, [person_row(1)])
    (slip,) = response.context["slips"]
    from django.test import Client

    person = Client()
    assert person.post(reverse("login"), {"username": slip.username, "password": slip.password}).status_code == 302
    assert person.get("/")["Location"].startswith(reverse("accounts:password_change"))


def _members_page_queries(django_assert_max_num_queries, client, inspection_round, limit):
    with django_assert_max_num_queries(limit):
        response = client.get(reverse("rounds_enrolment_round", args=[inspection_round.pk]))
    assert response.status_code == 200


def test_the_round_page_costs_the_same_queries_for_3_and_30_members(django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for size in (3, 30):
        inspection_round, first, _second, manager = round_with_teams()
        for _index in range(size):
            member = TeamMemberFactory(team=first, user=UserFactory(role=roles.TRAINEE))
            PersonProfile.objects.create(user=member.user, must_change_password=True)
        client = client_for(manager)
        client.get(reverse("rounds_enrolment_round", args=[inspection_round.pk]))  # session and menu warm
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("rounds_enrolment_round", args=[inspection_round.pk]))
        counts.append(len(queries))
    assert counts[1] <= counts[0] + 2, counts
    _members_page_queries(django_assert_max_num_queries, client, inspection_round, counts[0] + 2)
