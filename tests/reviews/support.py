"""A fixed clock and secondments for the review queue tests."""

import datetime
from zoneinfo import ZoneInfo

from tests.rounds.factories import TeamMemberFactory

SHANGHAI = ZoneInfo("Asia/Shanghai")
#: Monday 3 March 2025, 10:00 in Shanghai (02:00 UTC). Tomorrow starts at 2025-03-03 16:00 UTC.
NOW = datetime.datetime(2025, 3, 3, 10, 0, tzinfo=SHANGHAI)
TOMORROW = datetime.datetime(2025, 3, 4, 0, 0, tzinfo=SHANGHAI)


def local(day: int, hour: int = 0, month: int = 3) -> datetime.datetime:
    return datetime.datetime(2025, month, day, hour, 0, tzinfo=SHANGHAI)


def second(user, *, ends_on: datetime.date, starts_on: datetime.date | None = None, own_end=None):
    """Put the user on a round that ends on ``ends_on`` (or on their own earlier end)."""
    return TeamMemberFactory(
        user=user,
        team__round__starts_on=starts_on or ends_on - datetime.timedelta(days=60),
        team__round__ends_on=ends_on,
        secondment_ends_on=own_end,
    )
