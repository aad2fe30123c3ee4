"""``manage.py check_search_index [--repair]``: whether the Whoosh index opens, and a rebuild when it does not.

Searches never repair the index themselves (a GET writes nothing): while it is missing or damaged they are
answered from the database with a notice. ``xuncha-search-check.timer`` runs this with ``--repair`` every
5 minutes (site/deploy/), so a fault found by nobody's save is rebuilt within minutes. Exit status 1 when the
index is unusable and was not (or could not be) repaired, for monitoring.
"""

from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from modelsearch.backends import get_search_backend


class Command(BaseCommand):
    help = "Check that the search index opens; with --repair, rebuild it (update_index) when it does not."

    def add_arguments(self, parser):
        parser.add_argument("--repair", action="store_true", help="rebuild a missing or damaged index")

    def handle(self, *args, repair: bool = False, **options):
        store = getattr(get_search_backend("default"), "store", None)
        if store is None:
            self.stdout.write("The search backend keeps no index folder: nothing to check.")
            return
        if store.rebuild_running():
            self.stdout.write(f"A rebuild of {store.path} is running.")
            return
        if store.usable():
            self.stdout.write(f"Search index {store.path}: OK.")
            return
        if not repair:
            raise CommandError(f"Search index {store.path} is missing or damaged: run with --repair or update_index.")
        self.stdout.write(f"Search index {store.path} is missing or damaged: rebuilding it.")
        call_command("update_index", backend_name="default", verbosity=0, stdout=StringIO())
        if not store.usable():
            raise CommandError(f"Search index {store.path} still does not open after the rebuild.")
        self.stdout.write(f"Search index {store.path}: rebuilt.")
