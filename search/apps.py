import logging
import time

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger("search.backend")


def warm_up_search(log=logger) -> float:
    """Load what a search needs (jieba's dictionaries, the Whoosh searcher, the segment caches) in this process.

    Called by gunicorn's post_worker_init (site/deploy/gunicorn.conf.py) in each new worker, not by ready():
    management commands and tests should not pay for it. Never fails the worker: a broken index is the
    search's to report. Returns the seconds it took.
    """
    from modelsearch.backends import get_search_backend

    started = time.perf_counter()
    try:
        backend = get_search_backend("default")
        if hasattr(backend, "warm_up"):
            backend.warm_up()
    except Exception:
        log.warning("Search warm-up failed; the first search in this worker will load the index", exc_info=True)
    seconds = time.perf_counter() - started
    log.info("Search warmed up in %.2f s", seconds)
    return seconds


class SearchConfig(AppConfig):
    name = "search"
    label = "site_search"
    verbose_name = _("Search")

    def ready(self):
        from search import signal_handlers

        signal_handlers.register()
