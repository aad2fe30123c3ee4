"""Delete audit entries older than AUDIT_RETENTION_DAYS (default 180, never fewer), in batches.

Run daily by site/deploy/xuncha-prune-audit.timer. The run itself leaves an entry (audit.pruned).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from audit.services import AuditError, prune_entries, retention_days


class Command(BaseCommand):
    help = "Delete audit entries older than AUDIT_RETENTION_DAYS (at least 180 days)."

    def handle(self, *args, **options):
        try:
            days = retention_days()
            deleted = prune_entries(days=days)
        except AuditError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("%(deleted)d audit entries older than %(days)d days deleted.") % {"deleted": deleted, "days": days}
        )
