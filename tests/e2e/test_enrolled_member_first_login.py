"""A round manager enrols a member from a spreadsheet; the member logs in on a 375 px phone with the slip's initial
password, is kept on the password change page until they choose their own, then finds on the home page what they
are behind on (issue 19, items 4 and 5)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.api import profile_of
from core import roles
from tests.factories import UserFactory, client_for
from tests.reminders.factories import round_due_in
from tests.rounds.enrolment_helpers import person_row, xlsx

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "Xuncha#Phone2027a"


def enrol_one(inspection_round) -> tuple[str, str]:
    """The manager's upload and confirm (the admin side has its own tests): the slip's user name and password."""
    manager = UserFactory(role=roles.EDITOR)
    inspection_round.managers.add(manager)
    inspection_round.save()
    client = client_for(manager)
    upload = SimpleUploadedFile("members.xlsx", xlsx([person_row(7, name="示例新人", team="第一巡察组")]))
    preview = client.post(reverse("rounds_enrolment_check", args=[inspection_round.pk]), {"file": upload})
    confirm = client.post(
        reverse("rounds_enrolment_confirm", args=[inspection_round.pk]), {"token": preview.context["token"]}
    )
    (slip,) = confirm.context["slips"]
    return slip.username, slip.password


def sign_in(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.stacked-form button[type=submit]")
    page.wait_for_load_state()


def test_first_login_forces_a_new_password_then_shows_what_is_behind(live_server, phone, browser):
    inspection_round, module, _lesson, _people = round_due_in(5, members=0)
    username, initial = enrol_one(inspection_round)
    page = phone

    sign_in(page, live_server.url, username, initial)
    assert "/accounts/password/" in page.url
    page.goto(f"{live_server.url}/learning/")
    assert "/accounts/password/" in page.url  # every page waits for the change

    page.fill("#id_old_password", initial)
    page.fill("#id_new_password1", NEW_PASSWORD)
    page.fill("#id_new_password2", NEW_PASSWORD)
    page.click("form:has(#id_old_password) button[type=submit]")
    page.wait_for_url(f"{live_server.url}/learning/")
    assert not profile_of(user=_user(username)).must_change_password

    page.goto(f"{live_server.url}/")
    reminder = page.locator(f"[data-testid=reminders] [data-reminder='module:{module.pk}:not_started']")
    assert module.title in reminder.inner_text()  # due in 5 days, not started
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert all(url.startswith(live_server.url) or url.startswith("data:") for url in page.requested_urls)

    # The slip's password no longer works; the chosen one does, and asks for nothing more.
    context = browser.new_context(viewport={"width": 375, "height": 740})
    again = context.new_page()
    sign_in(again, live_server.url, username, initial)
    assert again.url.startswith(f"{live_server.url}/accounts/login/")
    sign_in(again, live_server.url, username, NEW_PASSWORD)
    assert again.url == f"{live_server.url}/"
    context.close()


def _user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)
