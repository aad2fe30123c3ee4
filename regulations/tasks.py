"""Work for the background worker (django-tasks): the regulation import, and how it is queued.

Tasks go to the ``background`` backend, rows in the database that ``manage.py db_worker --backend background``
runs (docs/deployment.md, "Background worker"); with an immediate backend (the tests, or a site run without a
worker) the job runs at once, in the same short transactions.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from regulations.import_jobs import run_regulation_import
from regulations.models import ImportStatus, RegulationImport
from regulations.parsing import RegulationParseError, parse_source

__all__ = ["BACKGROUND", "import_regulation_file", "queue_regulation_import"]

BACKGROUND = "background"


@task(backend=BACKGROUND)
def import_regulation_file(import_id: int) -> None:
    run_regulation_import(import_id=import_id)


def queue_regulation_import(*, attempt: RegulationImport) -> RegulationImport:
    """The editor confirmed a previewed upload: queue it for the worker; nothing is written here.

    Raises RegulationParseError, the attempt then 失败 with the reason, when it was confirmed already
    (double tap, two tabs) or no longer parses.
    """
    try:
        parsed = parse_source(bytes(attempt.source), filename=attempt.filename, title=attempt.title)
        with transaction.atomic():
            # Locked, so two confirmations at the same moment queue it once.
            attempt = RegulationImport.objects.select_for_update().get(pk=attempt.pk)
            if attempt.status != ImportStatus.PREVIEWED:
                raise RegulationParseError("这次导入已经处理过，请重新上传文件。")
            attempt.status = ImportStatus.QUEUED
            attempt.articles = len(parsed.articles)
            attempt.save(update_fields=["status", "articles"])
    except RegulationParseError as error:
        with transaction.atomic():
            RegulationImport.objects.filter(pk=attempt.pk, status=ImportStatus.PREVIEWED).update(
                status=ImportStatus.FAILED, error=error.message
            )
        raise
    # After the commit: an immediate backend then writes in the job's own short transactions too.
    import_regulation_file.enqueue(attempt.pk)
    attempt.refresh_from_db()
    return attempt
