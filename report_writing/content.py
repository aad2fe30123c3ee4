"""A report's content as plain values: what the checks, the 三张清单 and the .docx read. A draft
(report_writing.selectors.content_of_draft) and a 范文 (content_of_model_report) both become one, so the same
checks and documents serve both. Nothing here touches the database."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class EvidenceItem:
    source: str  # an EvidenceSource value
    source_label: str  # 谈话记录
    count: int
    note: str = ""


@dataclass(frozen=True)
class ArticleRef:
    article_id: int
    label: str  # 《示例办法》第十条
    #: Whether the article's edition is the one in force; False for a revised or repealed edition.
    in_force: bool = True
    #: What it became in the edition in force (its label), when known and different.
    became: str = ""
    #: Where the article is read (its edition's page, at the article).
    url: str = ""


@dataclass(frozen=True)
class CategoryRef:
    category_id: int
    name: str
    parent_id: int | None = None
    parent_name: str = ""


@dataclass(frozen=True)
class ProblemItem:
    #: Stable within the content: "problem-<pk>" for a draft's entry, "problem-<n>" for a 范文's.
    key: str
    number: int  # 1-based, in order
    fact: str
    severity: str = ""
    severity_label: str = ""
    categories: tuple[CategoryRef, ...] = ()
    evidence: tuple[EvidenceItem, ...] = ()
    articles: tuple[ArticleRef, ...] = ()
    responsible_party: str = ""
    responsibility_label: str = ""


@dataclass(frozen=True)
class RecommendationItem:
    key: str  # "recommendation-<pk>" / "recommendation-<n>"
    number: int
    text: str
    problem_keys: tuple[str, ...] = ()
    deadline_label: str = ""
    lead_party: str = ""


@dataclass(frozen=True)
class SectionItem:
    key: str  # "section-<position>"
    number: int
    title: str
    role: str  # a SectionRole value
    text: str = ""
    in_feedback: bool = True
    guidance: str = ""


@dataclass(frozen=True)
class ReportContent:
    title: str
    kind: str  # a DocumentKind value
    sections: tuple[SectionItem, ...] = ()
    problems: tuple[ProblemItem, ...] = ()
    recommendations: tuple[RecommendationItem, ...] = ()
    #: Free text under the title (e.g. the exercise's unit), not checked.
    subtitle: str = ""
    extra: dict = field(default_factory=dict)

    def section_with_role(self, role: str) -> SectionItem | None:
        return next((s for s in self.sections if s.role == role), None)

    def problem(self, key: str) -> ProblemItem | None:
        return next((p for p in self.problems if p.key == key), None)
