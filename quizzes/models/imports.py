"""One question-bank upload on its way into the bank: what the editor watches while the worker imports it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class QuestionImport(models.Model):
    """A checked workbook, queued for the background worker, then its progress and outcome.

    ``data`` holds the uploaded file until the import ends (kept in the database, never in /media/).
    ``undo`` records, batch by batch and in the batch's own transaction, the questions created and the
    previous content of those updated, so that a failure can take every batch back.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("user")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    rows = models.PositiveIntegerField(_("rows"))
    state = models.CharField(_("state"), max_length=8, choices=ImportState.choices, default=ImportState.QUEUED)
    progress = models.PositiveIntegerField(_("rows written"), default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    data = models.BinaryField(default=b"")
    undo = models.JSONField(default=dict)
    queued_at = models.DateTimeField(_("queued"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    #: Touched when the worker takes the job and by every batch: a RUNNING job whose heartbeat is old was left
    #: by a worker that is gone (quizzes.spreadsheet_jobs.recover_interrupted_imports).
    heartbeat_at = models.DateTimeField(_("last sign of progress"), null=True, blank=True)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("question import")
        verbose_name_plural = _("question imports")

    def __str__(self) -> str:
        return self.file_name

    @property
    def is_queued(self) -> bool:
        return self.state == ImportState.QUEUED

    @property
    def is_finished(self) -> bool:
        return self.state in (ImportState.DONE, ImportState.FAILED)

    @property
    def is_done(self) -> bool:
        return self.state == ImportState.DONE

    @property
    def is_failed(self) -> bool:
        return self.state == ImportState.FAILED

    @property
    def is_running(self) -> bool:
        return self.state == ImportState.RUNNING

    @property
    def percent(self) -> int:
        return 100 if self.is_done else (100 * self.progress // self.rows if self.rows else 0)
