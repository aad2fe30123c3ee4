"""学时 for the apps above (the talent pool, privacy): minutes credited to people, how 学时 read, and their
certificates."""

from __future__ import annotations

from collections.abc import Iterable

from hours.credits import read_credits, round_window, year_window
from hours.models import format_hours

__all__ = ["format_hours", "minutes_by_person"]


def minutes_by_person(*, user_ids: Iterable[int], year: int | None = None, inspection_round=None) -> dict[int, int]:
    """Minutes of study credited to each person (every id in ``user_ids`` is a key, 0 when none), in the
    calendar ``year`` (Asia/Shanghai) or for the ``inspection_round`` (its study period) when given; one
    fixed number of queries whatever the number of people."""
    ids = list(dict.fromkeys(user_ids))
    totals = dict.fromkeys(ids, 0)
    window = None
    if inspection_round is not None:
        window = round_window(inspection_round)
    elif year is not None:
        window = year_window(year)
    for credit in read_credits(user_ids=ids, window=window):
        totals[credit.user_id] += credit.minutes
    return totals


# privacy: the person's certificates, for their own export and for anonymising them.
from hours.personal_data import anonymise_person_data, personal_records  # noqa: E402

__all__ += ["anonymise_person_data", "personal_records"]
