"""What other apps may ask about accounts: whether a person must pass a second factor, and whether they have one;
for the privacy app, what the account side holds about a person and what anonymising them must reach."""

from accounts.personal_data import anonymise_account_data, personal_records
from accounts.policy import second_factor_required
from accounts.selectors import has_second_factor

__all__ = ["anonymise_account_data", "has_second_factor", "personal_records", "second_factor_required"]
