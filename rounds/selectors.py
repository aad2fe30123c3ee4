"""Reads for the office: which rounds a person may see (their members' readiness is the readiness app's)."""

from __future__ import annotations

from django.db.models import QuerySet

from rounds.models import InspectionRound

VIEW_EVERY_ROUND = "rounds.view_every_round"


def rounds_visible_to(user) -> QuerySet[InspectionRound]:
    """Rounds the person manages, or every round for those allowed to see them all; none for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return InspectionRound.objects.none()
    if user.has_perm(VIEW_EVERY_ROUND):
        return InspectionRound.objects.all()
    return InspectionRound.objects.filter(managers=user)
