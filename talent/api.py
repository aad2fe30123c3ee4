"""What other apps may ask of the talent app (privacy). Keep it small and stable."""

from talent.personal_data import anonymise_person_data, personal_records  # privacy

__all__ = ["anonymise_person_data", "personal_records"]
