"""Second-factor helpers for tests: a logged-in test client of a staff member is also past the second factor,
as a person is once they typed the code from their phone."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.policy import second_factor_required

_plain_force_login = Client.force_login


def authenticator_of(user) -> TOTPDevice:
    """The person's confirmed authenticator, set up now if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """What the phone shows now."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def pass_second_factor(client: Client, user) -> None:
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = authenticator_of(user).persistent_id
    session.save()


def force_login_with_second_factor(client: Client, user, backend=None) -> None:
    """Client.force_login for the suite (tests/conftest.py): staff come out verified."""
    _plain_force_login(client, user, backend)
    if second_factor_required(user):
        pass_second_factor(client, user)


def force_login_without_second_factor(client: Client, user, backend=None) -> None:
    """Password only: for tests of what an unverified staff member may reach."""
    _plain_force_login(client, user, backend)


def enter_second_factor_in_browser(page, username: str) -> None:
    """Browser tests: after the password, a staff member types the phone's current code (Playwright page)."""
    from django.contrib.auth import get_user_model

    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/second-factor/verify/" not in page.url:
        return
    device = authenticator_of(get_user_model().objects.get(username=username))
    page.fill("#id_token", current_code(device))
    page.click("form.stacked-form button[type=submit]")
