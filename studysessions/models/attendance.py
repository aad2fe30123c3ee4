"""Who was there (one row per session and person) and who made it up afterwards (补学, kept apart)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("Scanned the sign-in code")
    ROSTER = "roster", _("Ticked by the host")


class Attendance(models.Model):
    session = models.ForeignKey(
        "studysessions.StudySession", on_delete=models.CASCADE, related_name="attendance", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_attendance", verbose_name=_("person")
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    method = models.CharField(_("recorded by"), max_length=10, choices=AttendanceMethod.choices)
    signed_in_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["session", "user"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="unique_session_attendance")]

    def __str__(self) -> str:
        return f"{self.session} · {self.user} · {self.get_status_display()}"

    @property
    def attended(self) -> bool:
        return self.status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)


class MakeUp(models.Model):
    """补学: an absentee worked through the agenda online and passed its quiz. Never counts as attendance."""

    session = models.ForeignKey(
        "studysessions.StudySession", on_delete=models.CASCADE, related_name="make_ups", verbose_name=_("session")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_make_ups", verbose_name=_("person")
    )
    started_at = models.DateTimeField(_("started"))
    studied_at = models.DateTimeField(_("agenda worked through"), null=True, blank=True)
    completed_at = models.DateTimeField(_("made up"), null=True, blank=True)

    class Meta:
        ordering = ["session", "user"]
        verbose_name = _("make-up")
        verbose_name_plural = _("make-ups")
        constraints = [models.UniqueConstraint(fields=["session", "user"], name="unique_session_make_up")]

    def __str__(self) -> str:
        return f"{self.session} · {self.user}"
