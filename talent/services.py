"""Writes of this app: keyword-only, typed, atomic."""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.api import record_security_event
from talent.models import PersonSpecialism, Specialism
from talent.selectors import may_edit_specialisms

SPECIALISMS_CHANGED = "talent.specialisms_changed"


def set_specialisms(*, person, specialisms: Iterable[Specialism], actor, request=None) -> bool:
    """Make the person's declared specialisms exactly these. The person edits their own; office staff with the
    right edit anyone's (audited). Returns whether anything changed; a double tap changes nothing twice."""
    if not may_edit_specialisms(actor=actor, person=person):
        raise PermissionDenied
    wanted = {s.pk for s in specialisms}
    with transaction.atomic():
        # One writer per person at a time: two taps of 保存 queue here instead of racing.
        get_user_model().objects.select_for_update().filter(pk=person.pk).first()
        current = set(PersonSpecialism.objects.filter(user=person).values_list("specialism_id", flat=True))
        removed, added = current - wanted, wanted - current
        if removed:
            PersonSpecialism.objects.filter(user=person, specialism_id__in=removed).delete()
        now = timezone.now()
        for specialism_id in sorted(added):
            try:
                with transaction.atomic():
                    PersonSpecialism.objects.create(
                        user=person, specialism_id=specialism_id, declared_at=now, declared_by=actor
                    )
            except IntegrityError:
                pass  # the same tick saved by a request that got there first
        if (removed or added) and actor.pk != person.pk:
            names = dict(Specialism.objects.filter(pk__in=removed | added).values_list("pk", "name"))
            record_security_event(
                action=SPECIALISMS_CHANGED,
                request=request,
                actor=actor,
                subject=person,
                detail={"added": [names[pk] for pk in sorted(added)], "removed": [names[pk] for pk in sorted(removed)]},
            )
    return bool(removed or added)


def anonymise_person_data(*, user, placeholder: str) -> int:
    """The declared specialisms go: an anonymised person is no longer someone to staff a round with.
    Returns the number of rows removed."""
    with transaction.atomic():
        deleted, _by_model = PersonSpecialism.objects.filter(user=user).delete()
        return deleted
