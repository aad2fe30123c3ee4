"""The in-process benches' setup (bench/regulation_import.py, bench/round_dashboard.py and the two benches of
bench/savers_harness.py): Django with the dev settings on a throwaway SQLite file in a new temp dir."""

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
