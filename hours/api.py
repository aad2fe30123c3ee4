"""学时 for the apps above (the talent pool, privacy): minutes credited to people, and their certificates.

The functions below are the fixed surface; the hours helper fills them in.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["minutes_by_person"]


def minutes_by_person(*, user_ids: Iterable[int], year: int | None = None, inspection_round=None) -> dict[int, int]:
    """Minutes of study credited to each person (every id in ``user_ids`` is a key, 0 when none), in the
    calendar ``year`` (Asia/Shanghai) or for the ``inspection_round`` (its study period) when given; one
    fixed number of queries whatever the number of people."""
    raise NotImplementedError
