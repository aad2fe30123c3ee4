"""The one place that writes audit entries."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from audit.models import AuditCategory, AuditEntry


def client_address(request) -> str | None:
    """The client's address as the site sees it (REMOTE_ADDR; nginx passes the real one)."""
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(
    *,
    category: str,
    action: str,
    actor=None,
    actor_name: str = "",
    request=None,
    target: models.Model | None = None,
    subject=None,
    detail: dict | None = None,
) -> AuditEntry:
    """Write one entry. ``request`` gives the address (and the actor, when none is given)."""
    if actor is None and request is not None and getattr(request, "user", None) is not None:
        actor = request.user if request.user.is_authenticated else None
    if actor is not None and not actor_name:
        actor_name = actor.get_username()
    return AuditEntry.objects.create(
        at=timezone.now(),
        category=category,
        action=action,
        actor=actor,
        actor_name=actor_name[:150],
        address=client_address(request),
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        object_repr=str(target)[:255] if target is not None else "",
        subject=subject,
        detail=detail or {},
    )


def record_security_event(*, action: str, request=None, actor=None, actor_name: str = "", target=None, detail=None):
    return record(
        category=AuditCategory.SECURITY,
        action=action,
        request=request,
        actor=actor,
        actor_name=actor_name,
        target=target,
        detail=detail,
    )


def record_view(*, action: str, request, target=None, subject=None, detail=None) -> AuditEntry:
    """Someone looked at personal data (a page that shows people's records)."""
    return record(
        category=AuditCategory.ACCESS, action=action, request=request, target=target, subject=subject, detail=detail
    )


def record_export(*, action: str, request=None, actor=None, target=None, subject=None, detail=None) -> AuditEntry:
    """Someone took personal data away in a file."""
    return record(
        category=AuditCategory.EXPORT,
        action=action,
        request=request,
        actor=actor,
        target=target,
        subject=subject,
        detail=detail,
    )
