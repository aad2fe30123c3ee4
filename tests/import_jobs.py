"""What the tests of the two background imports share (the regulation import, tests/regulations/test_import_jobs.py,
and the question import, tests/quizzes/test_import_task.py and test_import_recovery.py): a worker killed in the
middle, a job whose worker went quiet, and what the Whoosh index holds. The ``whoosh`` fixture is in
tests/conftest.py."""

from datetime import timedelta

from django.db.models import Model
from django.utils import timezone

# What either job says once taken back (the same msgid in regulations.import_jobs and quizzes.spreadsheet_jobs).
INTERRUPTED = "导入被中断（服务重启），已撤销已写入的部分，请重新导入。"


class Killed(BaseException):
    """What a kill -9 looks like from inside: the worker stops where it is, no except clause runs."""


def age(job: Model, minutes: float) -> None:
    """The job's worker last said it was alive ``minutes`` ago."""
    type(job).objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=minutes))


def index_keys(backend) -> set[str]:
    """Every entry in the search index, as "app.model:pk"."""
    with backend.store.searcher() as searcher:
        return set() if searcher is None else {fields["key"] for fields in searcher.all_stored_fields()}
