"""What other apps may use of the interview guides (courses, study packs, search). Keep it small and stable."""

from guides.models import InterviewGuidePage
from guides.models import IntervieweeRole, InterviewQuestion  # supervision points link questions

__all__ = ["InterviewGuidePage"]
__all__ += ["IntervieweeRole", "InterviewQuestion"]
