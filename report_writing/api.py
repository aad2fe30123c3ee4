"""What other apps may ask of the report-writing app (readiness, privacy, demo content). Keep it small and stable."""

from report_writing.exercises import exercise_pass_marks, exercise_standings  # readiness
from report_writing.personal_data import anonymise_person_data, personal_records  # privacy

__all__: list[str] = ["anonymise_person_data", "personal_records"]
__all__ += ["exercise_pass_marks", "exercise_standings"]
from report_writing.models.drafts import RUBRIC_MAX  # noqa: E402  (talent: marked drafts)

__all__ += ["RUBRIC_MAX"]
from report_writing.models import ReportDraft  # noqa: E402  (hours: an exercise marked)

__all__ += ["ReportDraft"]
