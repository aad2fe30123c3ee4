"""Writes of the rounds app beyond the admin's own saves: the security event of a change of managers."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from audit.api import record_security_event
from rounds.models import InspectionRound
from rounds.selectors import manager_ids

MANAGERS_CHANGED = "round.managers_changed"


@transaction.atomic
def note_managers_changed(*, inspection_round: InspectionRound, before: set[int], request=None) -> bool:
    """Audit who was added to or removed from the round's managers since ``before`` (their ids then).

    Called inside the save's transaction, after it; a save that left the managers alone writes nothing.
    """
    after = manager_ids(inspection_round=inspection_round)
    if after == before:
        return False
    names = dict(get_user_model().objects.filter(pk__in=after ^ before).values_list("pk", "username"))
    record_security_event(
        action=MANAGERS_CHANGED,
        request=request,
        target=inspection_round,
        detail={
            "added": sorted(names[pk] for pk in after - before),
            "removed": sorted(names[pk] for pk in before - after),
        },
    )
    return True
