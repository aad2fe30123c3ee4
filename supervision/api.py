"""What other apps may ask of the supervision app. Keep it small and stable."""

from supervision.citations import citations_of, repoint  # the revision impact list (core.citing)
from supervision.selectors import personal_records

__all__: list[str] = ["citations_of", "personal_records", "repoint"]
