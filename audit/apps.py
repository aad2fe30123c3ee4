from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Who did or saw what: security events and views or exports of personal data, kept for the auditor."""

    name = "audit"
    verbose_name = _("Audit log")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from audit import checks  # noqa: F401  (registers the retention check)
