"""Reads of the report-writing app: who may read a draft, and a draft as plain content (report_writing.content)
for the checks, the lists and the documents."""

from __future__ import annotations

from django.db.models import Prefetch, Q

from cases.api import ProblemCategory
from regulations.api import (
    CITATION_RELATED,
    RegulationArticle,
    citation_of,
)
from report_writing.checks import CheckContext
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
    ProblemEntry,
    Recommendation,
    ReportDraft,
    ReportExercisePage,
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


# -- what the checks read ------------------------------------------------------------------------------------------


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
