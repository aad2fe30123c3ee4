"""What this app holds about a person, for their own data export and for anonymising them (privacy): their
certificates. 学时 themselves are computed from other apps' records, which those apps export."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.labels import field_label
from hours.models import Certificate

__all__ = ["anonymise_person_data", "personal_records"]


def personal_records(*, user) -> dict[str, list[dict]]:
    certificates = Certificate.objects.filter(user=user).order_by("issued_on", "pk")
    rows = [
        {
            field_label(Certificate, "holder_name"): c.holder_name,
            field_label(Certificate, "round_name"): c.round_name,
            field_label(Certificate, "track_name"): c.track_name,
            field_label(Certificate, "minutes"): c.minutes,
            field_label(Certificate, "issued_on"): c.issued_on,
            field_label(Certificate, "code"): c.code,
        }
        for c in certificates
    ]
    return {_("Certificates of completion"): rows}


def anonymise_person_data(*, user, placeholder: str) -> int:
    """Replace the name frozen on the person's certificates (the certificates, their rounds and 学时 stay).
    Returns the number of certificates changed."""
    with transaction.atomic():
        return Certificate.objects.filter(user=user).exclude(holder_name=placeholder).update(holder_name=placeholder)
