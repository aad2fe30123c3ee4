"""What other apps may ask of the drills app. Keep it small and stable.

- review queue: the ``articles_missed`` event (drills.events);
- personal data: ``personal_records`` (the person's answers, for their own export) and ``anonymise_person_data``,
  in the shape the privacy app reads from every app.
- readiness: ``correct_drill_cases`` (a module's drill criterion) and ``drill_index_url`` (where it links).
"""

from drills.events import articles_missed
from drills.selectors import correct_drill_cases, drill_index_url, personal_records
from drills.services import anonymise_person_data

__all__ = ["anonymise_person_data", "articles_missed", "personal_records"]
__all__ += ["correct_drill_cases", "drill_index_url"]  # readiness: a module's drill criterion
