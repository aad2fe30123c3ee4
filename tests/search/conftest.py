"""Fixtures for the Whoosh search backend: each test gets its own INDEX_DIR."""

from __future__ import annotations

import pytest
from modelsearch.backends import get_search_backend


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


@pytest.fixture
def backend(whoosh_settings, db):
    return get_search_backend("default")
