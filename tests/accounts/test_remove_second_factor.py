"""A person whose role does not require a second factor may switch theirs off again, after the password or a
current code; staff and the 三员 may not."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditCategory, AuditEntry
from core import roles
from tests.accounts.helpers import current_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

REMOVE = reverse("accounts:second_factor_remove")
SECURITY = reverse("accounts:security")
VERIFY = reverse("accounts:second_factor_verify")
PASSWORD = "pw-for-tests"
RECOVERY = ["abcd2345", "efgh6723"]


def _person_with_second_factor(role: str, username: str):
    Group.objects.get_or_create(name=role)
    person = UserFactory(username=username, role=role)
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    recovery = StaticDevice.objects.create(user=person, name="recovery", confirmed=True)
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=token) for token in RECOVERY)
    return person


def _signed_in(person) -> Client:
    """Password, then the phone's current code, as at a real login."""
    client = Client()
    client.post(reverse("login"), {"username": person.get_username(), "password": PASSWORD})
    device = TOTPDevice.objects.get(user=person)
    assert client.post(VERIFY, {"token": current_code(device), "next": "/"}).status_code == 302
    assert client.get("/").status_code == 200
    return client


def _devices(person) -> int:
    return TOTPDevice.objects.filter(user=person).count() + StaticDevice.objects.filter(user=person).count()


def _page_text(response) -> str:
    return response.content.decode()


def test_a_trainee_switches_the_second_factor_off_with_the_password():
    person = _person_with_second_factor(roles.TRAINEE, "trainee-off")
    client = _signed_in(person)
    page = _page_text(client.get(SECURITY))
    assert 'data-testid="otp-remove"' in page and "关闭双因素认证" in page

    response = client.post(REMOVE, {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [(SECURITY, 302)]
    assert "双因素认证已关闭" in _page_text(response)
    assert 'data-testid="second-factor-off"' in _page_text(response)
    assert _devices(person) == 0
    entry = AuditEntry.objects.get(action="otp.removed")
    assert entry.category == AuditCategory.SECURITY and entry.actor == person and entry.object_id == str(person.pk)
    # The same session goes on; the next login asks for the password only.
    assert client.get("/").status_code == 200
    client.post(reverse("logout"))
    client.post(reverse("login"), {"username": "trainee-off", "password": PASSWORD})
    assert client.get("/").status_code == 200


def test_a_recovery_code_also_confirms():
    person = _person_with_second_factor(roles.TRAINEE, "trainee-code")
    client = _signed_in(person)
    client.post(REMOVE, {"token": RECOVERY[1].upper()})
    assert _devices(person) == 0
    assert AuditEntry.objects.filter(action="otp.removed", actor=person).exists()


def test_a_wrong_password_keeps_it_and_counts_towards_the_lockout():
    person = _person_with_second_factor(roles.TRAINEE, "trainee-wrong")
    client = _signed_in(person)

    response = client.post(REMOVE, {"password": "not-my-password"}, follow=True)

    assert "密码或验证码不正确" in _page_text(response)
    assert _devices(person) == 2
    assert not AuditEntry.objects.filter(action="otp.removed").exists()
    assert AuditEntry.objects.filter(action="login.failed", actor_name="trainee-wrong").exists()
    assert AccessAttempt.objects.get(username="trainee-wrong").failures_since_start == 1


def test_a_wrong_code_keeps_it_and_is_audited():
    person = _person_with_second_factor(roles.TRAINEE, "trainee-bad-code")
    client = _signed_in(person)
    response = client.post(REMOVE, {"token": "12345678"}, follow=True)
    assert "密码或验证码不正确" in _page_text(response)
    assert _devices(person) == 2
    assert AuditEntry.objects.filter(action="otp.failed", actor=person).count() == 1


def test_nothing_typed_or_a_get_changes_nothing():
    person = _person_with_second_factor(roles.TRAINEE, "trainee-empty")
    client = _signed_in(person)
    assert client.get(REMOVE).status_code == 405
    response = client.post(REMOVE, {}, follow=True)
    assert "请输入密码或当前验证码" in _page_text(response)
    assert _devices(person) == 2


def test_nothing_to_switch_off():
    Group.objects.get_or_create(name=roles.TRAINEE)
    person = UserFactory(username="trainee-none", role=roles.TRAINEE)
    client = Client()
    client.post(reverse("login"), {"username": "trainee-none", "password": PASSWORD})
    assert 'data-testid="otp-remove"' not in _page_text(client.get(SECURITY))
    response = client.post(REMOVE, {"password": PASSWORD}, follow=True)
    assert "本来就未启用" in _page_text(response)
    assert not AuditEntry.objects.filter(action="otp.removed").exists()
    assert person.is_active


@pytest.mark.parametrize(
    "role", [roles.EDITOR, roles.REVIEWER, roles.ADMINISTRATOR, roles.SECURITY_ADMINISTRATOR, roles.AUDITOR]
)
def test_staff_who_must_have_one_cannot_switch_it_off(role):
    person = _person_with_second_factor(role, "staff-keeps-it")
    client = _signed_in(person)
    page = _page_text(client.get(SECURITY))
    assert 'data-testid="otp-remove"' not in page
    assert "不能关闭" in page and "请联系安全管理员" not in page

    response = client.post(REMOVE, {"password": PASSWORD}, follow=True)

    assert "请联系安全管理员" in _page_text(response)
    assert _devices(person) == 2
    assert not AuditEntry.objects.filter(action="otp.removed").exists()
