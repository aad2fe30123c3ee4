"""What other apps may ask about accounts: whether a person must pass a second factor, and whether they have one;
for the privacy app, what the account side holds about a person and what anonymising them must reach; for bulk
enrolment (rounds), known people by phone or staff number, new accounts with initial passwords, a re-issue."""

from accounts.people import (
    IssuedPassword,
    KnownPerson,
    NewPerson,
    complete_profiles,
    create_people,
    known_people,
    must_change_password,
    profile_of,
    reissue_initial_password,
    taken_usernames,
)
from accounts.personal_data import anonymise_account_data, personal_records
from accounts.policy import second_factor_required, second_factor_required_ids
from accounts.selectors import has_second_factor

__all__ = ["anonymise_account_data", "has_second_factor", "personal_records", "second_factor_required"]
__all__ += [
    "IssuedPassword",
    "KnownPerson",
    "NewPerson",
    "complete_profiles",
    "create_people",
    "known_people",
    "must_change_password",
    "profile_of",
    "reissue_initial_password",
    "second_factor_required_ids",
    "taken_usernames",
]
