"""报告写作's records: outlines and the watch-list editors keep (outline.py), each writer's drafts (drafts.py),
and the exercise and 范文 pages (pages.py)."""

from report_writing.models.drafts import (
    DraftComment,
    DraftSection,
    DraftStatus,
    EvidenceSource,
    ProblemEntry,
    ProblemEvidence,
    Recommendation,
    RectificationDeadline,
    ReportDraft,
    Responsibility,
    Severity,
)
from report_writing.models.outline import (
    CheckBasis,
    CheckCode,
    DocumentKind,
    OutlineSection,
    ReportOutline,
    SectionRole,
    VagueWording,
)
from report_writing.models.pages import ModelReportPage, ReportExercisePage, ReportWritingIndexPage

__all__ = [
    "CheckBasis",
    "CheckCode",
    "DocumentKind",
    "DraftComment",
    "DraftSection",
    "DraftStatus",
    "EvidenceSource",
    "ModelReportPage",
    "OutlineSection",
    "ProblemEntry",
    "ProblemEvidence",
    "Recommendation",
    "RectificationDeadline",
    "ReportDraft",
    "ReportExercisePage",
    "ReportOutline",
    "ReportWritingIndexPage",
    "Responsibility",
    "SectionRole",
    "Severity",
    "VagueWording",
]
