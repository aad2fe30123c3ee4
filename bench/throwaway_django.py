"""The in-process benches' setup (bench/regulation_import.py, bench/round_dashboard.py and the two benches of
bench/savers_harness.py): Django with the dev settings on a throwaway SQLite file in a new temp dir; and what
a gunicorn worker does before its first request (bench/round_dashboard.py, bench/search_backends.py)."""

import gc
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def setup_throwaway_django(*, whoosh_index: bool = False) -> str:
    """Sets Django up on a new temp dir (returned) holding its database, uploads and search index, whatever the
    caller's environment says. With ``whoosh_index``, search writes go to the project's Whoosh backend there,
    with a 30 s writer lock timeout. The caller migrates."""
    workdir = tempfile.mkdtemp(prefix="xcxt-bench-")
    os.environ["XCXT_VAR_DIR"] = workdir
    # Always a throwaway database, even where DATABASE_URL points at a real one.
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.dev"
    import django

    django.setup()
    if whoosh_index:
        from django.conf import settings

        settings.WAGTAILSEARCH_BACKENDS = {
            "default": {"BACKEND": "search.backend", "INDEX_DIR": f"{workdir}/index", "WRITE_TIMEOUT": 30}
        }
    return workdir


def freeze_like_a_worker(*, warm_search: bool = False) -> None:
    """What the gunicorn worker does once the application is loaded (site/deploy/gunicorn.conf.py,
    post_worker_init): load every view module, optionally warm search, collect, then ``gc.freeze()``.

    Called once the data is built: what only this process holds (migrations, factories, the DEBUG query
    log) is then out of the collector's sight, as it is absent from a worker, and requests start as in one.
    """
    from django.db import connection
    from django.urls import get_resolver

    connection.queries_log.clear()
    get_resolver().url_patterns  # noqa: B018 - imports every view module, as the worker hook does
    if warm_search:
        from search.apps import warm_up_search

        warm_up_search()
    gc.collect()
    gc.freeze()
