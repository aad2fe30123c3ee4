"""Writes of the supervision app: a team member ticks (or unticks) a point covered at a unit."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rounds.api import InspectionTeam, memberships_of
from supervision.models import CoverageTick, SupervisionPointPage


class CoverageError(Exception):
    """A tick the rules refuse; the message is for the person (in Chinese through gettext)."""


class NotATeamMember(CoverageError):
    """Only the team's members tick its coverage."""


def set_covered(
    *, team: InspectionTeam, unit_id: int, point_id: int, user, covered: bool, when: datetime | None = None
) -> bool:
    """Tick (``covered``) or untick the point at one of the team's units. Returns whether a row was written
    or removed; a second tap of the same state changes nothing (double taps are safe).

    Raises ``NotATeamMember`` for anyone not in the team, ``CoverageError`` for a unit not the team's or a
    point that does not apply to the unit's type (or is not published)."""
    with transaction.atomic():
        if not memberships_of(user=user).filter(team_id=team.pk).exists():
            raise NotATeamMember(_("Only the team's members tick coverage."))
        unit = team.units.filter(pk=unit_id).only("pk", "unit_type_id").first()
        if unit is None:
            raise CoverageError(_("This unit is not one your team inspects."))
        applies = SupervisionPointPage.objects.live().filter(pk=point_id, unit_types=unit.unit_type_id).exists()
        if not applies:
            raise CoverageError(_("This point does not apply to this unit."))
        existing = CoverageTick.objects.filter(team=team, unit_id=unit.pk, point_id=point_id)
        if not covered:
            deleted, _count = existing.delete()
            return bool(deleted)
        if existing.exists():
            return False
        try:
            with transaction.atomic():
                CoverageTick.objects.create(
                    team=team, unit_id=unit.pk, point_id=point_id, ticked_by=user, ticked_at=when or timezone.now()
                )
        except IntegrityError:
            return False  # the other tap of a double tap wrote it first
        return True
