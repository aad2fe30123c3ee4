"""``manage.py update_index``: Wagtail's command, reading each model a chunk at a time without one long transaction.

Wagtail's command reads every object of a model inside ``transaction.atomic``; on SQLite (the site opens
transactions IMMEDIATE, docs/decisions/0004) that holds the database's write lock for the whole model, so
every editor's save waited for the rebuild (tens of seconds for 30,000 articles). Here each chunk is its own
read, after the last pk of the previous one: an object saved meanwhile is read as it is then, or reaches the
new generation through the pending index operations the rebuild applies before it goes live.
"""

from modelsearch.management.commands.rebuild_modelsearch_index import DEFAULT_CHUNK_SIZE
from modelsearch.management.commands.rebuild_modelsearch_index import Command as WagtailCommand


class Command(WagtailCommand):
    help = "Rebuild the search index (a new generation, switched when complete) and apply pending index operations."

    def queryset_chunks(self, qs, chunk_size=DEFAULT_CHUNK_SIZE):
        qs = qs.order_by("pk")
        last = None
        while True:
            chunk = list((qs if last is None else qs.filter(pk__gt=last))[:chunk_size])
            if not chunk:
                return
            yield chunk
            last = chunk[-1].pk

    def update_backend(self, backend_name, **kwargs):
        try:
            super().update_backend(backend_name, **kwargs)
        except BaseException:
            # A rebuild that failed half-way (database error, Ctrl+C) gives its lock back and deletes its
            # generation: the live index stays, and a worker process can rebuild again later.
            from modelsearch.backends import get_search_backend

            store = getattr(get_search_backend(backend_name), "store", None)
            if store is not None:
                store.abort_rebuild()
            raise
