"""The password policy (length, character classes, refused passwords) in Chinese, and the e-mail reset:
hidden and 404 unless the deployment enables mail, throttled, never for a locked account."""

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from core import roles
from fixtures.loader import DEMO_PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _messages(password: str, user=None) -> str:
    with pytest.raises(ValidationError) as refused:
        validate_password(password, user)
    return " ".join(refused.value.messages)


@pytest.mark.parametrize(
    ("password", "expected"),
    [
        ("Ab1!xyz", "至少"),  # Django's length message, ten characters now
        ("abcdefghijkl", "至少包含以下 3 类字符"),
        ("abcdefgh1234", "至少包含以下 3 类字符"),
        (DEMO_PASSWORD, "此密码已公开或过于容易猜到"),
        ("Xuncha2026!", "此密码已公开或过于容易猜到"),
        ("xuncha2026", "此密码已公开或过于容易猜到"),
        ("12345678", "密码"),
    ],
)
def test_weak_passwords_are_refused_in_chinese(password, expected):
    messages = _messages(password)
    assert expected in messages
    assert "password" not in messages.lower()


def test_the_minimum_length_is_ten():
    assert "10" in _messages("Ab1!Ab1!x")
    validate_password("Ab1!Ab1!xy")  # ten characters, four kinds: accepted


def test_a_good_password_passes():
    validate_password("Jilu-Xuncha-Zheng7", UserFactory(username="lisi"))


def test_the_password_change_page_shows_the_policy_in_chinese():
    person = UserFactory(role=roles.TRAINEE)
    client = Client()
    client.force_login(person)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "pw-for-tests", "new_password1": "xuncha2026", "new_password2": "xuncha2026"},
    )
    assert response.status_code == 200
    assert "此密码已公开或过于容易猜到" in response.content.decode()
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "pw-for-tests", "new_password1": "Qing-Lian-2026x", "new_password2": "Qing-Lian-2026x"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.check_password("Qing-Lian-2026x")


RESET_NAMES = ["password_reset", "password_reset_done", "password_reset_complete"]


def test_password_reset_is_hidden_and_404_when_mail_is_off():
    assert "accounts/password-reset" not in Client().get(reverse("login")).content.decode()
    for name in RESET_NAMES:
        assert Client().get(reverse(f"accounts:{name}")).status_code == 404
    confirm = reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "set-password"})
    assert Client().get(confirm).status_code == 404
    assert Client().post(reverse("accounts:password_reset"), {"email": "a@example.org"}).status_code == 404
    # Wagtail's own (unthrottled) reset is off as well.
    assert Client().get("/admin/password_reset/").status_code == 404


@override_settings(ACCOUNTS_PASSWORD_RESET_ENABLED=True)
def test_password_reset_sends_a_mail_when_enabled_and_is_throttled_per_account():
    UserFactory(username="wang", email="wang@example.org", role=roles.TRAINEE)
    page = Client().get(reverse("login")).content.decode()
    assert 'data-testid="password-reset"' in page
    client = Client()
    for _ in range(5):
        response = client.post(reverse("accounts:password_reset"), {"email": "wang@example.org"})
        assert response.status_code == 302
    assert len(mail.outbox) == 3  # ACCOUNTS_PASSWORD_RESET_LIMIT an hour
    assert "巡察学堂" in mail.outbox[0].subject
    assert "/accounts/password-reset/" in mail.outbox[0].body


@override_settings(ACCOUNTS_PASSWORD_RESET_ENABLED=True, ACCOUNTS_PASSWORD_RESET_LIMIT=1)
def test_password_reset_is_throttled_per_address():
    for number in range(12):
        UserFactory(username=f"p{number}", email=f"p{number}@example.org", role=roles.TRAINEE)
    client = Client()
    statuses = [
        client.post(reverse("accounts:password_reset"), {"email": f"p{number}@example.org"}).status_code
        for number in range(12)
    ]
    assert statuses[:10] == [302] * 10
    assert statuses[10:] == [200, 200]
    assert len(mail.outbox) == 10
    assert (
        "此地址申请重置密码的次数过多"
        in client.post(reverse("accounts:password_reset"), {"email": "p0@example.org"}).content.decode()
    )


@override_settings(ACCOUNTS_PASSWORD_RESET_ENABLED=True)
def test_no_reset_mail_for_a_locked_account():
    UserFactory(username="zhao", email="zhao@example.org", role=roles.TRAINEE)
    AccessAttempt.objects.create(
        username="zhao", ip_address="10.9.9.9", user_agent="", failures_since_start=5, attempt_time=timezone.now()
    )
    response = Client().post(reverse("accounts:password_reset"), {"email": "zhao@example.org"})
    assert response.status_code == 302  # the same answer, so nobody learns the account is locked
    assert mail.outbox == []
