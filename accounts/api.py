"""What other apps may ask about accounts: whether a person must pass a second factor, and whether they have one."""

from accounts.policy import second_factor_required
from accounts.selectors import has_second_factor

__all__ = ["has_second_factor", "second_factor_required"]
