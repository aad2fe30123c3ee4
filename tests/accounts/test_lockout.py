"""Five wrong passwords lock the account and the address for 15 minutes on every login form, with the
reason in Chinese; the right password is refused while locked and accepted once the window has passed."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from core import roles
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

LOGIN_FORMS = ["/accounts/login/", "/admin/login/", "/_util/login/"]


def _post(client: Client, url: str, username: str, password: str, address: str = "10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=address)


def _move_attempts_back(minutes: int) -> None:
    for attempt in AccessAttempt.objects.all():
        attempt.attempt_time -= timedelta(minutes=minutes)
        attempt.save(update_fields=["attempt_time"])


@pytest.mark.parametrize("url", LOGIN_FORMS)
def test_five_wrong_passwords_lock_every_login_form_for_fifteen_minutes(url):
    person = UserFactory(username="zhangsan", role=roles.TRAINEE)
    client = Client()
    for _ in range(4):
        response = _post(client, url, "zhangsan", "wrong-password")
        assert response.status_code == 200  # the form again, with its error
    response = _post(client, url, "zhangsan", "wrong-password")
    assert response.status_code == 429
    assert "登录已被锁定" in response.content.decode()
    assert "15 分钟" in response.content.decode()

    # The right password does not get through while locked.
    response = _post(client, url, "zhangsan", "pw-for-tests")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session

    # Still locked after 14 minutes: trying again does not matter, the window runs from the lockout.
    _move_attempts_back(14)
    assert _post(client, url, "zhangsan", "pw-for-tests").status_code == 429
    _move_attempts_back(2)
    response = _post(client, url, "zhangsan", "pw-for-tests")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(person.pk)
    # Success clears the count: one more mistake later does not lock at once.
    assert not AccessAttempt.objects.filter(username="zhangsan").exists()

    actions = list(AuditEntry.objects.filter(actor_name="zhangsan").values_list("action", flat=True))
    assert actions.count("login.failed") >= 5
    assert "login.locked_out" in actions
    assert "login.succeeded" in actions


def test_the_account_is_locked_whichever_address_the_attempts_come_from():
    UserFactory(username="lisi", role=roles.TRAINEE)
    client = Client()
    for number in range(5):
        _post(client, "/accounts/login/", "lisi", "wrong-password", address=f"10.0.1.{number}")
    response = _post(Client(), "/accounts/login/", "lisi", "pw-for-tests", address="10.0.2.1")
    assert response.status_code == 429


def test_the_address_is_locked_whichever_accounts_it_tries():
    UserFactory(username="wangwu", role=roles.TRAINEE)
    client = Client()
    for number in range(5):
        _post(client, "/accounts/login/", f"guess{number}", "wrong-password", address="10.0.3.3")
    assert _post(client, "/accounts/login/", "wangwu", "pw-for-tests", address="10.0.3.3").status_code == 429
    # Another computer may still log in to that account.
    assert _post(Client(), "/accounts/login/", "wangwu", "pw-for-tests", address="10.0.3.4").status_code == 302


def test_a_wrong_password_shows_the_chinese_message_and_is_recorded():
    UserFactory(username="zhaoliu", role=roles.TRAINEE)
    response = _post(Client(), reverse("login"), "zhaoliu", "wrong-password")
    assert response.status_code == 200
    assert "用户名或密码不正确" in response.content.decode()
    entry = AuditEntry.objects.get(action="login.failed")
    assert entry.actor_name == "zhaoliu"
    assert entry.address == "10.0.0.1"


def test_behind_nginx_each_client_is_counted_by_the_address_nginx_saw():
    UserFactory(username="sunqi", role=roles.TRAINEE)
    client = Client()
    for number in range(5):
        client.post(
            "/accounts/login/",
            {"username": f"guess{number}", "password": "wrong-password"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR="1.2.3.4, 10.0.4.4",  # the first entry is the client's own claim
        )
    assert AccessAttempt.objects.filter(ip_address="10.0.4.4").count() == 5
    # Another office computer behind the same nginx still logs in.
    other = Client().post(
        "/accounts/login/",
        {"username": "sunqi", "password": "pw-for-tests"},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.4.5",
    )
    assert other.status_code == 302
    # A client that is not nginx cannot choose its address.
    direct = Client().post(
        "/accounts/login/",
        {"username": "sunqi", "password": "wrong"},
        REMOTE_ADDR="10.0.4.6",
        HTTP_X_FORWARDED_FOR="10.0.4.7",
    )
    assert direct.status_code == 200
    assert AccessAttempt.objects.filter(ip_address="10.0.4.6").exists()


def test_the_security_administrator_unlocks_an_account_early(separated_roles):
    UserFactory(username="zhouba", role=roles.TRAINEE)
    for _ in range(5):
        _post(Client(), "/accounts/login/", "zhouba", "wrong-password")
    assert _post(Client(), "/accounts/login/", "zhouba", "pw-for-tests", address="10.0.5.5").status_code == 429
    security = UserFactory(username="anquan", role=roles.SECURITY_ADMINISTRATOR)
    admin_client = Client()
    admin_client.force_login(security)
    page = admin_client.get(reverse("accounts_admin_security")).content.decode()
    assert 'data-testid="lockouts"' in page
    assert "zhouba" in page
    response = admin_client.post(reverse("accounts_admin_unlock"), {"username": "zhouba"})
    assert response.status_code == 302
    assert _post(Client(), "/accounts/login/", "zhouba", "pw-for-tests", address="10.0.5.5").status_code == 302
    entry = AuditEntry.objects.get(action="axes.unlocked")
    assert entry.actor == security
    assert entry.detail["username"] == "zhouba"
