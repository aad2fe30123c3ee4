"""The one place that writes audit entries, and the one place that removes them (past the retention period)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.export import EXPORT_LIMIT, log_workbook
from audit.models import AuditCategory, AuditEntry
from audit.selectors import filtered_entries
from core.addresses import client_address

#: 等保 level 3 asks for at least six months of logs; the setting may keep them longer, never shorter.
MINIMUM_RETENTION_DAYS = 180
PRUNE_ACTION = "audit.pruned"
PRUNE_BATCH = 1000


class AuditError(Exception):
    """A request the audit log refuses, with a message for the person who made it."""


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(value):
    """Text without control characters (PostgreSQL refuses NUL; a typed user name may hold anything)."""
    if isinstance(value, str):
        return _CONTROL.sub("", value)
    if isinstance(value, dict):
        return {_clean(str(key)): _clean(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(item) for item in value]
    return value


def _ids(people: Iterable | None) -> set[int]:
    """User ids from users or ids."""
    return {getattr(person, "pk", person) for person in people or ()} - {None}


@transaction.atomic
def record(
    *,
    category: str,
    action: str,
    actor=None,
    actor_name: str = "",
    request=None,
    target: models.Model | None = None,
    subject=None,
    people: Iterable | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """Write one entry. ``request`` gives the address (and the actor, when none is given).

    ``subject`` is the one person whose data it was; ``people`` (users or user ids) everyone a page or file
    showed, so that "who saw this person's data" finds a dashboard as well as a single record. Two queries
    whatever the number of people (one more per 499 people on SQLite).
    """
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if actor is not None and not actor_name:
        actor_name = actor.get_username()
    entry = AuditEntry.objects.create(
        at=timezone.now(),
        category=category,
        action=action,
        actor=actor,
        actor_name=_clean(actor_name)[:150],
        address=client_address(request),
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=_clean(str(target))[:255] if target is not None else "",
        subject=subject,
        subject_name=subject.get_username()[:150] if subject is not None else "",
        detail=_clean(detail or {}),
    )
    ids = _ids(people)
    if ids:
        Shown = AuditEntry.people.through
        Shown.objects.bulk_create(Shown(auditentry_id=entry.pk, user_id=pk) for pk in sorted(ids))
    return entry


def record_security_event(
    *, action: str, request=None, actor=None, actor_name: str = "", target=None, subject=None, detail=None
):
    """A security-relevant act; ``subject`` is the person it concerns, when there is one (a recusal decision)."""
    return record(
        category=AuditCategory.SECURITY,
        action=action,
        request=request,
        actor=actor,
        actor_name=actor_name,
        target=target,
        subject=subject,
        detail=detail,
    )


def record_view(*, action: str, request, target=None, subject=None, people=None, detail=None) -> AuditEntry:
    """Someone looked at personal data (a page that shows people's records)."""
    return record(
        category=AuditCategory.ACCESS,
        action=action,
        request=request,
        target=target,
        subject=subject,
        people=people,
        detail=detail,
    )


def record_export(
    *, action: str, request=None, actor=None, target=None, subject=None, people=None, detail=None
) -> AuditEntry:
    """Someone took personal data away in a file."""
    return record(
        category=AuditCategory.EXPORT,
        action=action,
        request=request,
        actor=actor,
        target=target,
        subject=subject,
        people=people,
        detail=detail,
    )


def retention_days() -> int:
    """AUDIT_RETENTION_DAYS (default 180); a shorter period is refused, never quietly raised."""
    days = getattr(settings, "AUDIT_RETENTION_DAYS", MINIMUM_RETENTION_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or days < MINIMUM_RETENTION_DAYS:
        raise AuditError(
            _("AUDIT_RETENTION_DAYS is %(days)s: audit entries must be kept for at least %(minimum)d days.")
            % {"days": days, "minimum": MINIMUM_RETENTION_DAYS}
        )
    return days


def prune_entries(*, days: int, now: datetime | None = None, batch_size: int = PRUNE_BATCH) -> int:
    """Delete entries older than ``days`` days, ``batch_size`` at a time, and record that it was done.

    Each batch is its own short transaction, so a large first run never holds the database's write lock for
    long; a run that stops half-way has deleted only entries that were due anyway, and the next run goes on.
    """
    if days < MINIMUM_RETENTION_DAYS:
        raise AuditError(
            _("Audit entries must be kept for at least %(minimum)d days; %(days)d was asked for.")
            % {"days": days, "minimum": MINIMUM_RETENTION_DAYS}
        )
    cutoff = (now or timezone.now()) - timedelta(days=days)
    deleted = 0
    while True:
        with transaction.atomic():
            batch = list(
                AuditEntry.objects.filter(at__lt=cutoff).order_by("pk").values_list("pk", flat=True)[:batch_size]
            )
            if not batch:
                break
            AuditEntry.objects.filter(pk__in=batch).delete()
            deleted += len(batch)
    record(
        category=AuditCategory.SECURITY,
        action=PRUNE_ACTION,
        detail={
            "by": "manage.py prune_audit_log",
            "deleted": deleted,
            "older_than": cutoff.isoformat(),
            "retention_days": days,
        },
    )
    return deleted


EXPORT_ACTION = "audit.log_exported"
_NOT_FILTERS = {"p", "ordering", "_w_filter_fragment", "csrfmiddlewaretoken"}


def export_log(*, request, filters) -> tuple[bytes, int]:
    """The entries these filters select as a workbook; the export is itself an entry in the log.

    Refused (AuditError) when it would hold more than EXPORT_LIMIT rows: the auditor narrows the filters.
    """
    entries = filtered_entries(data=filters, request=request)
    count = entries.count()
    if count > EXPORT_LIMIT:
        raise AuditError(
            _("%(count)d entries match: more than %(limit)d cannot go into one file. Narrow the filters first.")
            % {"count": count, "limit": EXPORT_LIMIT}
        )
    content, rows = log_workbook(entries)
    chosen = {name: value for name, value in filters.items() if value and name not in _NOT_FILTERS}
    record_export(action=EXPORT_ACTION, request=request, detail={"rows": rows, "filters": chosen})
    return content, rows
