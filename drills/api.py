"""What other apps may ask of the drills app. Keep it small and stable.

- review queue: the ``articles_missed`` event (drills.events);
- personal data: ``personal_records`` (the person's answers, for their own export).
"""

from drills.events import articles_missed
from drills.selectors import personal_records

__all__ = ["articles_missed", "personal_records"]
