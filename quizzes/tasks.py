"""Work for the background worker (django-tasks), and how it is queued.

Tasks go to the ``background`` backend: rows in the database that ``manage.py db_worker --backend background``
runs (docs/deployment.md, "Background worker"). The ``default`` backend stays immediate, because modelsearch
queues a task on every save to index the object, and that belongs in the request.
"""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from quizzes.models import QuestionImport
from quizzes.spreadsheet_jobs import run_question_import
from quizzes.spreadsheet_reading import read_bank

__all__ = ["BACKGROUND", "import_question_bank", "queue_question_import"]

BACKGROUND = "background"


@task(backend=BACKGROUND)
def import_question_bank(job_id: int) -> None:
    run_question_import(job_id=job_id)


def queue_question_import(*, data: bytes, file_name: str, user) -> QuestionImport:
    """Check the whole workbook now, then queue it for the worker.

    Raises ImportRejected, having written nothing, when any row is wrong: the editor sees every problem at
    once, before anything is queued. The worker checks the file again, against the bank as it is then.
    """
    bank = read_bank(data, user=user)
    with transaction.atomic():
        job = QuestionImport.objects.create(user=user, file_name=file_name[:255], rows=len(bank), data=data)
    # After the commit: an immediate backend (tests, or a site run without a worker) then writes in short
    # batches too, instead of inside this transaction.
    import_question_bank.enqueue(job.pk)
    job.refresh_from_db()
    return job
