"""The private calendar feed of each person, and the reminders already sent (each at most once)."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_feed_token() -> str:
    return secrets.token_urlsafe(24)


class CalendarFeed(models.Model):
    """The secret in a person's feed URL. Revoking replaces it, so the old URL stops working at once."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed", verbose_name=_("person")
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    last_fetched_at = models.DateTimeField(_("last fetched"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


class SessionReminder(models.Model):
    session = models.ForeignKey(
        "studysessions.StudySession", on_delete=models.CASCADE, related_name="reminders", verbose_name=_("session")
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(_("sent"))

    class Meta:
        verbose_name = _("session reminder")
        verbose_name_plural = _("session reminders")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="unique_session_reminder")]

    def __str__(self) -> str:
        return f"{self.session} · {self.user}"
