"""What this app holds about a person, in the shape the privacy app reads from every app."""

from __future__ import annotations

from django.utils.translation import gettext as _

from core.labels import field_label
from talent.models import PersonSpecialism
from talent.services import anonymise_person_data

__all__ = ["anonymise_person_data", "personal_records"]


def personal_records(*, user) -> dict[str, list[dict]]:
    """The person's declared specialisms, one row each, with when and by whom."""
    rows = PersonSpecialism.objects.filter(user=user).select_related("specialism", "declared_by")
    return {
        _("Declared specialisms"): [
            {
                field_label(PersonSpecialism, "specialism"): row.specialism.name,
                field_label(PersonSpecialism, "declared_at"): row.declared_at,
                field_label(PersonSpecialism, "declared_by"): row.declared_by.get_username() if row.declared_by else "",
            }
            for row in rows
        ]
    }
