"""The checks a team leader makes on a draft, as pure functions over report_writing.content.ReportContent.

Nothing here touches the database: report_writing.selectors.check_context() reads the editors' vague wordings and
the rule behind each check once, and run_checks() applies them to a draft or a 范文 alike."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from report_writing.content import ProblemItem, ReportContent, SectionItem
from report_writing.models.outline import CheckCode, DocumentKind, SectionRole


@dataclass(frozen=True)
class Finding:
    code: str  # a CheckCode value
    #: A section, problem or recommendation key of the content, or "" for the whole draft.
    target: str
    message: str
    rule: str = ""
    article_label: str = ""
    article_url: str = ""


@dataclass(frozen=True)
class CheckContext:
    #: (phrase, what to write instead), as editors keep them (VagueWording).
    vague_wordings: tuple[tuple[str, str], ...] = ()
    #: code -> (rule, article label, article url), as editors keep them (CheckBasis).
    bases: dict[str, tuple[str, str, str]] = field(default_factory=dict)


#: The rule each check falls back to when editors have not worded one (no CheckBasis row).
BUILT_IN_RULES = {
    CheckCode.VAGUE_WORDING: gettext_lazy("State problems with facts and figures, not adjectives."),
    CheckCode.NO_EVIDENCE: gettext_lazy("A problem in the report must rest on clear facts and solid evidence."),
    CheckCode.SINGLE_SOURCE: gettext_lazy("A single source does not settle a problem: give at least two."),
    CheckCode.NO_ARTICLE: gettext_lazy("A characterisation needs its basis: name the article that was violated."),
    CheckCode.SEVERAL_DISCIPLINES: gettext_lazy(
        "Characterise a problem by its main violation; split a problem touching several disciplines."
    ),
    CheckCode.UNANSWERED_RECOMMENDATION: gettext_lazy("Recommendations answer the problems found."),
    CheckCode.PROBLEM_WITHOUT_RECOMMENDATION: gettext_lazy("Every problem found needs a recommendation."),
    CheckCode.NO_PREVIOUS_ROUND: gettext_lazy("A report covers the rectification after the previous round."),
    CheckCode.SUPERSEDED_ARTICLE: gettext_lazy("Cite the edition in force; a superseded edition is no basis."),
}

_SENTENCE_END = re.compile(r"[。；！？;!?\n\r]+")
_MEASURE_WORDS = "个次笔项人元万名户家起份天年月"
_NUMBER = re.compile(rf"[0-9０-９]|[一二三四五六七八九十百千万两零〇]+[{_MEASURE_WORDS}]")
_INSTANCE_MARKERS = ("如", "例如", "比如", "其中")


def sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text or "") if s.strip()]


def has_number(sentence: str) -> bool:
    """Arabic or full-width digits, or a Chinese numeral with a measure word (三次, 两名)."""
    return bool(_NUMBER.search(sentence))


def has_instance(sentence: str) -> bool:
    """如、例如、比如、其中: the sentence gives an instance. 如 counts only as a word of its own, not inside 如实."""
    for marker in _INSTANCE_MARKERS:
        start = sentence.find(marker)
        while start != -1:
            if marker != "如" or sentence[start + 1 : start + 2] not in ("实", "期", "何", "此", "果"):
                return True
            start = sentence.find(marker, start + 1)
    return False


def vague_wordings_in(text: str, wordings: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """The listed wordings used in a sentence that has no number and no instance, once each, in list order."""
    found: dict[str, str] = {}
    for sentence in sentences(text):
        if has_number(sentence) or has_instance(sentence):
            continue
        for phrase, suggestion in wordings:
            if phrase and phrase in sentence:
                found.setdefault(phrase, suggestion)
    return list(found.items())


def run_checks(*, content: ReportContent, context: CheckContext, only_roles: set[str] | None = None) -> list[Finding]:
    """Every finding, whole-draft ones first, then by section, problem and recommendation order.

    ``only_roles`` limits the section-bound checks to the sections an exercise asks for: the problem checks run
    only with PROBLEMS, the recommendation checks with RECOMMENDATIONS, the previous-round check with
    PREVIOUS_ROUND, and the wording check on the texts of those sections."""

    def allowed(role: str) -> bool:
        return only_roles is None or role in only_roles

    def finding(code: str, target: str, message: str) -> Finding:
        rule, label, url = context.bases.get(code, ("", "", ""))
        return Finding(
            code=code,
            target=target,
            message=message,
            rule=rule or str(BUILT_IN_RULES.get(code, "")),
            article_label=label,
            article_url=url,
        )

    whole: list[Finding] = []
    by_section: list[Finding] = []
    previous = content.section_with_role(SectionRole.PREVIOUS_ROUND)
    if content.kind == DocumentKind.REPORT and allowed(SectionRole.PREVIOUS_ROUND):
        if previous is None:
            whole.append(
                finding(
                    CheckCode.NO_PREVIOUS_ROUND,
                    "",
                    _("The report has no section on the rectification after the previous round."),
                )
            )
    for section in content.sections:
        if not allowed(section.role):
            continue
        if section.role == SectionRole.PREVIOUS_ROUND and content.kind == DocumentKind.REPORT:
            if not section.text.strip():
                by_section.append(
                    finding(
                        CheckCode.NO_PREVIOUS_ROUND,
                        section.key,
                        _("“%(title)s” is empty: write how the previous round's problems were rectified.")
                        % {"title": section.title},
                    )
                )
        by_section += _vague(section, context, finding)

    problems: list[Finding] = []
    if allowed(SectionRole.PROBLEMS):
        answered = {key for r in content.recommendations for key in r.problem_keys}
        recommendations_expected = bool(content.recommendations) or (
            content.section_with_role(SectionRole.RECOMMENDATIONS) is not None and allowed(SectionRole.RECOMMENDATIONS)
        )
        for problem in content.problems:
            problems += _problem_findings(problem, context, finding)
            if recommendations_expected and problem.key not in answered:
                problems.append(
                    finding(
                        CheckCode.PROBLEM_WITHOUT_RECOMMENDATION,
                        problem.key,
                        _("No recommendation answers problem %(n)s.") % {"n": problem.number},
                    )
                )

    recommendations: list[Finding] = []
    if allowed(SectionRole.RECOMMENDATIONS):
        known = {p.key for p in content.problems}
        for recommendation in content.recommendations:
            if not any(key in known for key in recommendation.problem_keys):
                recommendations.append(
                    finding(
                        CheckCode.UNANSWERED_RECOMMENDATION,
                        recommendation.key,
                        _("Recommendation %(n)s answers no problem: tick the problems it answers.")
                        % {"n": recommendation.number},
                    )
                )
    return whole + by_section + problems + recommendations


def _vague(section: SectionItem, context: CheckContext, finding) -> list[Finding]:
    return [
        finding(
            CheckCode.VAGUE_WORDING,
            section.key,
            _("“%(wording)s” in “%(title)s” has no number or instance. %(suggestion)s")
            % {"wording": phrase, "title": section.title, "suggestion": suggestion},
        )
        for phrase, suggestion in vague_wordings_in(section.text, context.vague_wordings)
    ]


def _problem_findings(problem: ProblemItem, context: CheckContext, finding) -> list[Finding]:
    n = problem.number
    found = [
        finding(
            CheckCode.VAGUE_WORDING,
            problem.key,
            _("Problem %(n)s says “%(wording)s” with no number or instance. %(suggestion)s")
            % {"n": n, "wording": phrase, "suggestion": suggestion},
        )
        for phrase, suggestion in vague_wordings_in(problem.fact, context.vague_wordings)
    ]
    sources = sum(e.count for e in problem.evidence)
    if not problem.evidence:
        found.append(finding(CheckCode.NO_EVIDENCE, problem.key, _("Problem %(n)s has no evidence.") % {"n": n}))
    elif sources <= 1:
        found.append(
            finding(
                CheckCode.SINGLE_SOURCE,
                problem.key,
                _("Problem %(n)s has only 1 evidence source (%(source)s).")
                % {"n": n, "source": problem.evidence[0].source_label},
            )
        )
    if not problem.articles:
        found.append(finding(CheckCode.NO_ARTICLE, problem.key, _("Problem %(n)s cites no article.") % {"n": n}))
    for article in problem.articles:
        if article.in_force:
            continue
        if article.became:
            message = _("Problem %(n)s cites %(label)s of a superseded edition; it is now %(became)s.") % {
                "n": n,
                "label": article.label,
                "became": article.became,
            }
        else:
            message = _("Problem %(n)s cites %(label)s, which was repealed or removed.") % {
                "n": n,
                "label": article.label,
            }
        found.append(finding(CheckCode.SUPERSEDED_ARTICLE, problem.key, message))
    parents: dict[int, list[str]] = {}
    parent_names: dict[int, str] = {}
    for category in problem.categories:
        if category.parent_id is not None:
            parents.setdefault(category.parent_id, []).append(category.name)
            parent_names[category.parent_id] = category.parent_name
    for parent_id, names in parents.items():
        if len(names) >= 2:
            found.append(
                finding(
                    CheckCode.SEVERAL_DISCIPLINES,
                    problem.key,
                    _(
                        "Problem %(n)s is tagged with several kinds of %(parent)s (%(names)s): "
                        "split it or keep the main one."
                    )
                    % {"n": n, "parent": parent_names[parent_id], "names": "、".join(names)},
                )
            )
    return found
