"""Re-index an object once publishing has written its child rows; keep synonyms for one request.

modelsearch indexes on ``post_save``, and the task backend runs the task at
once; a modelcluster model (a page with inline interview questions, a case with
tags) writes its child rows only after its own row, so that index entry still
held the previous children until the next save. Wagtail's ``published`` signal
comes after the whole save, for pages and draftable snippets alike.
"""

from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from modelsearch import index
from wagtail.signals import published

from search import backend, models


def reindex_published(sender, instance, **kwargs):
    # on_commit: inside a transaction, after it commits; otherwise at once (the rows are written).
    transaction.on_commit(lambda: index.insert_or_update_object(instance))


def forget_synonyms(**kwargs) -> None:
    # An edit in this request (the admin) must show in a search later in the same request.
    models._request.synonyms = None


def register() -> None:
    published.connect(reindex_published, dispatch_uid="site_search.reindex_published")
    request_started.connect(models.start_request, dispatch_uid="site_search.start_request")
    # The "index is being rebuilt" notice is about this request's searches only.
    request_started.connect(backend.reset_index_degraded, dispatch_uid="site_search.reset_index_degraded")
    request_finished.connect(models.end_request, dispatch_uid="site_search.end_request")
    post_save.connect(forget_synonyms, sender=models.SynonymGroup, dispatch_uid="site_search.synonyms_saved")
    post_delete.connect(forget_synonyms, sender=models.SynonymGroup, dispatch_uid="site_search.synonyms_deleted")
