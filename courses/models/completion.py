"""One row per (user, item) studied: the completion record everything else is computed from."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    LESSON = "lesson", _("Lesson")
    ARTICLE = "article", _("Regulation article")
    CASE = "case", _("Case")
    GUIDE = "guide", _("Interview guide")


class CompletionRecord(models.Model):
    """Written only by courses.services.record_completion; studying the same item twice is one row (its
    ``last_completed_at`` moves on)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="completions")
    kind = models.CharField(_("kind"), max_length=10, choices=ItemKind.choices)
    item_id = models.PositiveIntegerField(_("item"))
    #: The first time: kept for history.
    completed_at = models.DateTimeField(_("completed"))
    #: The latest time it was studied (studying again after it expired): what validity windows compare.
    last_completed_at = models.DateTimeField(_("last studied"), blank=True)

    class Meta:
        ordering = ["user", "completed_at"]
        verbose_name = _("completion record")
        verbose_name_plural = _("completion records")
        constraints = [models.UniqueConstraint(fields=["user", "kind", "item_id"], name="unique_completion")]
        indexes = [models.Index(fields=["kind", "item_id"], name="completion_item")]

    def __str__(self) -> str:
        return f"{self.user} · {self.kind} {self.item_id}"

    def save(self, *args, **kwargs):
        if self.last_completed_at is None:  # a record written in one go: its first time is its latest
            self.last_completed_at = self.completed_at
        super().save(*args, **kwargs)
