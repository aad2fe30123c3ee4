"""What other apps may ask of the scenarios app. Keep it small and stable.

``personal_records`` and ``anonymise_person_data`` have the shape the privacy app reads from every app."""

from scenarios.selectors import personal_records
from scenarios.services import anonymise_person_data

__all__: list[str] = ["anonymise_person_data", "personal_records"]
