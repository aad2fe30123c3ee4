"""Reads of the report-writing app: who may read a draft, and a draft as plain content (report_writing.content)
for the checks, the lists and the documents."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from django.db.models import Prefetch, Q

from cases.api import ProblemCategory
from regulations.api import (
    CITATION_RELATED,
    RegulationArticle,
    RegulationStatus,
    article_choice_label,
    chooser_articles,
    citation_of,
)
from report_writing.checks import CheckContext, run_checks
from report_writing.content import (
    ArticleRef,
    CategoryRef,
    EvidenceItem,
    ProblemItem,
    RecommendationItem,
    ReportContent,
    SectionItem,
)
from report_writing.models import (
    CheckBasis,
    DraftSection,
    DraftStatus,
    EvidenceSource,
    ProblemEntry,
    Recommendation,
    ReportDraft,
    ReportExercisePage,
    ReportOutline,
    VagueWording,
)
from report_writing.models.drafts import MARK_PERMISSION


def is_marker(user) -> bool:
    return user.is_authenticated and user.has_perm(MARK_PERMISSION)


def readable_drafts(*, user):
    """The drafts this person may read: their own, and, for a marker, every submitted or marked exercise draft."""
    if not user.is_authenticated:
        return ReportDraft.objects.none()
    mine = Q(writer=user)
    if is_marker(user):
        return ReportDraft.objects.filter(mine | Q(status__in=[DraftStatus.SUBMITTED, DraftStatus.MARKED]))
    return ReportDraft.objects.filter(mine)


def readable_draft(*, user, pk: int) -> ReportDraft:
    """The draft, if this person may read it; otherwise ReportDraft.DoesNotExist (the view answers 404)."""
    return readable_drafts(user=user).select_related("writer").get(pk=pk)


def own_draft(*, user, pk: int) -> ReportDraft:
    """The writer's own draft (for editing and the writer's pages); otherwise ReportDraft.DoesNotExist."""
    if not user.is_authenticated:
        raise ReportDraft.DoesNotExist
    return ReportDraft.objects.get(pk=pk, writer=user)


def article_ref(article: RegulationArticle) -> ArticleRef:
    """An article as a draft cites it; ``article`` loaded with CITATION_RELATED."""
    citation = citation_of(article)
    became = ""
    if citation.superseded and citation.current is not None:
        became = f"《{citation.current.regulation.title}》{citation.current.label}"
    return ArticleRef(
        article_id=article.pk,
        label=f"《{article.regulation.title}》{article.label}",
        in_force=not citation.superseded,
        became=became,
        url=f"{article.regulation.url}#{article.anchor}",
    )


def category_ref(category: ProblemCategory) -> CategoryRef:
    """``category`` loaded with its parent."""
    return CategoryRef(
        category_id=category.pk,
        name=category.name,
        parent_id=category.parent_id,
        parent_name=category.parent.name if category.parent_id else "",
    )


def content_of_draft(*, draft: ReportDraft) -> ReportContent:
    """The draft as plain content, in a fixed number of queries whatever its size."""
    return contents_of_drafts(drafts=[draft])[draft.pk]


def contents_of_drafts(*, drafts: list[ReportDraft]) -> dict[int, ReportContent]:
    """Several drafts as plain content (draft pk -> content), in the same fixed number of queries."""
    pks = [d.pk for d in drafts]
    problems = list(
        ProblemEntry.objects.filter(draft__in=pks)
        .prefetch_related(
            "evidence",
            Prefetch("categories", queryset=ProblemCategory.objects.select_related("parent")),
            Prefetch("articles", queryset=RegulationArticle.objects.select_related(*CITATION_RELATED)),
        )
        .order_by("position", "pk")
    )
    recommendations = list(
        Recommendation.objects.filter(draft__in=pks)
        .prefetch_related(Prefetch("problems", queryset=ProblemEntry.objects.only("pk")))
        .order_by("position", "pk")
    )
    sections = list(DraftSection.objects.filter(draft__in=pks).order_by("position"))
    return {
        draft.pk: _content(
            draft,
            [s for s in sections if s.draft_id == draft.pk],
            [p for p in problems if p.draft_id == draft.pk],
            [r for r in recommendations if r.draft_id == draft.pk],
        )
        for draft in drafts
    }


def _content(draft: ReportDraft, sections, problems, recommendations) -> ReportContent:
    return ReportContent(
        title=draft.title,
        kind=draft.kind,
        sections=tuple(
            SectionItem(
                key=f"section-{s.position}",
                number=number,
                title=s.title,
                role=s.role,
                text=s.text,
                in_feedback=s.in_feedback,
                guidance=s.guidance,
            )
            for number, s in enumerate(sections, start=1)
        ),
        problems=tuple(
            ProblemItem(
                key=f"problem-{p.pk}",
                number=number,
                fact=p.fact,
                severity=p.severity,
                severity_label=p.get_severity_display(),
                categories=tuple(category_ref(c) for c in p.categories.all()),
                evidence=tuple(
                    EvidenceItem(source=e.source, source_label=e.get_source_display(), count=e.count, note=e.note)
                    for e in p.evidence.all()
                ),
                articles=tuple(article_ref(a) for a in p.articles.all()),
                responsible_party=p.responsible_party,
                responsibility_label=p.get_responsibility_display() if p.responsibility else "",
            )
            for number, p in enumerate(problems, start=1)
        ),
        recommendations=tuple(
            RecommendationItem(
                key=f"recommendation-{r.pk}",
                number=number,
                text=r.text,
                problem_keys=tuple(f"problem-{p.pk}" for p in r.problems.all()),
                deadline_label=r.get_deadline_display(),
                lead_party=r.lead_party,
            )
            for number, r in enumerate(recommendations, start=1)
        ),
    )


# -- drafting: what the checks read, the editor's choices -----------------------------------------------------------

#: How many articles one search of the problem form shows as tick boxes.
ARTICLE_SEARCH_LIMIT = 12


def check_context() -> CheckContext:
    """The editors' vague wordings and the rule (and article) behind each check, in two queries."""
    wordings = tuple(VagueWording.objects.order_by("phrase").values_list("phrase", "suggestion"))
    bases: dict[str, tuple[str, str, str]] = {}
    for basis in CheckBasis.objects.select_related("article__regulation"):
        label = url = ""
        if basis.article is not None:
            article = basis.article
            label = f"《{article.regulation.title}》{article.label}"
            url = f"{article.regulation.url}#{article.anchor}"
        bases[basis.code] = (basis.rule, label, url)
    return CheckContext(vague_wordings=wordings, bases=bases)


def only_roles_of(*, draft: ReportDraft) -> set[str] | None:
    """The sections an exercise asks for (its checks run on those only); None for free practice."""
    if draft.exercise_id is None:
        return None
    role = ReportExercisePage.objects.filter(pk=draft.exercise_id).values_list("section_role", flat=True).first()
    return {role} if role else None


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


@dataclass
class CategoryBranch:
    top: ProblemCategory
    children: list[ProblemCategory] = field(default_factory=list)


def category_tree() -> list[CategoryBranch]:
    """The taxonomy as tick boxes: each top-level category with its sub-types (one query)."""
    branches: dict[int, CategoryBranch] = {}
    for category in ProblemCategory.objects.in_tree_order():
        if category.parent_id is None:
            branches[category.pk] = CategoryBranch(top=category)
        elif category.parent_id in branches:
            branches[category.parent_id].children.append(category)
    return list(branches.values())


@dataclass(frozen=True)
class ArticleChoice:
    article: RegulationArticle
    label: str
    in_force: bool


def _choice(article: RegulationArticle) -> ArticleChoice:
    return ArticleChoice(
        article=article,
        label=article_choice_label(article),
        in_force=article.regulation.status == RegulationStatus.IN_FORCE,
    )


def chosen_articles(*, article_ids: list[int]) -> list[ArticleChoice]:
    articles = RegulationArticle.objects.filter(pk__in=article_ids).select_related("regulation")
    by_pk = {a.pk: a for a in articles}
    return [_choice(by_pk[pk]) for pk in dict.fromkeys(article_ids) if pk in by_pk]


def search_articles(*, query: str, exclude_ids: list[int]) -> list[ArticleChoice]:
    """Articles for the problem form's search box (第十条 / 第10条 / 10, or words; editions in force first)."""
    if not query.strip():
        return []
    found = []
    for article in chooser_articles(query=query)[: ARTICLE_SEARCH_LIMIT + len(exclude_ids)]:
        if article.pk not in exclude_ids:
            found.append(_choice(article))
    return found[:ARTICLE_SEARCH_LIMIT]


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
