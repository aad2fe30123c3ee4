"""What the evening pages of every subpackage start with: the evening a URL names (or 404), its row
created on first need, the host-only check, and the context every evening page shows."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from studysessions.models import StudySession
from studysessions.schedule.occurrences import Occurrence, occurrence_for_key
from studysessions.schedule.selectors import can_host, may_follow, may_see
from studysessions.schedule.services import ScheduleError, materialise


def occurrence_or_404(key: str, *, user, cancelled: bool = True) -> Occurrence:
    """The evening the key names, if the person may see it (``selectors.may_see``); a 404 when there is
    none, when they are outside its audience (an evening of others does not exist for them), or when it is
    cancelled and ``cancelled`` is False."""
    occurrence = occurrence_for_key(key=key)
    if occurrence is None or (occurrence.cancelled and not cancelled):
        raise Http404
    if not may_see(occurrence=occurrence, user=user):
        raise Http404
    return occurrence


def require_host(occurrence: Occurrence, user) -> None:
    """The host's pages: a 403 for those who see the evening but do not run it."""
    if not can_host(occurrence=occurrence, user=user):
        raise PermissionDenied


def require_follower(occurrence: Occurrence, user) -> None:
    """The phones' pages: a 403 for those who see the evening but are neither its audience nor its host."""
    if not may_follow(occurrence=occurrence, user=user):
        raise PermissionDenied


def row_or_404(occurrence: Occurrence) -> StudySession:
    """The evening's row, created on first need (the host's pages attach things to it)."""
    if occurrence.session is not None:
        return occurrence.session
    try:
        session = materialise(series=occurrence.series, slot_start=occurrence.slot_start)
    except ScheduleError as error:
        raise Http404 from error
    session.series = occurrence.series
    return session


def evening_context(occurrence: Occurrence) -> dict:
    """What the heading of every evening page (``studysessions/_evening_header.html``) shows."""
    return {"occurrence": occurrence, "session": occurrence.session, "series": occurrence.series}
