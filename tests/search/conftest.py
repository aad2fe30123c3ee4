"""Fixtures for the search backends: each Whoosh test gets its own INDEX_DIR; ``search_settings`` runs a test on
every backend the test database can hold (Whoosh always, the PostgreSQL backend in CI's PostgreSQL pass)."""

from __future__ import annotations

import pytest
from django.db import connection
from modelsearch.backends import get_search_backend

#: The backends ``search_settings`` parametrises: the PostgreSQL one only when the tests run on PostgreSQL.
BACKENDS = ["whoosh", *(["postgres"] if connection.vendor == "postgresql" else [])]


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "search-index"


@pytest.fixture
def whoosh_settings(settings, index_dir):
    """Make search.backend the default backend, so signals and Model.objects.search use it."""
    settings.WAGTAILSEARCH_BACKENDS = {
        "default": {"BACKEND": "search.backend", "INDEX_DIR": str(index_dir), "WRITE_TIMEOUT": 10},
    }
    return settings


@pytest.fixture(params=BACKENDS)
def search_settings(request, settings, index_dir):
    """The default backend for this test: Whoosh, then (on PostgreSQL) the PostgreSQL backend."""
    if request.param == "postgres":
        settings.WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.postgres_backend"}}
    else:
        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {"BACKEND": "search.backend", "INDEX_DIR": str(index_dir), "WRITE_TIMEOUT": 10},
        }
    settings.SEARCH_BACKEND = request.param
    return settings


@pytest.fixture
def backend(whoosh_settings, db):
    return get_search_backend("default")


@pytest.fixture
def any_backend(search_settings, db):
    return get_search_backend("default")
