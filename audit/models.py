"""One row per audited event: who (or which address), when, what, and the object it concerned.

Rows are written by audit.services only and never changed; the auditor reads them (admin menu 审计日志,
read-only: there is no add, edit or delete view). `manage.py prune_audit_log` removes entries past the
retention period (AUDIT_RETENTION_DAYS, at least 180). The object is kept as
a content type, an id and its text at the time, so the entry still reads right after the object is gone.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditCategory(models.TextChoices):
    #: Log-ins, failures, lockouts, second-factor changes, role and appointment changes.
    SECURITY = "security", _("Security event")
    #: Someone looked at personal data (dashboards, declarations, evening records, quiz reports, marking).
    ACCESS = "access", _("Personal data viewed")
    #: Someone took personal data away in a file.
    EXPORT = "export", _("Personal data exported")


class AuditEntry(models.Model):
    at = models.DateTimeField(_("time"), db_index=True)
    category = models.CharField(_("category"), max_length=16, choices=AuditCategory.choices, db_index=True)
    #: A dotted name, e.g. "login.failed", "round.managers_changed", "readiness.dashboard_viewed".
    action = models.CharField(_("action"), max_length=64, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("user"),
    )
    #: The username as typed or as it was, kept when the account is gone or the login failed.
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    object_repr = models.CharField(_("object"), max_length=255, blank=True)
    #: The person whose data it was, when the entry concerns one person's data.
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("whose data"),
    )
    #: The name of that person as it was, kept when the account is gone.
    subject_name = models.CharField(_("whose data (name)"), max_length=150, blank=True)
    #: Everyone whose records the page or file showed (a dashboard, a roster, a results workbook), so that
    #: "who saw this person's data" also finds the views that showed many people at once.
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="+", blank=True, verbose_name=_("people shown")
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"]), models.Index(fields=["subject", "at"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"
