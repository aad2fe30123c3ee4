"""The 三张清单 made from a report's entries: 问题清单 (what was found, on what evidence and basis), 任务清单 (what
is to be rectified, answering which problems, by when) and 责任清单 (who answers for each problem and who leads
its rectification). Pure functions over report_writing.content.ReportContent: no database.

Nothing silently drops: a problem no recommendation answers shows 未提出整改建议 in the task and responsibility
lists, and an empty column says what is missing instead of staying blank."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from report_writing.content import ArticleRef, ProblemItem, RecommendationItem, ReportContent

PROBLEM_HEADER = (
    gettext_lazy("No."),
    gettext_lazy("Problem category"),
    gettext_lazy("Problem (fact)"),
    gettext_lazy("Evidence (source × number)"),
    gettext_lazy("Articles relied on"),
    gettext_lazy("Severity"),
)
TASK_HEADER = (
    gettext_lazy("No."),
    gettext_lazy("Rectification task"),
    gettext_lazy("Problems answered"),
    gettext_lazy("Rectification time limit"),
)
RESPONSIBILITY_HEADER = (
    gettext_lazy("No."),
    gettext_lazy("Problem"),
    gettext_lazy("Responsible body or post"),
    gettext_lazy("Kind of responsibility"),
    gettext_lazy("Leads the rectification"),
)


@dataclass(frozen=True)
class ProblemRow:
    number: int
    category: str
    fact: str
    evidence: str
    basis: str
    severity: str
    #: Whether a cited article's edition is no longer in force (shown marked on the page).
    superseded: bool = False

    @property
    def cells(self) -> list[str]:
        return [str(self.number), self.category, self.fact, self.evidence, self.basis, self.severity]


@dataclass(frozen=True)
class TaskRow:
    number: int
    task: str
    problems: str
    deadline: str
    #: A problem that no recommendation answers (task 未提出整改建议).
    missing: bool = False

    @property
    def cells(self) -> list[str]:
        return [str(self.number), self.task, self.problems, self.deadline]


@dataclass(frozen=True)
class ResponsibilityRow:
    number: int
    problem: str
    party: str
    responsibility: str
    lead: str
    missing: bool = False

    @property
    def cells(self) -> list[str]:
        return [str(self.number), self.problem, self.party, self.responsibility, self.lead]


@dataclass(frozen=True)
class OneList:
    title: str
    header: tuple[str, ...]
    rows: tuple

    @property
    def cell_rows(self) -> list[list[str]]:
        return [row.cells for row in self.rows]

    @property
    def labelled_rows(self) -> list[tuple]:
        """Each row with its cells paired with their column names (a phone shows a row as a card)."""
        return [(row, list(zip(self.header, row.cells, strict=True))) for row in self.rows]


@dataclass(frozen=True)
class ThreeLists:
    problems: OneList
    tasks: OneList
    responsibilities: OneList

    def __iter__(self):
        return iter((self.problems, self.tasks, self.responsibilities))

    @property
    def is_empty(self) -> bool:
        return not (self.problems.rows or self.tasks.rows)


def _category(problem: ProblemItem) -> str:
    names = [f"{c.parent_name}·{c.name}" if c.parent_name else c.name for c in problem.categories]
    return "；".join(names) or _("Not categorised")


def _evidence(problem: ProblemItem) -> str:
    parts = [f"{e.source_label}×{e.count}" + (f"（{e.note}）" if e.note else "") for e in problem.evidence]
    return "；".join(parts) or _("No evidence")


def article_text(article: ArticleRef) -> str:
    if article.in_force:
        return article.label
    if article.became:
        return _("%(label)s (revised; now %(became)s)") % {"label": article.label, "became": article.became}
    return _("%(label)s (no longer in force)") % {"label": article.label}


def _basis(problem: ProblemItem) -> str:
    return "；".join(article_text(a) for a in problem.articles) or _("No article cited")


def _numbers(numbers) -> str:
    return "、".join(str(n) for n in numbers)


def build_lists(*, content: ReportContent) -> ThreeLists:
    problems = content.problems
    numbers = {p.key: p.number for p in problems}
    answering: dict[str, list[RecommendationItem]] = {p.key: [] for p in problems}
    for recommendation in content.recommendations:
        for key in recommendation.problem_keys:
            if key in answering:
                answering[key].append(recommendation)
    not_proposed = _("No rectification recommended")
    not_stated = _("Not stated")

    problem_rows = tuple(
        ProblemRow(
            number=p.number,
            category=_category(p),
            fact=p.fact,
            evidence=_evidence(p),
            basis=_basis(p),
            severity=p.severity_label or not_stated,
            superseded=any(not a.in_force for a in p.articles),
        )
        for p in problems
    )

    task_rows = []
    for r in content.recommendations:
        answered = sorted(numbers[k] for k in r.problem_keys if k in numbers)
        task_rows.append(
            TaskRow(
                number=len(task_rows) + 1,
                task=r.text,
                problems=_numbers(answered) or _("Answers no problem"),
                deadline=r.deadline_label or not_stated,
            )
        )
    for p in problems:
        if not answering[p.key]:
            number = len(task_rows) + 1
            task_rows.append(
                TaskRow(number=number, task=not_proposed, problems=str(p.number), deadline="—", missing=True)
            )

    responsibility_rows = []
    for p in problems:
        leads = list(dict.fromkeys(r.lead_party or not_stated for r in answering[p.key]))
        responsibility_rows.append(
            ResponsibilityRow(
                number=p.number,
                problem=p.fact,
                party=p.responsible_party or not_stated,
                responsibility=p.responsibility_label or not_stated,
                lead="、".join(leads) or not_proposed,
                missing=not answering[p.key],
            )
        )

    return ThreeLists(
        problems=OneList(title=_("List of problems"), header=tuple(map(str, PROBLEM_HEADER)), rows=problem_rows),
        tasks=OneList(title=_("List of tasks"), header=tuple(map(str, TASK_HEADER)), rows=tuple(task_rows)),
        responsibilities=OneList(
            title=_("List of responsibilities"),
            header=tuple(map(str, RESPONSIBILITY_HEADER)),
            rows=tuple(responsibility_rows),
        ),
    )
