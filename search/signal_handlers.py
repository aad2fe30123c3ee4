"""Re-index an object once publishing has written its child rows.

modelsearch indexes on ``post_save``, and the task backend runs the task at
once; a modelcluster model (a page with inline interview questions, a case with
tags) writes its child rows only after its own row, so that index entry still
held the previous children until the next save. Wagtail's ``published`` signal
comes after the whole save, for pages and draftable snippets alike.
"""

from django.db import transaction
from modelsearch import index
from wagtail.signals import published


def reindex_published(sender, instance, **kwargs):
    # on_commit: inside a transaction, after it commits; otherwise at once (the rows are written).
    transaction.on_commit(lambda: index.insert_or_update_object(instance))


def register() -> None:
    published.connect(reindex_published, dispatch_uid="site_search.reindex_published")
