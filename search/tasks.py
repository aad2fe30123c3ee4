"""Background work of the search index (django-tasks, the ``background`` backend run by ``db_worker``).

``drain_pending_index`` applies the pending index operations (search.services); it is queued after each
edit whose index write could not land. ``rebuild_search_index`` is ``manage.py update_index``, queued once
when a save finds the index missing or damaged (a search queues nothing: check_search_index --repair, run by
a timer, repairs what no save found). Both are safe to run twice or at the same time as a
rebuild started by hand (a second rebuild waits for the first one's lock, then rebuilds again).
"""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django_tasks import task

__all__ = ["BACKGROUND", "drain_pending_index", "rebuild_search_index"]

BACKGROUND = "background"


def _store():
    from modelsearch.backends import get_search_backend

    return getattr(get_search_backend("default"), "store", None)


@task(backend=BACKGROUND)
def drain_pending_index() -> int:
    from search.services import drain_pending_index_operations

    store = _store()
    return drain_pending_index_operations(store=store) if store is not None else 0


@task(backend=BACKGROUND)
def rebuild_search_index() -> None:
    call_command("update_index", backend_name="default", verbosity=0, stdout=StringIO())
