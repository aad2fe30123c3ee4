import pytest
from django.core.cache import cache
from django.test import Client
from modelsearch.backends import get_search_backend

from core import roles
from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _staff_pass_the_second_factor(monkeypatch):
    """A test that logs a staff member in means one who also typed the phone's code (tests/accounts has
    the tests of the second factor itself)."""
    from tests.accounts.helpers import force_login_with_second_factor

    monkeypatch.setattr(Client, "force_login", force_login_with_second_factor)


@pytest.fixture(scope="session", autouse=True)
def _admin_built_in_chinese():
    """Wagtail builds its snippet viewsets, with their chooser labels ("选择题目"), once per process when it
    first searches the apps' wagtail_hooks. A server does that with the site's language active; the test
    process would do it while migrating the test database, which Django runs with translations off, and keep
    English labels for the whole run. Search them first, in the site's language."""
    from django.conf import settings
    from django.utils import translation
    from wagtail.hooks import search_for_hooks

    with translation.override(settings.LANGUAGE_CODE):
        search_for_hooks()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Tests roll the database back without signals: cached rows (the header menu) must not outlive them."""
    cache.clear()


@pytest.fixture
def whoosh(settings, tmp_path):
    """The real Whoosh backend as the default, in a folder of the test's own (tests.import_jobs.index_keys reads
    it)."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": str(tmp_path / "index"), "WRITE_TIMEOUT": 10},
    }
    backend = get_search_backend("default")
    # An empty index, as update_index leaves on a fresh install: a write into a folder with no index would
    # queue itself and rebuild the whole index instead (search.index_store), which these tests do not test.
    backend.store.ensure_current()
    return backend


@pytest.fixture
def trainee(db):
    return UserFactory(role=roles.TRAINEE)


@pytest.fixture
def editor(db):
    return UserFactory(role=roles.EDITOR)


@pytest.fixture
def reviewer(db):
    return UserFactory(role=roles.REVIEWER)


@pytest.fixture
def trainee_client(trainee) -> Client:
    client = Client()
    client.force_login(trainee)
    return client


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The whole demo, loaded once for the test module (it publishes dozens of pages) and rolled back after it.
    Each test still runs in its own savepoint, so what one test writes does not leak into another."""
    from django.db import transaction

    from fixtures.loader import load_demo_content

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_content()
        yield
        transaction.set_rollback(True)
