"""Writes of the 脱敏 check: a reviewer clears a flag (the text is not real personal data) or withdraws that."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from audit.api import record_security_event
from desensitisation import selectors
from desensitisation.detect import FlagKind
from desensitisation.models import CLEAR_PERMISSION, FlagClearance

REASON_MAX = 200


class ClearanceError(Exception):
    """A clearance refused, with a message for the reviewer."""


def _check_reviewer(user) -> None:
    if not user.has_perm(CLEAR_PERMISSION):
        raise ClearanceError(_("Only a reviewer may clear or withdraw an anonymisation flag."))


def clear_flag(*, page: Page, kind: str, text: str, reason: str, reviewer, request=None) -> FlagClearance:
    """Record that ``text`` flagged as ``kind`` on ``page`` is not real personal data. A second tap returns the
    clearance the first one made."""
    _check_reviewer(reviewer)
    reason = " ".join((reason or "").split())
    if not reason:
        raise ClearanceError(_("Give a reason: why is this not real personal data?"))
    if len(reason) > REASON_MAX:
        raise ClearanceError(_("The reason is too long (200 characters at most)."))
    if kind not in FlagKind.values:
        raise ClearanceError(_("Unknown kind of flag."))
    with transaction.atomic():
        locked = Page.objects.select_for_update().get(pk=page.pk)
        existing = FlagClearance.objects.filter(page=locked, kind=kind, text=text).first()
        if existing is not None:
            return existing
        if not selectors.flag_is_on_page(page=locked, kind=kind, text=text):
            raise ClearanceError(_("This text is no longer flagged on the latest version of the page."))
        try:
            with transaction.atomic():
                clearance = FlagClearance.objects.create(
                    page=locked, kind=kind, text=text, reason=reason, cleared_by=reviewer, cleared_at=timezone.now()
                )
        except IntegrityError:
            return FlagClearance.objects.get(page=locked, kind=kind, text=text)
        record_security_event(
            action="desensitisation.flag_cleared",
            request=request,
            actor=reviewer,
            target=locked,
            detail={"page_id": locked.pk, "kind": kind, "text": text, "reason": reason},
        )
    return clearance


def withdraw_clearance(*, page: Page, clearance_id: int, reviewer, request=None) -> None:
    """The flag counts again (the clearance was a mistake). Withdrawing one already withdrawn does nothing."""
    _check_reviewer(reviewer)
    with transaction.atomic():
        clearance = FlagClearance.objects.select_for_update().filter(page_id=page.pk, pk=clearance_id).first()
        if clearance is None:
            return
        detail = {"page_id": page.pk, "kind": clearance.kind, "text": clearance.text, "reason": clearance.reason}
        clearance.delete()
        record_security_event(
            action="desensitisation.clearance_withdrawn",
            request=request,
            actor=reviewer,
            target=page,
            detail=detail,
        )
