"""What other apps may use of the interview guides (courses, study packs, search, 监督要点). Keep it small and
stable."""

from guides.models import IntervieweeRole, InterviewGuidePage, InterviewQuestion

__all__ = [
    "InterviewGuidePage",
    "InterviewQuestion",  # a 监督要点 links the questions to ask
    "IntervieweeRole",
]
