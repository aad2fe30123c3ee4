"""Regression tests of issue 13's access findings: appointing round managers and hosts, superusers and
roles in the user form (三员分立), and editors deleting drafts."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from audit.models import AuditEntry
from core import roles
from rounds.models import InspectionRound
from studysessions.models import StudySeries
from tests.factories import CaseIndexPageFactory, CasePageFactory, UserFactory, client_for
from tests.rounds.factories import InspectionRoundFactory
from tests.studysessions.factories import StudySeriesFactory

pytestmark = pytest.mark.django_db
User = get_user_model()


def _round_data(inspection_round, **extra) -> dict:
    data = nested_form_data(
        {
            "name": inspection_round.name,
            "starts_on": inspection_round.starts_on.isoformat(),
            "ends_on": inspection_round.ends_on.isoformat(),
            "track": "",
            "units": inline_formset([]),
        }
    )
    return {**data, **extra}


def _edit_round(user, inspection_round, data):
    url = reverse(InspectionRound.snippet_viewset.get_url_name("edit"), args=[inspection_round.pk])
    return client_for(user).post(url, data)


def _managers(inspection_round) -> set[int]:
    return set(InspectionRound.objects.get(pk=inspection_round.pk).managers.values_list("pk", flat=True))


@pytest.mark.parametrize("role", [roles.EDITOR, roles.REVIEWER])
def test_an_editor_or_reviewer_cannot_appoint_themselves_round_manager(role):
    staff = UserFactory(role=role)
    inspection_round = InspectionRoundFactory()
    edit_url = reverse(InspectionRound.snippet_viewset.get_url_name("edit"), args=[inspection_round.pk])
    page = client_for(staff).get(edit_url)
    assert page.status_code == 200 and 'name="managers"' not in page.content.decode()

    response = _edit_round(staff, inspection_round, _round_data(inspection_round, managers=[staff.pk]))
    assert response.status_code == 200  # the form again, with the refusal
    assert "只有管理员" in response.content.decode()
    assert _managers(inspection_round) == set()
    assert client_for(staff).get(reverse("readiness:dashboard", args=[inspection_round.pk])).status_code == 404
    assert not AuditEntry.objects.filter(action="round.managers_changed").exists()


def test_an_editor_still_edits_the_round_itself_and_its_managers_stay():
    editor, manager = UserFactory(role=roles.EDITOR), UserFactory(role=roles.EDITOR)
    inspection_round = InspectionRoundFactory(name="旧名")
    inspection_round.managers.add(manager)
    inspection_round.save()
    response = _edit_round(editor, inspection_round, _round_data(inspection_round, name="新名"))
    assert response.status_code == 302
    assert InspectionRound.objects.get(pk=inspection_round.pk).name == "新名"
    assert _managers(inspection_round) == {manager.pk}


def test_an_administrator_appoints_managers_and_the_change_is_a_security_event():
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    old, new = UserFactory(role=roles.EDITOR, username="old-manager"), UserFactory(role=roles.EDITOR, username="new")
    inspection_round = InspectionRoundFactory()
    inspection_round.managers.add(old)
    inspection_round.save()
    assert (
        'name="managers"'
        in client_for(administrator)
        .get(reverse(InspectionRound.snippet_viewset.get_url_name("edit"), args=[inspection_round.pk]))
        .content.decode()
    )

    response = _edit_round(administrator, inspection_round, _round_data(inspection_round, managers=[new.pk]))
    assert response.status_code == 302
    assert _managers(inspection_round) == {new.pk}
    entry = AuditEntry.objects.get(action="round.managers_changed")
    assert entry.actor == administrator and entry.object_id == str(inspection_round.pk)
    assert entry.detail == {"added": ["new"], "removed": ["old-manager"]}
    # Saving again without a change writes no second event.
    _edit_round(administrator, inspection_round, _round_data(inspection_round, managers=[new.pk]))
    assert AuditEntry.objects.filter(action="round.managers_changed").count() == 1


def _series_data(series, **extra) -> dict:
    return {
        "title": series.title,
        "place": series.place,
        "audience": series.audience,
        "round": "",
        "team": "",
        "weekdays": series.weekday_codes,
        "interval_weeks": series.interval_weeks,
        "first_date": series.first_date.isoformat(),
        "last_date": "",
        "start_time": "19:30",
        "end_time": "21:30",
        "reminder_hours": 6,
        **extra,
    }


def _series_url(action, *args):
    return reverse(StudySeries.snippet_viewset.get_url_name(action), args=args)


def test_a_host_or_editor_cannot_make_themselves_host_of_another_series():
    host = UserFactory(role=roles.EDITOR)
    StudySeriesFactory(host=host)
    other = StudySeriesFactory(title="别人的夜学")
    for person in (host, UserFactory(role=roles.EDITOR)):
        page = client_for(person).get(_series_url("edit", other.pk))
        assert page.status_code == 200 and 'name="host"' not in page.content.decode()
        response = client_for(person).post(_series_url("edit", other.pk), _series_data(other, host=person.pk))
        assert response.status_code == 200 and "只有管理员" in response.content.decode()
        assert StudySeries.objects.get(pk=other.pk).host_id == other.host_id
    assert not AuditEntry.objects.filter(action="studysessions.host_changed").exists()


def test_an_editor_plans_a_series_without_a_host_and_cannot_name_one():
    editor = UserFactory(role=roles.EDITOR)
    series = StudySeriesFactory.build(first_date=datetime.date(2026, 11, 3))
    refused = client_for(editor).post(_series_url("add"), _series_data(series, host=editor.pk))
    assert refused.status_code == 200 and "只有管理员" in refused.content.decode()
    assert not StudySeries.objects.exists()
    response = client_for(editor).post(_series_url("add"), _series_data(series))
    assert response.status_code == 302
    assert StudySeries.objects.get().host_id is None


def test_an_administrator_changes_the_host_and_it_is_audited():
    administrator = UserFactory(role=roles.ADMINISTRATOR)
    series = StudySeriesFactory(host=UserFactory(username="first-host"))
    new_host = UserFactory(username="second-host")
    response = client_for(administrator).post(_series_url("edit", series.pk), _series_data(series, host=new_host.pk))
    assert response.status_code == 302
    assert StudySeries.objects.get(pk=series.pk).host_id == new_host.pk
    entry = AuditEntry.objects.get(action="studysessions.host_changed")
    assert entry.detail == {"added": ["second-host"], "removed": ["first-host"]}


def _user_data(**extra) -> dict:
    return {
        "username": "new-person",
        "email": "new@example.invalid",
        "first_name": "新",
        "last_name": "同事",
        "password1": "Qz8!vLr#2mPx9wKt",
        "password2": "Qz8!vLr#2mPx9wKt",
        **extra,
    }


def _system_administrator():
    return UserFactory(role=roles.SYSTEM_ADMINISTRATOR)


def test_users_are_managed_by_the_system_administrator_not_by_the_office_administrator():
    assert client_for(UserFactory(role=roles.ADMINISTRATOR)).get(reverse("wagtailusers_users:index")).status_code in (
        302,
        403,
    )
    assert client_for(_system_administrator()).get(reverse("wagtailusers_users:index")).status_code == 200


def test_a_non_superuser_cannot_create_a_superuser():
    manager = _system_administrator()
    page = client_for(manager).get(reverse("wagtailusers_users:add")).content.decode()
    assert 'name="is_superuser"' not in page
    response = client_for(manager).post(reverse("wagtailusers_users:add"), _user_data(is_superuser="on"))
    assert response.status_code == 200 and "只有超级用户" in response.content.decode()
    assert not User.objects.filter(username="new-person").exists()


def test_a_non_superuser_cannot_edit_a_superuser():
    boss = UserFactory(is_superuser=True)
    manager = _system_administrator()
    url = reverse("wagtailusers_users:edit", args=[boss.pk])
    assert client_for(manager).get(url).status_code in (302, 403)
    client_for(manager).post(url, _user_data(username=boss.username, is_superuser=""))
    assert User.objects.get(pk=boss.pk).is_superuser


def test_a_non_superuser_grants_office_roles_but_not_a_role_they_do_not_hold():
    manager = _system_administrator()
    editor_group = Group.objects.get(name=roles.EDITOR)
    response = client_for(manager).post(reverse("wagtailusers_users:add"), _user_data(groups=[editor_group.pk]))
    assert response.status_code == 302
    assert list(User.objects.get(username="new-person").groups.values_list("name", flat=True)) == [roles.EDITOR]

    auditor_group = Group.objects.get(name=roles.AUDITOR)
    response = client_for(manager).post(
        reverse("wagtailusers_users:add"), _user_data(username="would-be-auditor", groups=[auditor_group.pk])
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="would-be-auditor").exists()


def test_no_account_but_a_superuser_combines_two_of_the_three_roles():
    boss = UserFactory(is_superuser=True)
    two = Group.objects.filter(name__in=[roles.SYSTEM_ADMINISTRATOR, roles.AUDITOR]).values_list("pk", flat=True)
    response = client_for(boss).post(reverse("wagtailusers_users:add"), _user_data(groups=list(two)))
    assert response.status_code == 200 and "三员分立" in response.content.decode()
    assert not User.objects.filter(username="new-person").exists()


def test_the_three_roles_exist_with_admin_access_and_users_moved_to_system_administration():
    for name in roles.SEPARATED_ROLES:
        assert Group.objects.get(name=name).permissions.filter(codename="access_admin").exists()
    system = UserFactory(role=roles.SYSTEM_ADMINISTRATOR)
    office = UserFactory(role=roles.ADMINISTRATOR)
    assert system.has_perm("auth.add_user") and not system.has_perm("auth.change_group")
    assert not office.has_perm("auth.add_user") and not office.has_perm("auth.change_user")
    assert office.has_perm("rounds.appoint_round_managers") and office.has_perm("studysessions.appoint_host")
    assert office.has_perm("quizzes.view_all_results")
    for role in (roles.EDITOR, roles.REVIEWER):
        staff = UserFactory(role=role)
        assert not staff.has_perm("rounds.appoint_round_managers") and not staff.has_perm("quizzes.view_all_results")


def test_an_editor_deletes_only_their_own_never_published_draft():
    index = CaseIndexPageFactory()
    editor, colleague = UserFactory(role=roles.EDITOR), UserFactory(role=roles.EDITOR)
    theirs = CasePageFactory(parent=index, title="同事的草稿", live=False, owner=colleague)
    mine = CasePageFactory(parent=index, title="我的草稿", live=False, owner=editor)
    once_live = CasePageFactory(parent=index, title="撤回的旧稿", live=False, owner=editor)
    type(once_live).objects.filter(pk=once_live.pk).update(first_published_at=datetime.datetime.now(datetime.UTC))
    once_live.refresh_from_db()
    assert once_live.first_published_at is not None and not once_live.live

    def can_delete(user, page):
        return page.permissions_for_user(user).can_delete()

    assert not can_delete(editor, theirs) and not can_delete(editor, once_live) and can_delete(editor, mine)
    client_for(editor).post(reverse("wagtailadmin_pages:delete", args=[theirs.pk]))
    assert type(theirs).objects.filter(pk=theirs.pk).exists()
    client_for(editor).post(reverse("wagtailadmin_pages:delete", args=[mine.pk]))
    assert not type(mine).objects.filter(pk=mine.pk).exists()
    reviewer = UserFactory(role=roles.REVIEWER)
    assert can_delete(reviewer, theirs) and can_delete(reviewer, once_live)
