"""Reads of the writer's drafting pages: the editor (each item with the team leader's findings beside it), the
writer's list of drafts, an exercise's material, and the problem form's category and article choices."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from report_writing.checks import run_checks
from report_writing.content import ProblemItem, RecommendationItem, ReportContent, SectionItem
from report_writing.models import EvidenceSource, ReportDraft, ReportExercisePage, ReportOutline
from report_writing.selectors import check_context, content_of_draft, contents_of_drafts, only_roles_of


def outlines():
    return ReportOutline.objects.order_by("-is_default", "name")


def my_drafts(*, user):
    """The writer's own drafts, newest first, with their exercise's title."""
    return ReportDraft.objects.filter(writer=user).select_related("exercise").order_by("-updated_at", "-pk")


def live_exercise(*, pk: int) -> ReportExercisePage:
    return ReportExercisePage.objects.live().get(pk=pk)


def exercise_of(*, draft: ReportDraft) -> ReportExercisePage | None:
    if draft.exercise_id is None:
        return None
    return ReportExercisePage.objects.filter(pk=draft.exercise_id).first()


@dataclass(frozen=True)
class Material:
    """One piece of an exercise's scenario the writer may pick: a fact, or an evidence snippet."""

    index: int
    kind: str  # "fact" / "evidence"
    text: str
    source: str = ""
    source_label: str = ""
    count: int = 1


def materials_of(*, exercise: ReportExercisePage | None) -> list[Material]:
    if exercise is None:
        return []
    labels = dict(EvidenceSource.choices)
    found = []
    for index, block in enumerate(exercise.materials):
        value = block.value
        if block.block_type == "fact":
            found.append(Material(index=index, kind="fact", text=value["text"]))
        elif block.block_type == "evidence":
            found.append(
                Material(
                    index=index,
                    kind="evidence",
                    text=value["text"],
                    source=value["source"],
                    source_label=str(labels.get(value["source"], value["source"])),
                    count=value["count"] or 1,
                )
            )
    return found


# -- the editor: the content with the findings beside each item ------------------------------------------------------


def _pk_of(key: str) -> int:
    return int(key.rsplit("-", 1)[1])


@dataclass(frozen=True)
class EditorProblem:
    item: ProblemItem
    pk: int
    findings: list


@dataclass(frozen=True)
class EditorRecommendation:
    item: RecommendationItem
    pk: int
    problem_numbers: list[int]
    findings: list


@dataclass(frozen=True)
class EditorSection:
    item: SectionItem
    position: int
    findings: list
    problems: list[EditorProblem] = field(default_factory=list)
    recommendations: list[EditorRecommendation] = field(default_factory=list)

    @property
    def is_problems(self) -> bool:
        return self.item.role == "problems"

    @property
    def is_recommendations(self) -> bool:
        return self.item.role == "recommendations"


@dataclass(frozen=True)
class DraftEditor:
    content: ReportContent
    findings: list
    whole: list
    sections: list[EditorSection]


def draft_editor(*, draft: ReportDraft, content: ReportContent | None = None) -> DraftEditor:
    """What the editor shows: each section with its findings, the problems and recommendations inside theirs."""
    content = content or content_of_draft(draft=draft)
    findings = run_checks(content=content, context=check_context(), only_roles=only_roles_of(draft=draft))
    by_target: dict[str, list] = {}
    for finding in findings:
        by_target.setdefault(finding.target, []).append(finding)
    numbers = {p.key: p.number for p in content.problems}
    problems = [EditorProblem(p, _pk_of(p.key), by_target.get(p.key, [])) for p in content.problems]
    recommendations = [
        EditorRecommendation(
            r, _pk_of(r.key), [numbers[k] for k in r.problem_keys if k in numbers], by_target.get(r.key, [])
        )
        for r in content.recommendations
    ]
    sections = []
    for section in content.sections:
        sections.append(
            EditorSection(
                item=section,
                position=_pk_of(section.key),
                findings=by_target.get(section.key, []),
                problems=problems if section.role == "problems" else [],
                recommendations=recommendations if section.role == "recommendations" else [],
            )
        )
    return DraftEditor(content=content, findings=findings, whole=by_target.get("", []), sections=sections)


def with_section_texts(*, content: ReportContent, texts: dict[int, str]) -> ReportContent:
    """The content with these (posted, unsaved) section texts in place of the saved ones."""
    return replace(
        content,
        sections=tuple(
            replace(s, text=texts[_pk_of(s.key)]) if _pk_of(s.key) in texts else s for s in content.sections
        ),
    )


@dataclass(frozen=True)
class DraftRow:
    draft: ReportDraft
    findings: int


def my_draft_rows(*, user) -> list[DraftRow]:
    """The writer's drafts with how many findings each has, in a fixed number of queries whatever their number."""
    drafts = list(my_drafts(user=user))
    contents = contents_of_drafts(drafts=drafts)
    context = check_context()
    roles = dict(
        ReportExercisePage.objects.filter(pk__in={d.exercise_id for d in drafts if d.exercise_id}).values_list(
            "pk", "section_role"
        )
    )
    rows = []
    for draft in drafts:
        only = {roles[draft.exercise_id]} if draft.exercise_id in roles else None
        rows.append(DraftRow(draft, len(run_checks(content=contents[draft.pk], context=context, only_roles=only))))
    return rows
