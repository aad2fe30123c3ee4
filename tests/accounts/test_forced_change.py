"""Initial passwords: stored with the fast initial hasher, never in clear; the person is kept on the password
change page until they choose their own (which clears the flag, audited); a re-issue sets it all again."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse

from accounts import api
from accounts.hashers import ALGORITHM
from accounts.models import PersonProfile
from accounts.people import generate_initial_password
from accounts.validators import CharacterClassesValidator
from audit.models import AuditEntry
from tests.factories import UserFactory, client_for

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Qiu-shi-2027!"


def _enrol_one(name="张示例", username="13900000001", phone="13900000001") -> api.IssuedPassword:
    (issued,) = api.create_people(
        people=[api.NewPerson(name=name, username=username, phone=phone, staff_number="", home_unit="示例局")]
    )
    return issued


def _login(issued: api.IssuedPassword) -> Client:
    client = Client()
    response = client.post(reverse("login"), {"username": issued.username, "password": issued.password})
    assert response.status_code == 302
    return client


def test_initial_passwords_are_random_meet_the_policy_and_are_not_stored_in_clear():
    passwords = {generate_initial_password() for _index in range(50)}
    assert len(passwords) == 50
    for password in passwords:
        CharacterClassesValidator(min_classes=3).validate(password)
    issued = _enrol_one()
    user = get_user_model().objects.get(pk=issued.user_id)
    assert issued.password not in user.password
    assert user.password.startswith(f"{ALGORITHM}$")
    assert check_password(issued.password, user.password)
    assert user.groups.filter(name="学员").exists()
    assert PersonProfile.objects.get(user=user).must_change_password


def test_every_page_redirects_to_the_change_until_the_password_is_changed():
    issued = _enrol_one()
    client = _login(issued)
    change = reverse("accounts:password_change")
    for path in ("/", reverse("accounts:security"), "/admin/"):
        response = client.get(path)
        assert response.status_code == 302
        assert response["Location"].startswith(change)
    assert client.get(change).status_code == 200

    response = client.post(
        f"{change}?next=/",
        {"old_password": issued.password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD, "next": "/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not PersonProfile.objects.get(user_id=issued.user_id).must_change_password
    assert client.get(reverse("accounts:security")).status_code == 200
    user = get_user_model().objects.get(pk=issued.user_id)
    assert not user.password.startswith(f"{ALGORITHM}$")
    entry = AuditEntry.objects.get(action="password.changed")
    assert entry.actor_id == issued.user_id and entry.detail == {"forced": True}


def test_the_initial_password_cannot_be_kept_and_the_policy_applies():
    issued = _enrol_one()
    client = _login(issued)
    change = reverse("accounts:password_change")
    for new in (issued.password, "abcdefgh"):
        response = client.post(change, {"old_password": issued.password, "new_password1": new, "new_password2": new})
        assert response.status_code == 200
        assert response.context["form"].errors
    assert PersonProfile.objects.get(user_id=issued.user_id).must_change_password
    assert client.get("/").status_code == 302


def test_logout_stays_open_and_the_flag_survives_a_new_login():
    issued = _enrol_one()
    client = _login(issued)
    assert client.post(reverse("logout")).status_code in (200, 302)
    again = _login(issued)
    assert again.get("/")["Location"].startswith(reverse("accounts:password_change"))


def test_a_person_without_the_flag_is_not_redirected():
    person = UserFactory()
    PersonProfile.objects.create(user=person, phone="13900000009")
    assert client_for(person).get(reverse("accounts:security")).status_code == 200


def test_reissue_gives_a_new_password_sets_the_flag_again_ends_sessions_and_is_audited():
    issued = _enrol_one()
    client = _login(issued)
    client.post(
        reverse("accounts:password_change"),
        {"old_password": issued.password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    manager = UserFactory()
    person = get_user_model().objects.get(pk=issued.user_id)
    again = api.reissue_initial_password(request=None, actor=manager, user=person)
    assert again.password != issued.password
    person.refresh_from_db()
    assert check_password(again.password, person.password)
    assert not check_password(NEW_PASSWORD, person.password)
    assert PersonProfile.objects.get(user=person).must_change_password
    # The old session ended with the password it was opened with.
    assert client.get(reverse("accounts:security")).status_code == 302
    assert reverse("login") in client.get(reverse("accounts:security"))["Location"]
    entry = AuditEntry.objects.get(action="password.initial_reissued")
    assert entry.actor_id == manager.pk and entry.object_id == str(person.pk)


def test_phone_and_staff_number_are_unique_when_set():
    from django.db import IntegrityError, transaction

    PersonProfile.objects.create(user=UserFactory(), phone="", staff_number="")
    PersonProfile.objects.create(user=UserFactory(), phone="", staff_number="")
    PersonProfile.objects.create(user=UserFactory(), phone="13900000002", staff_number="G1")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonProfile.objects.create(user=UserFactory(), phone="13900000002")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonProfile.objects.create(user=UserFactory(), staff_number="G1")
