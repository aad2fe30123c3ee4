"""What the apps above may ask of reminders: the person's records for privacy (export and anonymising)."""

from reminders.personal_data import anonymise_person_data, personal_records

__all__ = ["anonymise_person_data", "personal_records"]
