"""The account side of a person's data: the second factor's state and the login history in their own export;
and what anonymising must reach beyond the user row (django-axes' rows, the avatar, the admin's history),
while the audit log keeps its entries for the retention period."""

import json

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.log_actions import log
from wagtail.users.models import UserProfile

from audit.models import AuditEntry
from courses.models import CompletionRecord
from privacy import services
from quizzes.models import Attempt
from studysessions.models import Attendance
from tests.accounts.helpers import pass_second_factor
from tests.factories import CaseIndexPageFactory, CasePageFactory, UserFactory, client_for, home_page
from tests.privacy.factories import person_with_records

pytestmark = pytest.mark.django_db

OLD_USERNAME = "lisi-original"
FULL_NAME = "李 四"
ATTACKER_ADDRESS = "10.9.8.7"


def _axes_rows(username: str, address: str = "10.1.2.3") -> None:
    common = {"username": username, "ip_address": address, "user_agent": "Firefox", "http_accept": "*/*"}
    common["path_info"] = "/accounts/login/"
    AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=2)
    AccessFailureLog.objects.create(**common, locked_out=False)
    AccessLog.objects.create(**common)


def _axes_rows_of(username: str) -> int:
    models = (AccessAttempt, AccessFailureLog, AccessLog)
    return sum(model.objects.filter(username=username).count() for model in models)


def _statistics(user) -> tuple:
    return (
        Attempt.objects.filter(user=user).count(),
        Attendance.objects.filter(user=user).count(),
        CompletionRecord.objects.filter(user=user).count(),
    )


def _anonymise(person, django_capture_on_commit_callbacks) -> dict:
    with django_capture_on_commit_callbacks(execute=True):
        return services.anonymise_person(subject=person, actor=UserFactory())


# Anonymising ------------------------------------------------------------------------------------------------


def test_axes_rows_under_the_old_username_are_removed_and_others_kept(django_capture_on_commit_callbacks):
    person = person_with_records(username=OLD_USERNAME).user
    _axes_rows(OLD_USERNAME)
    _axes_rows("someone-else")

    changed = _anonymise(person, django_capture_on_commit_callbacks)

    assert _axes_rows_of(OLD_USERNAME) == 0
    assert _axes_rows_of("someone-else") == 3
    assert changed["login_records"] == 3


def test_the_avatar_file_is_deleted_and_cleared(django_capture_on_commit_callbacks):
    person = person_with_records(username=OLD_USERNAME).user
    profile = UserProfile.get_for_user(person)
    profile.avatar.save("lisi-photo.png", ContentFile(b"\x89PNG not really"), save=True)
    storage, name = profile.avatar.storage, profile.avatar.name
    assert storage.exists(name)

    changed = _anonymise(person, django_capture_on_commit_callbacks)

    profile.refresh_from_db()
    assert not profile.avatar
    assert not storage.exists(name)
    assert changed["avatars"] == 1


def test_a_failed_anonymisation_keeps_the_avatar_and_the_axes_rows(monkeypatch, django_capture_on_commit_callbacks):
    person = person_with_records(username=OLD_USERNAME).user
    _axes_rows(OLD_USERNAME)
    profile = UserProfile.get_for_user(person)
    profile.avatar.save("lisi-photo.png", ContentFile(b"\x89PNG not really"), save=True)
    name = profile.avatar.name

    def fail(**kwargs):
        raise RuntimeError("audit log unavailable")

    monkeypatch.setattr(services, "record_security_event", fail)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        services.anonymise_person(subject=person, actor=UserFactory())

    profile.refresh_from_db()
    assert profile.avatar.name == name and profile.avatar.storage.exists(name)
    assert _axes_rows_of(OLD_USERNAME) == 3


def test_the_admin_page_history_and_site_history_no_longer_name_the_person(django_capture_on_commit_callbacks):
    person = person_with_records(username=OLD_USERNAME).user
    administrator = UserFactory(is_superuser=True, first_name="", username="installer")
    page = CasePageFactory(parent=CaseIndexPageFactory(parent=home_page()), title="某县财政局案例")
    page.save_revision(user=person, log_action=True)
    log(instance=person, action="wagtail.edit", user=administrator)  # the account edited in the user admin
    client = client_for(administrator)
    history = reverse("wagtailadmin_pages:history", args=[page.pk])
    site_history = reverse("wagtailadmin_reports:site_history")
    assert FULL_NAME in client.get(history).content.decode()
    assert OLD_USERNAME in client.get(site_history).content.decode()

    _anonymise(person, django_capture_on_commit_callbacks)

    anonymous = services.ANONYMOUS_USERNAME.format(id=person.pk)
    for url in (history, site_history):
        text = client.get(url).content.decode()
        assert FULL_NAME not in text and OLD_USERNAME not in text, url
        assert anonymous in text, url


def test_statistics_and_audit_entries_are_kept_pointing_to_the_anonymised_account(
    django_capture_on_commit_callbacks,
):
    person = person_with_records(username=OLD_USERNAME).user
    Client().post(reverse("login"), {"username": OLD_USERNAME, "password": "pw-for-tests"})
    entries = list(AuditEntry.objects.filter(actor=person).values_list("pk", flat=True))
    assert entries
    before = _statistics(person)

    _anonymise(person, django_capture_on_commit_callbacks)

    assert _statistics(person) == before
    # Kept unchanged for the retention period (docs/privacy.md): the row still points to the same account,
    # which now reads as the anonymised one.
    kept = AuditEntry.objects.filter(pk__in=entries)
    assert kept.count() == len(entries)
    assert {entry.actor.get_username() for entry in kept} == {services.ANONYMOUS_USERNAME.format(id=person.pk)}


# The person's own export -----------------------------------------------------------------------------------


def _sections(response) -> dict:
    document = json.loads(response.content)
    return next(value for value in document.values() if isinstance(value, dict))


def test_own_export_has_the_second_factor_state_but_no_secret():
    me = person_with_records(username=OLD_USERNAME).user
    device = TOTPDevice.objects.create(user=me, name="authenticator", confirmed=True)
    recovery = StaticDevice.objects.create(user=me, name="recovery", confirmed=True)
    StaticToken.objects.create(device=recovery, token="secretcode2")
    client = client_for(me)
    pass_second_factor(client, me)

    response = client.post(reverse("privacy:my_data"), {"format": "json"})

    assert response.status_code == 200
    second_factor = _sections(response)["双因素认证"]
    assert second_factor[0]["已启用双因素认证"] is True
    assert second_factor[0]["您的角色要求启用"] is False
    assert second_factor[0]["剩余恢复码"] == 1
    text = response.content.decode()
    assert device.key not in text and "secretcode2" not in text


def test_own_export_without_a_second_factor_says_it_is_off():
    me = person_with_records().user
    response = client_for(me).post(reverse("privacy:my_data"), {"format": "json"})
    assert _sections(response)["双因素认证"][0]["已启用双因素认证"] is False


def test_own_export_has_the_login_history_from_the_audit_log_and_axes():
    person_with_records(username=OLD_USERNAME)
    UserFactory(username="someone-else")
    mine = Client()
    mine.post(reverse("login"), {"username": OLD_USERNAME, "password": "pw-for-tests"})
    Client().post(reverse("login"), {"username": "someone-else", "password": "pw-for-tests"})
    # Someone elsewhere tries my account with a wrong password: axes counts it, the audit log records it.
    Client(REMOTE_ADDR=ATTACKER_ADDRESS).post(reverse("login"), {"username": OLD_USERNAME, "password": "wrong"})
    assert AccessAttempt.objects.filter(username=OLD_USERNAME).exists()

    response = mine.post(reverse("privacy:my_data"), {"format": "json"})

    history = _sections(response)["登录记录"]
    events = [(row["事件"], row["记录来源"]) for row in history]
    assert ("登录", "审计日志") in events
    assert ("使用您的用户名登录失败", "审计日志") in events
    assert ("计入锁定的登录失败 1 次", "登录锁定记录") in events
    assert sum(1 for event, _source in events if event == "登录") == 1  # not someone-else's log-in
    assert [row["时间"] for row in history] == sorted((row["时间"] for row in history), reverse=True)
    assert any(row["地址"] == ATTACKER_ADDRESS for row in history)
