"""What other apps may ask of the scenarios app. Keep it small and stable.

``personal_records`` and ``anonymise_person_data`` have the shape the privacy app reads from every app;
``good_endings`` is readiness's read for a module's scenario criteria."""

from scenarios.selectors import good_endings, personal_records
from scenarios.services import anonymise_person_data

__all__: list[str] = ["anonymise_person_data", "good_endings", "personal_records"]
