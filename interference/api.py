"""What other apps may ask of the 打招呼/说情 register (readiness's dashboard, privacy). Keep it small and stable."""

from __future__ import annotations

from django.urls import reverse

from interference.personal_data import anonymise_person_data, personal_records  # privacy
from interference.selectors import counts_by_round, may_read_round, readable_counts  # readiness


def round_register_url(*, round_id: int) -> str:
    return reverse("interference:round", args=[round_id])


__all__ = [
    "anonymise_person_data",
    "counts_by_round",
    "may_read_round",
    "personal_records",
    "readable_counts",
    "round_register_url",
]
