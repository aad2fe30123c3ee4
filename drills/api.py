"""What other apps may ask of the drills app. Keep it small and stable.

- review queue: the ``articles_missed`` event (drills.events);
- personal data: ``personal_records`` (the person's answers, for their own export) and ``anonymise_person_data``,
  in the shape the privacy app reads from every app.
- readiness: ``correct_drill_cases`` (a module's drill criterion) and ``drill_index_url`` (where it links).
- the 夜学 room's 定性 block (studysessions): ``drill_case`` (a published case with what its facts step shows),
  and ``score_category`` (exact / partial / wrong); the taxonomy's tree is ``cases.api.category_tree``.
"""

from drills.events import articles_missed
from drills.progress import correct_drill_cases
from drills.scoring import CategoryResult, CategoryScore, score_category
from drills.selectors import drill_case, drill_index_url, personal_records
from drills.services import anonymise_person_data

__all__ = ["anonymise_person_data", "articles_missed", "personal_records"]
__all__ += ["CategoryResult", "CategoryScore", "drill_case", "score_category"]
__all__ += ["correct_drill_cases", "drill_index_url"]  # readiness: a module's drill criterion
from drills.models import RUBRIC_MAX  # noqa: E402  (talent: marked work out of the rubric maximum)

__all__ += ["RUBRIC_MAX"]
from drills.models import DrillAttempt  # noqa: E402  (hours: a drill answered)

__all__ += ["DrillAttempt"]
