"""A GET never writes: every URL pattern in the resolver, filled with real ids, requested as a trainee and as
a superuser, leaves every table as it was (row counts of all tables, and the evenings' rows in full).

Allowed on purpose: audit entries (views of personal data are recorded on GET), sessions and log-in
bookkeeping (django-axes, last_login), and Wagtail's per-user admin state.
"""

import re

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from core import roles
from quizzes import api as quizzes_api
from studysessions.models import StudySession
from tests.factories import UserFactory, home_page
from tests.readiness.test_dashboard import build_round
from tests.studysessions.factories_room import key_of, room_evening

pytestmark = pytest.mark.django_db

ALLOWED_TO_CHANGE = ("audit_", "django_session", "axes_", "wagtailcore_pagesubscription", "wagtailusers_userprofile")
# Whose whole content is compared, not only the count: rows a GET used to update in place.
COMPARED_IN_FULL = (StudySession,)
_PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _walk(patterns, prefix=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def _first_pk(model):
    row = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
    return None if row is None else str(row)


def _path(route: str, pattern: URLPattern, known: dict[str, str]) -> str | None:
    """The route with every parameter filled with a real value, or None when there is none to give."""
    callback = pattern.callback
    model = (getattr(callback, "view_initkwargs", None) or {}).get("model") or getattr(
        getattr(callback, "view_class", None), "model", None
    )
    if not (isinstance(model, type) and hasattr(model, "_default_manager")):
        model = None

    def value(match):
        name = match.group(1) or match.group(2)
        if name in ("pk", "object_id") and model is not None:
            found = _first_pk(model)
        else:
            found = known.get(name)
        if found is None:
            raise LookupError(name)
        return found

    try:
        path = _PARAMETER.sub(value, route)
    except LookupError:
        return None
    path = path.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")
    return "/" + path if not re.search(r"[\^$*+?()\[\]{}|]", path) else None


def _tables() -> list[str]:
    names = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    existing = set(connection.introspection.table_names())
    return sorted(name for name in names & existing if not name.startswith(ALLOWED_TO_CHANGE))


def _snapshot(tables: list[str]) -> tuple:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables))
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    full = tuple(tuple(model.objects.order_by("pk").values_list()) for model in COMPARED_IN_FULL)
    return counts, full


@pytest.fixture
def world():
    data = build_round()
    member = data["members"][0].user
    session, quiz, _single, _ = room_evening(host=UserFactory(role=roles.TRAINEE))
    attempt = quizzes_api.start_attempt(quiz=quiz, user=member)
    return {
        "users": [member, UserFactory(is_superuser=True, is_staff=True)],
        "known": {
            "key": key_of(session),
            "slug": quiz.slug,
            "pk": str(quiz.pk),
            "position": "1",
            "question_pk": str(quiz.questions.first().pk) if hasattr(quiz, "questions") else None,
            "page_id": str(home_page().pk),
            "parent_page_id": str(home_page().pk),
            "page_pk": str(home_page().pk),
            "user_id": str(member.pk),
            "attempt": str(attempt.pk),
        },
    }


def test_no_get_writes_anything(world):
    known = {name: value for name, value in world["known"].items() if value is not None}
    paths = sorted({p for route, pattern in _walk(get_resolver().url_patterns) if (p := _path(route, pattern, known))})
    assert len(paths) > 250  # the walk reaches the admin and the front end, not a handful
    tables = _tables()
    changed = []
    for user in world["users"]:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        for path in paths:
            before = _snapshot(tables)
            client.get(path)
            after = _snapshot(tables)
            if before != after:
                counts_before, counts_after = before[0], after[0]
                tables_changed = [t for t in tables if counts_before[t] != counts_after[t]] or ["rows updated"]
                changed.append((user.username, path, tables_changed))
    assert changed == []
