"""What was sent, so nothing is sent twice in a week: one row per member, round, item and ISO week, and one
per round, manager and ISO week for the digest. Written in the same transaction as the e-mail is handed over."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rounds.api import InspectionRound


class ReminderSent(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="+", verbose_name=_("round"))
    #: The item's stable key (reminders.rules.Reminder.key), e.g. "module:12:not_started" or "ack:recusal".
    key = models.CharField(_("item"), max_length=100)
    #: ISO week of the sending, "2026-W49".
    week = models.CharField(_("week"), max_length=8)
    text = models.CharField(_("reminder"), max_length=255)
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(fields=["user", "round", "key", "week"], name="reminders_once_per_item_and_week")
        ]
        indexes = [models.Index(fields=["round", "week"], name="reminders_round_week")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.key} {self.week}"


class DigestSent(models.Model):
    round = models.ForeignKey(InspectionRound, on_delete=models.CASCADE, related_name="+", verbose_name=_("round"))
    manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("round manager")
    )
    week = models.CharField(_("week"), max_length=8)
    #: How many members were behind when it was sent (no names are stored).
    members_behind = models.PositiveIntegerField(_("members behind"))
    sent_at = models.DateTimeField(_("sent at"))

    class Meta:
        verbose_name = _("weekly digest sent")
        verbose_name_plural = _("weekly digests sent")
        constraints = [
            models.UniqueConstraint(fields=["round", "manager", "week"], name="reminders_digest_once_per_week")
        ]

    def __str__(self) -> str:
        return f"{self.round_id} {self.manager_id} {self.week}"
