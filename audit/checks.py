"""A deployment that sets the audit log's retention below 180 days is told so at start-up, not at the first prune."""

from django.core.checks import Error, register

from audit.services import AuditError, retention_days


@register()
def retention_is_long_enough(app_configs, **kwargs):
    try:
        retention_days()
    except AuditError as error:
        return [Error(str(error), hint="XCXT_AUDIT_RETENTION_DAYS / AUDIT_RETENTION_DAYS", id="audit.E001")]
    return []
