"""Reads of an agenda.

- ``agenda_steps``: the agenda unrolled into the steps the projector shows one at a time (one article, one
  case, one question). The participants' phones, the make-up walk-through and the printed record use the
  same list.
- ``session_quiz``: the evening's closing quiz.
- ``agenda_lines``: one line per item, for the schedule, the calendar feed and the reminder e-mails.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cases.api import CasePage
from drills import api as drills_api
from regulations.api import (
    CITATION_RELATED,
    ChangeKind,
    RegulationArticle,
    RegulationPage,
    RegulationStatus,
    article_label,
    citation_of,
    comparison_context,
    current_edition,
)
from studysessions.agenda.blocks import GuideSection
from studysessions.models import StudySession


@dataclass(frozen=True)
class Step:
    index: int  # position in the evening, from 0
    item: int  # which agenda item it belongs to, from 0
    kind: str  # the agenda block type: articles, changes, case, guide, discussion, talk, quiz, drill, scenario
    heading: str  # what the item is, shown small above the step
    context: dict = field(default_factory=dict)  # what the step's template needs
    article_ids: tuple[int, ...] = ()  # the regulation articles this step goes through
    question_id: int | None = None  # a live-quiz question (quiz steps after the first)
    minutes: int | None = None  # the item's planned minutes, on its first step only

    @property
    def template(self) -> str:
        return f"studysessions/agenda/steps/{self.kind}.html"


def agenda_steps(session: StudySession) -> list[Step]:
    """Every step of the evening in order. A handful of queries per agenda item."""
    steps: list[Step] = []
    for item, block in enumerate(session.agenda):
        builder = _BUILDERS.get(block.block_type)
        if builder is None:
            continue
        produced = builder(block.value) or [_empty(block.block_type)]
        for n, (heading, context, article_ids, question_id) in enumerate(produced):
            steps.append(
                Step(
                    index=len(steps),
                    item=item,
                    kind=block.block_type,
                    heading=heading,
                    context=context,
                    article_ids=tuple(article_ids),
                    question_id=question_id,
                    minutes=block.value.get("minutes") if n == 0 else None,
                )
            )
    return steps


def covered_article_ids(steps: list[Step], *, up_to: int | None = None) -> list[int]:
    """Articles gone through in steps [0, up_to], each once, in order."""
    seen: dict[int, None] = {}
    for step in steps if up_to is None else steps[: up_to + 1]:
        for pk in step.article_ids:
            seen.setdefault(pk, None)
    return list(seen)


def session_quiz(session: StudySession):
    """The evening's closing quiz (the first quiz item), or None."""
    for block in session.agenda:
        if block.block_type == "quiz" and block.value.get("quiz") is not None:
            return block.value["quiz"]
    return None


def _empty(kind: str):
    return (_("(nothing to show)"), {"empty": True}, (), None)


_SUPERSEDED = (RegulationStatus.REVISED, RegulationStatus.REPEALED)


def _superseded(edition) -> bool:
    return getattr(edition, "status", None) in _SUPERSEDED


def _with_mark(heading: str, edition) -> str:
    """The step's heading, marked 已修订/已废止 when the chosen edition is no longer the one in force."""
    if not _superseded(edition):
        return heading
    return f"{heading} · {RegulationStatus(edition.status).label}"


def _articles(value):
    regulation = value["regulation"]
    if regulation is None:
        return []
    regulation = regulation.specific
    # The planned articles, each with the article in force it became (for its citation), in one query.
    articles = (
        RegulationArticle.objects.filter(
            regulation_id=regulation.pk, number__gte=value["first"], number__lte=value["last"]
        )
        .select_related(*CITATION_RELATED)
        .order_by("ordinal")
    )
    # Outside the f-string: makemessages does not look inside f-strings.
    label = _("article by article")
    heading = _with_mark(f"{regulation.title}（{label}）", regulation)
    return [
        (heading, {"article": a, "regulation": regulation, "citation": citation_of(a)}, [a.pk], None) for a in articles
    ]


def _changes(value):
    edition = value["edition"]
    if edition is None:
        return []
    edition = edition.specific
    if not isinstance(edition, RegulationPage) or edition.revises_id is None:
        return []
    context = comparison_context(edition=edition)
    numbers = [c.new.number for c in context["changes"] if c.new and c.kind != ChangeKind.UNCHANGED]
    # The new articles, each with the article in force it became should this edition be revised in turn.
    articles = {
        a.number: a
        for a in RegulationArticle.objects.filter(regulation=edition, number__in=numbers).select_related(
            *CITATION_RELATED
        )
    }
    label = _("what changed")
    heading = _with_mark(f"{edition.title}（{label}）", edition)
    steps = []
    for c in context["changes"]:
        if c.kind == ChangeKind.UNCHANGED:
            continue
        article = articles.get(c.new.number) if c.new else None
        step = {"change": c, "edition": edition, "previous": context["previous"]}
        if article is not None:
            step |= {"article": article, "citation": citation_of(article)}
        steps.append((heading, step, [article.pk] if article is not None else [], None))
    return steps


def _case(value):
    case = value["case"]
    if case is None:
        return []
    return [(_("Case discussion"), {"case": case.specific, "prompt": value.get("prompt", "")}, [], None)]


def _guide(value):
    guide = value["guide"]
    if guide is None:
        return []
    guide = guide.specific
    section = value.get("section") or GuideSection.QUESTIONS
    heading = f"{guide.title}（{GuideSection(section).label}）"
    if section == GuideSection.QUESTIONS:
        questions = list(guide.questions.all())
        return [(heading, {"guide": guide, "question": q, "number": n}, [], None) for n, q in enumerate(questions, 1)]
    return [(heading, {"guide": guide, "section": section, "html": getattr(guide, section)}, [], None)]


def _discussion(value):
    return [(_("Discussion"), {"questions": list(value["questions"])}, [], None)]


def _talk(value):
    return [
        (
            _("Experience talk"),
            {"speaker": value["speaker"], "topic": value["topic"], "notes": value["notes"]},
            [],
            None,
        )
    ]


def _quiz(value):
    quiz = value["quiz"]
    if quiz is None:
        return []
    placements = (
        quiz.fixed_questions.select_related("question").prefetch_related("question__choices").order_by("sort_order")
    )
    label = _("Closing quiz")
    heading = f"{label}：{quiz.title}"
    intro = (heading, {"quiz": quiz, "intro": True, "count": len(placements)}, [], None)
    return [intro] + [
        (heading, {"quiz": quiz, "question": p.question, "number": n}, [], p.question_id)
        for n, p in enumerate(placements, 1)
    ]


DRILL_FACTS, DRILL_REVEAL = "facts", "reveal"


def _drill(value):
    """定性练习: the facts (what drills' own drill page shows: the unit type and the anonymised facts, never the
    title, summary or categories), then the reveal (the case's categories, characterisation and basis). A case
    that is not published has no steps."""
    case = value["case"]
    if case is None:
        return []
    try:
        case = drills_api.drill_case(case_id=case.pk)
    except CasePage.DoesNotExist:
        return []
    heading = _("Characterisation drill")
    categories = list(case.categories.select_related("parent").order_by("sort_order", "name", "pk"))
    return [
        (heading, {"phase": DRILL_FACTS, "case": case}, [], None),
        (heading, {"phase": DRILL_REVEAL, "case": case, "categories": categories}, [], None),
    ]


def is_drill_facts(step: Step | None) -> bool:
    return step is not None and step.kind == "drill" and step.context.get("phase") == DRILL_FACTS


def is_drill_reveal(step: Step | None) -> bool:
    return step is not None and step.kind == "drill" and step.context.get("phase") == DRILL_REVEAL


def _scenario(value):
    """情景演练: one step; which of the scenario's steps is on screen is the room's state
    (studysessions.room.scenario). A scenario that is not published has no steps."""
    page = value["scenario"]
    if page is None or not page.live:
        return []
    return [(_("Scenario drill"), {"scenario": page.specific}, [], None)]


_BUILDERS = {
    "articles": _articles,
    "changes": _changes,
    "case": _case,
    "guide": _guide,
    "discussion": _discussion,
    "talk": _talk,
    "quiz": _quiz,
    "drill": _drill,
    "scenario": _scenario,
}


# --- the agenda in a few lines -------------------------------------------------------------------


@dataclass(frozen=True)
class AgendaLine:
    kind: str
    heading: str
    labels: tuple[str, ...] = ()  # e.g. the article range 第一条–第五条
    minutes: int | None = None
    #: The item's edition is no longer in force: what it is now (已修订/已废止), and the edition in force.
    superseded: str = ""
    in_force: RegulationPage | None = None

    def __str__(self) -> str:
        return " ".join([self.heading, *self.labels])


def _article_range(value) -> tuple[str, tuple[str, ...]]:
    regulation = value.get("regulation")
    first, last = value.get("first"), value.get("last")
    if first and last and first != last:
        labels = (f"{article_label(first)}–{article_label(last)}",)
    elif first:
        labels = (article_label(first),)
    else:
        labels = ()
    return (regulation.title if regulation else _("Articles")), labels


def _line(kind: str, value) -> tuple[str, tuple[str, ...]]:
    if kind == "articles":
        return _article_range(value)
    if kind == "changes":
        edition = value.get("edition")
        label = _("what changed")  # outside the f-string, where makemessages finds it
        return f"{edition.title if edition else ''}（{label}）", ()
    if kind == "case":
        case = value.get("case")
        return _("Case discussion"), ((case.title,) if case else ())
    if kind == "guide":
        guide = value.get("guide")
        section = value.get("section") or GuideSection.QUESTIONS
        return (guide.title if guide else _("Interview guide")), (str(GuideSection(section).label),)
    if kind == "discussion":
        return _("Discussion"), ()
    if kind == "talk":
        return _("Experience talk"), (f"{value.get('topic', '')}（{value.get('speaker', '')}）",)
    if kind == "drill":
        # Never the case's title: it names the problem, and so the answer, before the evening.
        case = value.get("case")
        return _("Characterisation drill"), ((_("Case %(number)s") % {"number": case.pk},) if case else ())
    if kind == "scenario":
        page = value.get("scenario")
        return _("Scenario drill"), ((page.title,) if page else ())
    if kind == "quiz":
        quiz = value.get("quiz")
        return _("Closing quiz"), ((quiz.title,) if quiz else ())
    return kind, ()


def agenda_lines(session: StudySession | None) -> list[AgendaLine]:
    """One line per agenda item: what the evening covers, without unrolling it into projector steps."""
    if session is None:
        return []
    lines = []
    for block in session.agenda:
        heading, labels = _line(block.block_type, block.value)
        superseded, in_force = _edition_state(block.block_type, block.value)
        lines.append(AgendaLine(block.block_type, heading, labels, block.value.get("minutes"), superseded, in_force))
    return lines


def _edition_state(kind: str, value) -> tuple[str, RegulationPage | None]:
    """For an item of one edition (逐条学, 修订变化) that is no longer in force: 已修订 or 已废止, and the edition
    in force that replaced it (a query, only for such an item)."""
    if kind not in ("articles", "changes"):
        return "", None
    edition = value.get("regulation" if kind == "articles" else "edition")
    edition = edition.specific if edition is not None else None
    if not isinstance(edition, RegulationPage) or not _superseded(edition):
        return "", None
    return str(RegulationStatus(edition.status).label), current_edition(edition=edition)
