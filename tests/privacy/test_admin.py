"""The office's pages: only holders of the permissions get in; export is a POST and audited; anonymising asks
first, then does it."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.test import Client
from django.urls import reverse

from audit.models import AuditCategory, AuditEntry
from core import roles
from privacy.services import ANONYMOUS_USERNAME
from tests.factories import UserFactory, client_for
from tests.privacy.factories import RELATIVE_NAME, person_with_records

pytestmark = pytest.mark.django_db


def _system_administrator():
    user = UserFactory(role=roles.SYSTEM_ADMINISTRATOR)
    # The admin itself is opened through core's 三员分立 migration; granted here so this test does not lean on it.
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    return user


def _urls(person) -> dict[str, str]:
    return {
        "people": reverse("privacy_people"),
        "person": reverse("privacy_person", args=[person.pk]),
        "export": reverse("privacy_person_export", args=[person.pk]),
        "anonymise": reverse("privacy_person_anonymise", args=[person.pk]),
    }


def test_migration_grants_both_permissions_to_the_system_administrator():
    group = Group.objects.get(name=roles.SYSTEM_ADMINISTRATOR)
    granted = set(group.permissions.filter(content_type__app_label="privacy").values_list("codename", flat=True))
    assert granted == {"export_personal_data", "anonymise_person"}
    for role in (roles.TRAINEE, roles.EDITOR, roles.REVIEWER, roles.ADMINISTRATOR):
        assert not Group.objects.get(name=role).permissions.filter(content_type__app_label="privacy").exists()


def test_system_administrator_reaches_the_pages_and_get_changes_nothing():
    person = person_with_records().user
    client = client_for(_system_administrator())
    urls = _urls(person)
    people = client.get(urls["people"], {"q": "lisi"})
    assert people.status_code == 200 and urls["person"] in people.content.decode()
    page = client.get(urls["person"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    confirm = client.get(urls["anonymise"])
    assert confirm.status_code == 200
    assert client.get(urls["export"]).status_code == 405
    person.refresh_from_db()
    assert person.is_active and person.email == "lisi@example.cn"
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


@pytest.mark.parametrize("role", [roles.TRAINEE, roles.EDITOR, roles.REVIEWER, roles.ADMINISTRATOR])
def test_others_are_refused(role):
    person = person_with_records().user
    client = client_for(UserFactory(role=role))
    for name, url in _urls(person).items():
        response = client.post(url, {"confirm": "1"}) if name in ("export", "anonymise") else client.get(url)
        assert response.status_code == 403, (role, name)
    person.refresh_from_db()
    assert person.is_active
    assert not AuditEntry.objects.filter(action__startswith="privacy.").exists()


def test_anonymous_is_sent_to_the_admin_login():
    person = person_with_records().user
    for url in _urls(person).values():
        response = Client().get(url)
        assert response.status_code == 302 and "login" in response["Location"]


def test_export_of_one_person_is_audited_with_actor_and_subject():
    person = person_with_records().user
    admin = _system_administrator()
    response = client_for(admin).post(_urls(person)["export"], {"format": "json"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert RELATIVE_NAME in response.content.decode()
    entry = AuditEntry.objects.get(action="privacy.person_exported")
    assert entry.category == AuditCategory.EXPORT and entry.actor == admin and entry.subject == person


def test_anonymise_needs_the_box_then_anonymises():
    person = person_with_records().user
    admin = _system_administrator()
    client = client_for(admin)
    url = _urls(person)["anonymise"]

    refused = client.post(url, {}, follow=True)
    assert "请勾选" in refused.content.decode()
    person.refresh_from_db()
    assert person.is_active

    done = client.post(url, {"confirm": "1"})
    assert done.status_code == 302
    person = get_user_model().objects.get(pk=person.pk)
    assert person.username == ANONYMOUS_USERNAME.format(id=person.pk) and not person.is_active
    entry = AuditEntry.objects.get(action="privacy.person_anonymised")
    assert entry.category == AuditCategory.SECURITY and entry.actor == admin


def test_anonymising_oneself_is_refused_in_chinese():
    admin = _system_administrator()
    response = client_for(admin).post(_urls(admin)["anonymise"], {"confirm": "1"}, follow=True)
    assert "不能匿名化自己的账号" in response.content.decode()
    admin.refresh_from_db()
    assert admin.is_active


def test_menu_item_and_user_listing_button_for_permission_holders_only():
    person = person_with_records().user
    superuser = UserFactory(is_superuser=True)
    listing = client_for(superuser).get(reverse("wagtailusers_users:index"))
    assert reverse("privacy_person", args=[person.pk]) in listing.content.decode()
    home = client_for(_system_administrator()).get(reverse("wagtailadmin_home"))
    assert reverse("privacy_people") in home.content.decode()
    editor_home = client_for(UserFactory(role=roles.EDITOR)).get(reverse("wagtailadmin_home"))
    assert reverse("privacy_people") not in editor_home.content.decode()
