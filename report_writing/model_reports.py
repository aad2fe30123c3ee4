"""范文 (ModelReportPage) as plain content, and the rule that a 范文 is published only when every check passes.

The content is built from the StreamFields' raw values (ids, not loaded blocks), so a page read and a form being
saved share one conversion, and the articles and categories of the whole report load in two queries."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django import forms
from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm

from cases.api import ProblemCategory
from regulations.api import CITATION_RELATED, RegulationArticle
from report_writing.content import (
    ArticleRef,
    CategoryRef,
    EvidenceItem,
    ProblemItem,
    RecommendationItem,
    ReportContent,
    SectionItem,
)
from report_writing.models import EvidenceSource, RectificationDeadline, Responsibility, Severity
from report_writing.selectors import article_ref, category_ref


def _items(raw) -> list:
    """A ListBlock's raw value as plain values: Wagtail stores [{"type": "item", "value": v, "id": …}, …] (older
    data: [v, …])."""
    values = []
    for item in raw or []:
        if isinstance(item, Mapping) and item.get("type") == "item" and "value" in item:
            values.append(item["value"])
        else:
            values.append(item)
    return values


def _stream_values(stream) -> list[dict]:
    """A StreamField's children as their raw value dicts (a page's stored value or a form's cleaned value)."""
    if stream is None:
        return []
    return [dict(child.get("value") or {}) for child in stream.raw_data]


def _ids(values: Iterable) -> list[int]:
    ids = []
    for value in values:
        pk = getattr(value, "pk", value)
        try:
            ids.append(int(pk))
        except (TypeError, ValueError):
            continue
    return ids


def _label(choices, value) -> str:
    return str(dict(choices).get(value, "")) if value else ""


def content_from_values(
    *,
    title: str,
    kind: str,
    summary: str = "",
    sections: list[dict],
    problems: list[dict],
    recommendations: list[dict],
) -> ReportContent:
    """A 范文's content from its blocks' raw values. Keys: section-<n>, problem-<n>, recommendation-<n> (1-based);
    a recommendation's ``answers`` numbers become problem keys (numbers without a problem are dropped)."""
    category_ids = {pk for p in problems for pk in _ids(_items(p.get("categories")))}
    article_ids = {pk for p in problems for pk in _ids(_items(p.get("articles")))}
    categories: dict[int, CategoryRef] = {}
    articles: dict[int, ArticleRef] = {}
    if category_ids:
        for category in ProblemCategory.objects.filter(pk__in=category_ids).select_related("parent"):
            categories[category.pk] = category_ref(category)
    if article_ids:
        for article in RegulationArticle.objects.filter(pk__in=article_ids).select_related(*CITATION_RELATED):
            articles[article.pk] = article_ref(article)

    problem_items = []
    for number, p in enumerate(problems, start=1):
        evidence = []
        for e in _items(p.get("evidence")):
            e = dict(e or {})
            try:
                count = int(e.get("count") or 1)
            except (TypeError, ValueError):
                count = 1
            evidence.append(
                EvidenceItem(
                    source=e.get("source") or "",
                    source_label=_label(EvidenceSource.choices, e.get("source")),
                    count=count,
                    note=e.get("note") or "",
                )
            )
        problem_items.append(
            ProblemItem(
                key=f"problem-{number}",
                number=number,
                fact=p.get("fact") or "",
                severity=p.get("severity") or "",
                severity_label=_label(Severity.choices, p.get("severity")),
                categories=tuple(categories[pk] for pk in _ids(_items(p.get("categories"))) if pk in categories),
                evidence=tuple(evidence),
                articles=tuple(articles[pk] for pk in _ids(_items(p.get("articles"))) if pk in articles),
                responsible_party=p.get("responsible_party") or "",
                responsibility_label=_label(Responsibility.choices, p.get("responsibility")),
            )
        )
    recommendation_items = []
    for number, r in enumerate(recommendations, start=1):
        answers = []
        for n in _ids(_items(r.get("answers"))):
            key = f"problem-{n}"
            if 1 <= n <= len(problem_items) and key not in answers:
                answers.append(key)
        recommendation_items.append(
            RecommendationItem(
                key=f"recommendation-{number}",
                number=number,
                text=r.get("text") or "",
                problem_keys=tuple(answers),
                deadline_label=_label(RectificationDeadline.choices, r.get("deadline")),
                lead_party=r.get("lead_party") or "",
            )
        )
    return ReportContent(
        title=title,
        kind=kind,
        subtitle=summary,
        sections=tuple(
            SectionItem(
                key=f"section-{number}",
                number=number,
                title=s.get("title") or "",
                role=s.get("role") or "",
                text=s.get("text") or "",
                in_feedback=bool(s.get("in_feedback", True)),
            )
            for number, s in enumerate(sections, start=1)
        ),
        problems=tuple(problem_items),
        recommendations=tuple(recommendation_items),
    )


def content_of_model_report(*, page) -> ReportContent:
    """The 范文 as plain content (for its page, the checks, the 三张清单 and the .docx): two queries at most."""
    return content_from_values(
        title=page.title,
        kind=page.kind,
        summary=page.summary,
        sections=_stream_values(page.sections),
        problems=_stream_values(page.problems),
        recommendations=_stream_values(page.recommendations),
    )


def model_report_findings(*, content: ReportContent) -> list:
    """What the team leader's checks raise on this 范文 (report_writing.checks); none means it may be published."""
    from report_writing.checks import run_checks
    from report_writing.selectors import check_context

    return list(run_checks(content=content, context=check_context()))


def search_text(page) -> str:
    """The 范文's words for the site search's snippet: summary, section texts and problem facts."""
    parts = [page.summary]
    parts += [s.get("text") or "" for s in _stream_values(page.sections)]
    parts += [p.get("fact") or "" for p in _stream_values(page.problems)]
    return " ".join(part for part in parts if part)


class ModelReportPageForm(WagtailAdminPageForm):
    """Publishing a 范文 requires every check to pass; saving a draft revision does not."""

    def clean(self):
        cleaned = super().clean()
        if not self._publishing() or self.errors:
            return cleaned
        content = content_from_values(
            title=cleaned.get("title") or "",
            kind=cleaned.get("kind") or "",
            summary=cleaned.get("summary") or "",
            sections=_stream_values(cleaned.get("sections")),
            problems=_stream_values(cleaned.get("problems")),
            recommendations=_stream_values(cleaned.get("recommendations")),
        )
        findings = model_report_findings(content=content)
        if findings:
            errors = [
                forms.ValidationError(
                    _("A model report is published only when every check passes: %(message)s")
                    % {"message": finding_text(finding, content)}
                )
                for finding in findings
            ]
            raise forms.ValidationError(errors)
        return cleaned

    def _publishing(self) -> bool:
        data = getattr(self, "data", None) or {}
        return "action-publish" in data or "action-submit" in data


def finding_text(finding, content: ReportContent) -> str:
    """One finding in a line: where, what, and the rule behind it."""
    where = _where(finding.target, content)
    text = str(finding.message)
    if where:
        text = f"{where}：{text}"
    if getattr(finding, "rule", ""):
        text += f"（{finding.rule}）"
    return text


def _where(target: str, content: ReportContent) -> str:
    for problem in content.problems:
        if problem.key == target:
            return _("Problem %(n)s") % {"n": problem.number}
    for recommendation in content.recommendations:
        if recommendation.key == target:
            return _("Recommendation %(n)s") % {"n": recommendation.number}
    for section in content.sections:
        if section.key == target:
            return section.title
    return ""


__all__ = [
    "ModelReportPageForm",
    "content_from_values",
    "content_of_model_report",
    "finding_text",
    "model_report_findings",
    "search_text",
]
