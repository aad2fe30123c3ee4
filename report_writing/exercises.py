"""Reads for exercises, the 范文 library, marking and standings: the section page's lists, where a writer stands on
an exercise, the marking queue, a marked draft's result and the module criterion's standings (readiness)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from core.office_documents import chinese_number
from report_writing.content import ReportContent
from report_writing.models import (
    DraftComment,
    DraftStatus,
    ModelReportPage,
    ReportDraft,
    ReportExercisePage,
    SectionRole,
)
from report_writing.models.drafts import RUBRIC, RUBRIC_MAX
from report_writing.selectors import content_of_draft, is_marker
from report_writing.selectors_drafting import Material, materials_of

PASSED = "passed"
AWAITING = "awaiting"
BELOW = "below"


# The section page and the exercise page -------------------------------------------------------------------------


def exercises_under(*, page) -> list[ReportExercisePage]:
    return list(ReportExercisePage.objects.child_of(page).live().public().order_by("path"))


def model_reports_under(*, page) -> list[ModelReportPage]:
    return list(ModelReportPage.objects.child_of(page).live().public().order_by("path"))


def latest_drafts(*, user, exercise_ids) -> dict[int, ReportDraft]:
    """Exercise id → this writer's latest draft on it (writing, submitted or marked). One query."""
    if not user.is_authenticated or not exercise_ids:
        return {}
    latest: dict[int, ReportDraft] = {}
    drafts = ReportDraft.objects.filter(writer=user, exercise_id__in=list(exercise_ids)).order_by("-created_at", "-pk")
    for draft in drafts:
        latest.setdefault(draft.exercise_id, draft)
    return latest


@dataclass(frozen=True)
class ExerciseState:
    """Where this writer stands on an exercise: a draft in writing (continue), one handed in (its result), or none."""

    writing: ReportDraft | None = None
    handed_in: ReportDraft | None = None

    @property
    def can_start(self) -> bool:
        """Whether 开始写作 / 继续写作 / 再写一次 is offered: services.start_draft's rule (no new try while the last
        one waits for marking)."""
        return self.writing is not None or self.handed_in is None or self.handed_in.is_marked


def exercise_material(*, exercise) -> dict[str, list[Material]]:
    """The exercise's facts and evidence snippets, each list in the editor's order (numbered when shown)."""
    found = materials_of(exercise=exercise)
    return {"facts": [m for m in found if m.kind == "fact"], "evidence": [m for m in found if m.kind == "evidence"]}


def exercise_state(*, user, exercise) -> ExerciseState:
    if not user.is_authenticated:
        return ExerciseState()
    drafts = list(ReportDraft.objects.filter(writer=user, exercise_id=exercise.pk).order_by("-created_at", "-pk"))
    writing = next((d for d in drafts if d.status == DraftStatus.WRITING), None)
    handed_in = next((d for d in drafts if d.status != DraftStatus.WRITING), None)
    return ExerciseState(writing=writing, handed_in=handed_in)


# Marking --------------------------------------------------------------------------------------------------------


def marking_queue(*, marker) -> QuerySet[ReportDraft]:
    """Submitted drafts waiting for a mark, oldest first; empty for anyone who may not mark. A marker's own drafts
    are not theirs to mark."""
    if not is_marker(marker):
        return ReportDraft.objects.none()
    return (
        ReportDraft.objects.filter(status=DraftStatus.SUBMITTED)
        .exclude(writer=marker)
        .select_related("writer", "exercise")
        .order_by("submitted_at", "pk")
    )


def waiting_count(*, marker) -> int:
    return marking_queue(marker=marker).count()


def draft_to_mark(*, pk: int, marker) -> ReportDraft:
    """A submitted or marked draft of someone else, for a marker; DoesNotExist (a 404) otherwise."""
    if not is_marker(marker):
        raise ReportDraft.DoesNotExist
    return (
        ReportDraft.objects.filter(status__in=[DraftStatus.SUBMITTED, DraftStatus.MARKED])
        .exclude(writer=marker)
        .select_related("writer", "exercise", "marked_by")
        .get(pk=pk)
    )


def comment_key(comment: DraftComment) -> str:
    """The content key a marker's comment belongs to ("" for the whole draft)."""
    if comment.section_id:
        return f"section-{comment.section.position}"
    if comment.problem_id:
        return f"problem-{comment.problem_id}"
    if comment.recommendation_id:
        return f"recommendation-{comment.recommendation_id}"
    return ""


def inline_comments(*, draft: ReportDraft) -> dict[str, str]:
    """Content key → the marker's comment on that part. One query."""
    comments = DraftComment.objects.filter(draft=draft).select_related("section").order_by("pk")
    found: dict[str, str] = {}
    for comment in comments:
        key = comment_key(comment)
        if key:
            found[key] = comment.text
    return found


@dataclass(frozen=True)
class Score:
    name: str
    label: str
    value: int | None


@dataclass(frozen=True)
class DraftResult:
    draft: ReportDraft
    content: ReportContent
    scores: list[Score]
    total: int | None
    maximum: int
    pass_mark: int | None
    passed: bool | None
    comments: dict[str, str] = field(default_factory=dict)
    exercise: ReportExercisePage | None = None
    model_report: ModelReportPage | None = None


def draft_result(*, draft: ReportDraft) -> DraftResult:
    """What the writer's result page shows: scores against the exercise's pass mark, comments by part, and the
    exercise's 范文 once marked."""
    exercise = None
    if draft.exercise_id:
        exercise = ReportExercisePage.objects.filter(pk=draft.exercise_id).first()
    model_report = None
    if draft.is_marked and exercise is not None and exercise.model_report_id:
        model_report = ModelReportPage.objects.live().filter(pk=exercise.model_report_id).first()
    total = draft.rubric_total
    pass_mark = exercise.pass_mark if exercise is not None else None
    return DraftResult(
        draft=draft,
        content=content_of_draft(draft=draft),
        scores=[Score(name=name, label=str(label), value=getattr(draft, name)) for name, label in RUBRIC],
        total=total,
        maximum=RUBRIC_MAX * len(RUBRIC),
        pass_mark=pass_mark,
        passed=None if total is None or pass_mark is None else total >= pass_mark,
        comments=inline_comments(draft=draft) if draft.is_marked else {},
        exercise=exercise,
        model_report=model_report,
    )


def reading(*, content: ReportContent, comments: dict[str, str] | None = None) -> dict:
    """A report laid out to be read: its sections numbered 一、二、…, the problems under the section of the main
    problems and the recommendations under theirs (at the end when the outline has no such section), each part with
    the marker's comment on it (if any) and each recommendation with the numbers of the problems it answers."""
    comments = comments or {}
    numbers = {p.key: p.number for p in content.problems}
    problems = [{"item": p, "comment": comments.get(p.key, "")} for p in content.problems]
    recommendations = [
        {"item": r, "comment": comments.get(r.key, ""), "answers": [numbers[k] for k in r.problem_keys if k in numbers]}
        for r in content.recommendations
    ]
    sections = []
    placed = {"problems": False, "recommendations": False}
    for s in content.sections:
        row = {"item": s, "numeral": chinese_number(s.number), "comment": comments.get(s.key, ""), "problems": []}
        row["recommendations"] = []
        if s.role == SectionRole.PROBLEMS and not placed["problems"]:
            row["problems"], placed["problems"] = problems, True
        if s.role == SectionRole.RECOMMENDATIONS and not placed["recommendations"]:
            row["recommendations"], placed["recommendations"] = recommendations, True
        sections.append(row)
    return {
        "content": content,
        "sections": sections,
        "loose_problems": [] if placed["problems"] else problems,
        "loose_recommendations": [] if placed["recommendations"] else recommendations,
    }


# The module criterion (readiness) -------------------------------------------------------------------------------


def exercise_standings(*, user_ids, since, page_ids) -> dict[int, dict[int, str]]:
    """User id → exercise page id → "passed" (a draft marked since ``since`` with a rubric total at least the
    exercise's pass mark), "below" (marked since then, all below it) or "awaiting" (handed in, not marked yet, and
    nothing passed). One query for the whole round."""
    standings: dict[int, dict[int, str]] = {}
    if not user_ids or not page_ids:
        return standings
    rows = (
        ReportDraft.objects.filter(writer_id__in=list(user_ids), exercise_id__in=list(page_ids))
        .filter(
            Q(status=DraftStatus.MARKED, marked_at__gte=since)
            | Q(status=DraftStatus.SUBMITTED, submitted_at__gte=since)
        )
        .order_by()
        .values_list(
            "writer_id",
            "exercise_id",
            "status",
            "exercise__reportexercisepage__pass_mark",
            *(name for name, _label in RUBRIC),
        )
    )
    rank = {BELOW: 0, AWAITING: 1, PASSED: 2}
    for writer_id, exercise_id, status, pass_mark, *scores in rows:
        if status == DraftStatus.SUBMITTED:
            found = AWAITING
        else:
            found = PASSED if sum(s or 0 for s in scores) >= (pass_mark or 0) else BELOW
        mine = standings.setdefault(writer_id, {})
        if rank[found] > rank.get(mine.get(exercise_id), -1):
            mine[exercise_id] = found
    return standings


def exercise_pass_marks(*, page_ids) -> dict[int, int]:
    """Exercise id → its pass mark, for the module criterion's label. One query."""
    return dict(ReportExercisePage.objects.filter(pk__in=list(page_ids)).values_list("pk", "pass_mark"))


__all__ = [
    "AWAITING",
    "BELOW",
    "PASSED",
    "DraftResult",
    "ExerciseState",
    "draft_result",
    "draft_to_mark",
    "exercise_pass_marks",
    "exercise_standings",
    "exercise_state",
    "exercises_under",
    "inline_comments",
    "latest_drafts",
    "marking_queue",
    "model_reports_under",
    "reading",
    "waiting_count",
]
