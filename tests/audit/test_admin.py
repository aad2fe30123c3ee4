"""The audit log in the admin: only the audit role reads it, filters narrow it, nothing changes it."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from audit.models import AuditCategory, AuditEntry
from core import roles
from tests.audit.factories import AuditEntryFactory, auditor, signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def listed(client, **query) -> list[int]:
    response = client.get(reverse("audit_log"), query)
    assert response.status_code == 200
    return [entry.pk for entry in response.context["object_list"]]


def test_the_auditor_role_holds_the_log_and_nothing_that_changes_it():
    group = Group.objects.get(name=roles.AUDITOR)
    held = set(group.permissions.filter(content_type__app_label="audit").values_list("codename", flat=True))
    assert held == {"view_auditentry"}
    assert group.permissions.filter(codename="access_admin").exists()


def test_the_auditor_sees_the_menu_item_the_list_and_an_entry():
    entry = AuditEntryFactory(actor=UserFactory(username="viewer"), object_repr="第一轮巡察")
    client = signed_in(auditor())
    assert reverse("audit_log") in client.get(reverse("wagtailadmin_home")).content.decode()
    html = client.get(reverse("audit_log")).content.decode()
    assert "第一轮巡察" in html and "viewer" in html
    detail = client.get(reverse("audit_entry", args=[entry.pk]))
    assert detail.status_code == 200
    assert "10.0.0.1" in detail.content.decode()


@pytest.mark.parametrize("role", [roles.EDITOR, roles.REVIEWER, roles.ADMINISTRATOR, roles.SYSTEM_ADMINISTRATOR])
def test_other_staff_get_403_and_no_menu_item(role):
    entry = AuditEntryFactory()
    client = signed_in(UserFactory(role=role))
    for url in (reverse("audit_log"), reverse("audit_log_results"), reverse("audit_entry", args=[entry.pk])):
        assert client.get(url).status_code == 403
    assert client.post(reverse("audit_export")).status_code == 403
    home = client.get(reverse("wagtailadmin_home"))
    assert reverse("audit_log") not in home.content.decode()


def test_a_trainee_and_an_anonymous_visitor_are_kept_out(trainee):
    assert signed_in(trainee).get(reverse("audit_log")).status_code == 403
    assert signed_in(trainee).post(reverse("audit_export")).status_code == 403
    anonymous = signed_in(UserFactory())
    anonymous.logout()
    assert anonymous.get(reverse("audit_log")).status_code == 302


def test_an_unknown_entry_is_404():
    assert signed_in(auditor()).get(reverse("audit_entry", args=[999])).status_code == 404


def test_newest_first_and_paginated_by_fifty():
    old = AuditEntryFactory(at=timezone.now() - timedelta(days=2))
    for _ in range(50):
        AuditEntryFactory()
    client = signed_in(auditor())
    first = listed(client)
    assert len(first) == 50 and old.pk not in first
    assert listed(client, p=2) == [old.pk]


def test_filters_by_category_action_user_address_and_date():
    alice, bob = UserFactory(username="alice"), UserFactory(username="bob")
    now = timezone.now()
    viewed = AuditEntryFactory(actor=alice, address="10.1.1.5", at=now)
    exported = AuditEntryFactory(
        actor=bob, category=AuditCategory.EXPORT, action="readiness.dashboard_exported", address="192.168.0.9", at=now
    )
    last_month = AuditEntryFactory(actor=alice, address="10.1.2.7", at=now - timedelta(days=30))
    client = signed_in(auditor())
    assert listed(client, category=AuditCategory.EXPORT) == [exported.pk]
    assert listed(client, action="readiness.dashboard_viewed") == [viewed.pk, last_month.pk]
    assert listed(client, actor=alice.pk) == [viewed.pk, last_month.pk]
    assert listed(client, address="10.1.") == [viewed.pk, last_month.pk]
    assert listed(client, address="192.168.0.9") == [exported.pk]
    day = timezone.localdate(now - timedelta(days=30)).isoformat()
    assert listed(client, at_from=day, at_to=day) == [last_month.pk]


def test_whose_data_finds_single_records_and_pages_that_showed_many_people():
    person, other = UserFactory(username="person"), UserFactory()
    marked = AuditEntryFactory(action="quizzes.attempt_marking_viewed", subject=person, subject_name="person")
    dashboard = AuditEntryFactory()
    dashboard.people.set([person, other])
    unrelated = AuditEntryFactory(subject=other)
    unrelated.people.set([other])
    client = signed_in(auditor())
    assert listed(client, subject=person.pk) == [dashboard.pk, marked.pk]
    assert listed(client, subject=other.pk) == [unrelated.pk, dashboard.pk]


def test_the_user_list_links_to_the_entries_about_each_person_for_an_auditor_who_may_see_users():
    person = UserFactory(username="person")
    reader = auditor()
    reader.user_permissions.add(Permission.objects.get(codename="change_user", content_type__app_label="auth"))
    reader = type(reader).objects.get(pk=reader.pk)
    html = signed_in(reader).get(reverse("wagtailusers_users:index")).content.decode()
    assert f"{reverse('audit_log')}?subject={person.pk}" in html


def test_no_admin_view_adds_changes_or_deletes_an_entry():
    entry = AuditEntryFactory(object_repr="原样")
    superuser = UserFactory(is_superuser=True, is_staff=True)
    client = signed_in(superuser)
    for name in ("add", "edit", "delete", "create", "update"):
        with pytest.raises(NoReverseMatch):
            reverse(f"audit_{name}", args=[entry.pk])
    assert client.post(reverse("audit_entry", args=[entry.pk]), {"object_repr": "改过"}).status_code == 405
    snippets = client.get("/admin/snippets/audit/auditentry/")
    assert snippets.status_code == 404
    entry.refresh_from_db()
    assert entry.object_repr == "原样"
    assert AuditEntry.objects.count() == 1


def test_the_export_button_posts_the_filters_in_use():
    person = UserFactory()
    client = signed_in(auditor())
    html = client.get(reverse("audit_log"), {"subject": person.pk, "p": 1}).content.decode()
    assert 'method="post"' in html
    assert f'action="{reverse("audit_export")}?subject={person.pk}"' in html
    fragment = client.get(reverse("audit_log_results"), {"category": "export", "_w_filter_fragment": 1})
    assert fragment.status_code == 200
    assert f'action="{reverse("audit_export")}?category=export"' in fragment.content.decode()
