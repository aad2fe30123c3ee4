"""Writes of this app: keyword-only, typed, atomic. A 结业证明 is issued by its holder once their round's track is
complete; issuing again returns the same certificate."""

from __future__ import annotations

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.labels import person_name
from hours.api import minutes_by_person
from hours.models import Certificate
from hours.selectors import track_complete
from rounds.api import InspectionRound, memberships_of

#: Letters and digits that cannot be misread for one another (no 0/O, 1/I/L).
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_CODE_TRIES = 5


class CertificateRefused(ValidationError):
    """The certificate cannot be issued; the message is for the person, in Chinese."""


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def issue_certificate(
    *, user, inspection_round: InspectionRound, today: date | None = None
) -> tuple[Certificate, bool]:
    """The person's certificate for the round's track (``created``: issued now). Refused unless they are a member
    of the round and every module of its track is complete; the minutes of the round and the day are frozen."""
    existing = Certificate.objects.filter(
        user=user, inspection_round=inspection_round, track_id=inspection_round.track_id
    ).first()
    if existing is not None:
        return existing, False
    member = memberships_of(user=user).filter(team__round=inspection_round).select_related("team__round").first()
    if member is None:
        raise CertificateRefused(_("You are not a member of this round."))
    if inspection_round.track_id is None:
        raise CertificateRefused(_("This round has no track to complete."))
    if not track_complete(member=member, inspection_round=inspection_round):
        raise CertificateRefused(_("Complete every module of the round's track first."))
    minutes = minutes_by_person(user_ids=[user.pk], inspection_round=inspection_round)[user.pk]
    fields = {
        "user": user,
        "inspection_round": inspection_round,
        "track_id": inspection_round.track_id,
        "holder_name": person_name(user),
        "round_name": inspection_round.name,
        "track_name": inspection_round.track.name,
        "minutes": minutes,
        "issued_on": today or timezone.localdate(),
    }
    for _attempt in range(_CODE_TRIES):
        try:
            with transaction.atomic():
                return Certificate.objects.create(code=new_code(), **fields), True
        except IntegrityError:
            # A double tap issued it first (the one-per-person constraint), or the code was taken: try again.
            existing = Certificate.objects.filter(
                user=user, inspection_round=inspection_round, track_id=inspection_round.track_id
            ).first()
            if existing is not None:
                return existing, False
    raise CertificateRefused(_("The certificate could not be issued. Please try again."))
