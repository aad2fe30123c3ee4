"""What one entry holds: the actor from the request, the address behind nginx, whose data and who was shown."""

import pytest
from django.test import RequestFactory

from audit.models import AuditCategory
from audit.services import client_address, record_security_event, record_view
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def request_from(remote: str, forwarded: str | None = None, user=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    request = RequestFactory().get("/", **headers)
    if user is not None:
        request.user = user
    return request


def test_behind_the_local_nginx_the_address_it_appended_is_taken():
    assert client_address(request_from("127.0.0.1", "10.1.2.3")) == "10.1.2.3"
    # A client's own X-Forwarded-For comes first; nginx appends what it saw, and that one counts.
    assert client_address(request_from("127.0.0.1", "6.6.6.6, 10.1.2.3")) == "10.1.2.3"


def test_a_forwarded_header_from_anyone_but_the_proxy_is_ignored():
    assert client_address(request_from("10.9.9.9", "1.2.3.4")) == "10.9.9.9"


def test_garbage_in_the_header_falls_back_to_the_proxy_address():
    assert client_address(request_from("127.0.0.1", "not-an-address")) == "127.0.0.1"


def test_trusted_proxies_are_a_setting(settings):
    settings.TRUSTED_PROXIES = ("192.168.1.1",)
    assert client_address(request_from("192.168.1.1", "10.1.2.3")) == "10.1.2.3"
    assert client_address(request_from("127.0.0.1", "10.1.2.3")) == "127.0.0.1"


def test_an_entry_takes_the_actor_from_the_request_and_keeps_names_as_they_were():
    viewer, person, other = UserFactory(username="viewer"), UserFactory(username="person"), UserFactory()
    entry = record_view(
        action="quizzes.attempt_marking_viewed",
        request=request_from("127.0.0.1", "10.1.2.3", user=viewer),
        target=other,
        subject=person,
        people=[person, other.pk, None],
    )
    assert entry.category == AuditCategory.ACCESS
    assert (entry.actor, entry.actor_name, entry.address) == (viewer, "viewer", "10.1.2.3")
    assert (entry.object_type, entry.object_id) == ("auth.user", str(other.pk))
    assert set(entry.people.all()) == {person, other}
    person.delete()
    entry.refresh_from_db()
    assert entry.subject is None and entry.subject_name == "person"


def test_control_characters_never_reach_the_database():
    """A user name typed at a failed login may hold NUL, which PostgreSQL refuses: the entry is written cleaned."""
    entry = record_security_event(action="login.failed", actor_name="ad\x00min\x07", detail={"typed\x00": ["a\x00b"]})
    entry.refresh_from_db()
    assert entry.actor_name == "admin"
    assert entry.detail == {"typed": ["ab"]}
