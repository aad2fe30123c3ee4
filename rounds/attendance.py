"""The attendance criterion: evening study sessions attended (the study-sessions issue fills this in).

Until sessions are recorded nobody has attended any, so a module that requires attendance cannot be
completed yet; the rule is here so readiness and the dashboard already show it.
"""

from datetime import datetime


def sessions_attended(*, user_ids: list[int], since: datetime) -> dict[int, int]:
    """Sessions each person attended in person since the given time; make-ups do not count."""
    return {}
