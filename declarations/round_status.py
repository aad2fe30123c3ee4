"""Reads for the member's own page: their current rounds and what they confirmed for each (本轮确认)."""

from __future__ import annotations

from dataclasses import dataclass

from declarations.models import Acknowledgement, AcknowledgementKind, RoundDeclaration
from declarations.selectors import current_texts
from rounds.api import InspectionRound, current_memberships


@dataclass(frozen=True)
class RoundStatus:
    """One current round of the person: which commitments they confirmed for it, and which they can confirm now."""

    inspection_round: InspectionRound
    #: kind → the confirmation for this round that still counts (it answers the current text).
    confirmed: dict[str, RoundDeclaration]
    #: kinds the person agreed to under the current text but has not confirmed for this round.
    can_confirm: list[str]
    #: kinds the person must first sign under the current text.
    to_sign: list[str]

    @property
    def complete(self) -> bool:
        return not self.can_confirm and not self.to_sign

    @property
    def recusal(self) -> RoundDeclaration | None:
        return self.confirmed.get(AcknowledgementKind.RECUSAL)


def current_rounds(*, user) -> list[InspectionRound]:
    """The rounds not yet ended that the person is a member of, newest first."""
    rounds: dict[int, InspectionRound] = {}
    for membership in current_memberships(user=user):
        rounds.setdefault(membership.team.round_id, membership.team.round)
    return list(rounds.values())


def round_statuses(*, user) -> list[RoundStatus]:
    """Each current round of the person with what they confirmed for it; four queries, whatever the rounds."""
    rounds = current_rounds(user=user)
    if not rounds:
        return []
    texts = current_texts()
    current_ids = {text.pk for text in texts.values()}
    agreed = set(
        Acknowledgement.objects.filter(user=user, text_id__in=current_ids).values_list("text__kind", flat=True)
    )
    confirmations: dict[int, dict[str, RoundDeclaration]] = {}
    rows = RoundDeclaration.objects.filter(
        user=user, inspection_round__in=rounds, acknowledgement__text_id__in=current_ids
    ).select_related("acknowledgement")
    for row in rows:
        confirmations.setdefault(row.inspection_round_id, {})[row.kind] = row
    result = []
    for inspection_round in rounds:
        confirmed = confirmations.get(inspection_round.pk, {})
        open_kinds = [kind for kind in AcknowledgementKind.values if kind in texts and kind not in confirmed]
        result.append(
            RoundStatus(
                inspection_round=inspection_round,
                confirmed=confirmed,
                can_confirm=[kind for kind in open_kinds if kind in agreed],
                to_sign=[kind for kind in open_kinds if kind not in agreed],
            )
        )
    return result
