"""What other apps may use of the interview guides (courses, study packs, search). Keep it small and stable."""

from guides.models import InterviewGuidePage

__all__ = ["InterviewGuidePage"]
