"""Staff set up and pass a TOTP second factor before they reach anything; trainees may add one."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from audit.models import AuditEntry
from core import roles
from tests.accounts.helpers import current_code, force_login_without_second_factor
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ENROL = reverse("accounts:second_factor_enrol")
VERIFY = reverse("accounts:second_factor_verify")


def _person(role: str, username: str):
    Group.objects.get_or_create(name=role)
    return UserFactory(username=username, role=role)


def _log_in(client: Client, username: str, next_path: str = "/"):
    return client.post(reverse("login"), {"username": username, "password": "pw-for-tests", "next": next_path})


def _next_step_code(device: TOTPDevice) -> str:
    """The code of the next 30-second step: accepted (tolerance 1) after the current one was used."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=1):06d}"


def _enrol(client: Client, person, next_path: str = "/") -> list[str]:
    response = client.get(ENROL, {"next": next_path})
    assert response.status_code == 200
    response = client.post(ENROL, {"action": "start", "next": next_path})
    assert response.status_code == 302
    page = client.get(ENROL, {"next": next_path}).content.decode()
    assert "<svg" in page  # the QR code, drawn on the server
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    secret = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', page).group(1)
    assert len(secret.replace(" ", "")) == 32
    response = client.post(ENROL, {"token": current_code(device), "next": next_path})
    assert response.status_code == 200
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", response.content.decode())


STAFF_ROLES = [*roles.STAFF_ROLES, *roles.SEPARATED_ROLES]


@pytest.mark.parametrize("role", STAFF_ROLES)
def test_each_staff_role_sets_up_the_second_factor_before_reaching_anything(role):
    person = _person(role, "staff-member")
    client = Client()
    response = _log_in(client, "staff-member", "/admin/")
    assert response.status_code == 302
    # Password alone: the front end and the admin both send the person to the setup page.
    for path in ("/", "/admin/", reverse("quizzes:list"), reverse("accounts:security")):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(ENROL), path

    codes = _enrol(client, person, "/admin/")
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert client.get("/").status_code == 200
    assert TOTPDevice.objects.get(user=person).confirmed
    assert AuditEntry.objects.filter(action="otp.enrolled", actor=person).exists()

    # The next login asks for the code (the next step's: the current one has been used).
    client.post(reverse("logout"))
    _log_in(client, "staff-member")
    response = client.get("/")
    assert response["Location"].startswith(VERIFY)
    response = client.post(VERIFY, {"token": "000000", "next": "/"})
    assert response.status_code == 200
    assert "验证码不正确" in response.content.decode()
    device = TOTPDevice.objects.get(user=person)
    assert device.throttling_failure_count == 1
    # django-otp makes the next try wait a second after a wrong code: move its clock instead of sleeping.
    device.throttling_failure_timestamp -= timedelta(seconds=5)
    device.save()
    response = client.post(VERIFY, {"token": _next_step_code(device), "next": "/admin/"})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/").status_code == 200


def test_a_recovery_code_works_once():
    person = _person(roles.EDITOR, "editor-with-codes")
    client = Client()
    _log_in(client, "editor-with-codes")
    codes = _enrol(client, person)
    client.post(reverse("logout"))

    _log_in(client, "editor-with-codes")
    response = client.post(VERIFY, {"token": codes[0].upper(), "next": "/"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert StaticToken.objects.filter(device__user=person).count() == 9
    assert AuditEntry.objects.filter(action="otp.recovery_code_used", actor=person).exists()
    client.post(reverse("logout"))

    _log_in(client, "editor-with-codes")
    response = client.post(VERIFY, {"token": codes[0], "next": "/"})
    assert response.status_code == 200
    assert client.get("/").status_code == 302


def test_a_password_alone_cannot_replace_the_second_factor():
    person = _person(roles.REVIEWER, "reviewer-1")
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    client = Client()
    _log_in(client, "reviewer-1")
    response = client.post(ENROL, {"action": "start"})
    assert response.status_code == 302
    assert response["Location"].startswith(VERIFY)
    assert not TOTPDevice.objects.filter(user=person, confirmed=False).exists()


def test_an_unverified_staff_member_may_log_out():
    person = _person(roles.ADMINISTRATOR, "admin-1")
    client = Client()
    force_login_without_second_factor(client, person)
    assert client.get("/admin/")["Location"].startswith(ENROL)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_trainee_needs_no_second_factor_but_may_add_one_from_the_account_page():
    person = _person(roles.TRAINEE, "trainee-1")
    client = Client()
    _log_in(client, "trainee-1")
    assert client.get("/").status_code == 200
    page = client.get(reverse("accounts:security")).content.decode()
    assert 'data-testid="second-factor-off"' in page

    codes = _enrol(client, person, reverse("accounts:security"))
    assert len(codes) == 10
    assert 'data-testid="second-factor-on"' in client.get(reverse("accounts:security")).content.decode()

    # Once added, it is asked for at each login, as for staff.
    client.post(reverse("logout"))
    _log_in(client, "trainee-1")
    assert client.get("/")["Location"].startswith(VERIFY)
    client.post(VERIFY, {"token": codes[3], "next": "/"})
    assert client.get("/").status_code == 200


def test_the_security_administrator_resets_a_second_factor_and_the_person_sets_it_up_again(separated_roles):
    person = _person(roles.EDITOR, "editor-2")
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    StaticDevice.objects.create(user=person, name="recovery", confirmed=True)
    security = _person(roles.SECURITY_ADMINISTRATOR, "security-1")
    admin_client = Client()
    admin_client.force_login(security)

    page = admin_client.get(reverse("accounts_admin_security"), {"username": "editor-2"})
    assert page.status_code == 200
    assert 'data-testid="person-second-factor"' in page.content.decode()
    response = admin_client.post(reverse("accounts_admin_reset", args=[person.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert not StaticDevice.objects.filter(user=person).exists()
    entry = AuditEntry.objects.get(action="otp.reset")
    assert entry.actor == security
    assert entry.object_id == str(person.pk)

    client = Client()
    _log_in(client, "editor-2")
    assert client.get("/")["Location"].startswith(ENROL)


@pytest.mark.parametrize("role", [roles.EDITOR, roles.ADMINISTRATOR, roles.AUDITOR, roles.SYSTEM_ADMINISTRATOR])
def test_only_the_security_administrator_resets_or_unlocks(role, separated_roles):
    person = _person(roles.EDITOR, "editor-3")
    TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    client = Client()
    client.force_login(_person(role, "someone"))
    assert client.get(reverse("accounts_admin_security")).status_code in (302, 403)
    assert client.post(reverse("accounts_admin_reset", args=[person.pk])).status_code in (302, 403)
    assert client.post(reverse("accounts_admin_unlock"), {"username": "editor-3"}).status_code in (302, 403)
    assert TOTPDevice.objects.filter(user=person).exists()
    assert not AuditEntry.objects.filter(action__in=["otp.reset", "axes.unlocked"]).exists()
