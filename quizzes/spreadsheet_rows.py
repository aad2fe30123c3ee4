"""One spreadsheet row at a time: read its cells into a :class:`QuestionSpec` and say what is wrong with it.

The database is read once per file (:class:`BankLookups`), not once per row.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from quizzes import spreadsheet_format as fmt
from quizzes.models import CHOICE_KINDS, AttemptAnswer, ChoiceOrder, Question, QuestionCategory, QuestionKind, Scoring
from quizzes.validation import question_problems
from regulations.api import RegulationArticle, RegulationPage, from_chinese

#: The column a problem found by quizzes.validation is shown in.
_FIELD_COLUMNS = {
    "stem": fmt.STEM,
    "choices": fmt.option_header("A"),
    "correct": fmt.ANSWER,
    "true_false_answer": fmt.ANSWER,
    "blanks": fmt.BLANKS,
    "points": fmt.POINTS,
}


@dataclass(frozen=True)
class RowError:
    """One problem: the Excel row number (None for the file as a whole), the column and the reason."""

    row: int | None
    column: str
    message: str


class ImportRejected(Exception):
    """The file cannot be imported; ``errors`` lists every problem found, and nothing was written."""

    def __init__(self, errors: list[RowError]):
        self.errors = sorted(errors, key=lambda e: e.row or 0)
        super().__init__("\n".join(f"{e.row or '-'} {e.column} {e.message}" for e in self.errors))


@dataclass(frozen=True)
class QuestionSpec:
    """Everything the file says about one question, as stored values."""

    kind: str
    stem: str
    explanation: str = ""
    points: int = 1
    scoring: str = Scoring.ALL_OR_NOTHING
    choice_order: str = ChoiceOrder.CONTENT
    true_false_answer: bool | None = None
    choices: tuple[tuple[str, bool], ...] = ()
    blanks: tuple[str, ...] = ()
    category_ids: frozenset[int] = frozenset()
    article_ids: frozenset[int] = frozenset()

    @property
    def content(self) -> tuple:
        """What makes two questions the same question, whatever their points or categories."""
        return (self.kind, self.stem, self.choices, self.blanks, self.true_false_answer)

    @classmethod
    def of(cls, question: Question) -> QuestionSpec:
        """A stored question (choices, blanks, categories and articles prefetched), as the file would say it."""
        kind = question.kind
        return cls(
            kind=kind,
            stem=fmt.cell_text(question.stem),
            explanation=fmt.cell_text(question.explanation),
            points=question.points,
            scoring=question.scoring,
            choice_order=question.choice_order,
            true_false_answer=question.true_false_answer if kind == QuestionKind.TRUE_FALSE else None,
            choices=tuple((fmt.cell_text(c.text), c.is_correct) for c in question.choices.all())
            if kind in CHOICE_KINDS
            else (),
            blanks=tuple(fmt.cell_text(b.accepted) for b in question.blanks.all())
            if kind == QuestionKind.FILL_BLANK
            else (),
            category_ids=frozenset(c.pk for c in question.categories.all()),
            article_ids=frozenset(a.pk for a in question.articles.all()),
        )


@dataclass(frozen=True)
class BankRow:
    row: int
    question_id: int | None
    spec: QuestionSpec


def questions_for_specs():
    return Question.objects.prefetch_related("choices", "blanks", "categories", "articles")


@dataclass
class BankLookups:
    """The categories, regulation articles and existing questions a file refers to."""

    categories: dict[str, QuestionCategory]
    regulations: dict[str, list[int]]
    articles: dict[tuple[int, str], int]
    existing: dict[int, Question]
    answered: set[int]
    same_content: dict[tuple, int]

    @classmethod
    def for_rows(cls, rows: list[dict[str, str]]) -> BankLookups:
        ids = {int(r[fmt.ID]) for r in rows if r[fmt.ID].isdigit()}
        new_stems = {r[fmt.STEM] for r in rows if not r[fmt.ID] and r[fmt.STEM]}
        titles = {title for r in rows for title, _label in _lenient_refs(r[fmt.ARTICLES])}
        regulations: dict[str, list[int]] = {}
        for pk, title in RegulationPage.objects.filter(title__in=titles).values_list("pk", "title"):
            regulations.setdefault(title, []).append(pk)
        articles: dict[tuple[int, str], int] = {}
        found = RegulationArticle.objects.filter(regulation_id__in=[pk for pks in regulations.values() for pk in pks])
        for pk, regulation_id, number, label in found.values_list("pk", "regulation_id", "number", "label"):
            articles.setdefault((regulation_id, label), pk)
            articles.setdefault((regulation_id, str(number)), pk)
        same_content = {QuestionSpec.of(q).content: q.pk for q in questions_for_specs().filter(stem__in=new_stems)}
        return cls(
            categories={c.name: c for c in QuestionCategory.objects.select_related("parent")},
            regulations=regulations,
            articles=articles,
            existing=questions_for_specs().in_bulk(ids),
            answered=set(AttemptAnswer.objects.filter(question_id__in=ids).values_list("question_id", flat=True)),
            same_content=same_content,
        )

    def category(self, path: str) -> QuestionCategory | None:
        """父类/子类 or a bare name (names are unique); a slash may also be part of a name."""
        path = path.replace("／", "/").strip()
        if path in self.categories:
            return self.categories[path]
        for index, char in enumerate(path):
            if char == "/":
                found = self.categories.get(path[index + 1 :].strip())
                if found and found.parent_id and found.parent.name == path[:index].strip():
                    return found
        return None

    def close_categories(self, path: str) -> list[str]:
        known = {fmt.category_path(c) for c in self.categories.values()}
        return difflib.get_close_matches(path, sorted(known), n=3, cutoff=0.4)

    def article(self, title: str, label: str) -> tuple[int | None, str]:
        """The article's id, or None and the reason it cannot be found."""
        pages = self.regulations.get(title, [])
        if not pages:
            return None, _("There is no regulation titled 《%(title)s》.") % {"title": title}
        if len(pages) > 1:
            return None, _("Several regulations are titled 《%(title)s》: give them different titles first.") % {
                "title": title
            }
        number = fmt.ARTICLE_LABEL.match(label)["number"]
        found = self.articles.get((pages[0], label)) or self.articles.get((pages[0], str(_number(number))))
        if found is None:
            return None, _("《%(title)s》 has no %(label)s.") % {"title": title, "label": label}
        return found, ""


def _number(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    try:
        return from_chinese(text)
    except ValueError:
        return None


def _lenient_refs(text: str) -> list[tuple[str, str]]:
    try:
        return fmt.read_article_refs(text)
    except ValueError:
        return []


class RowReader:
    """Reads rows into BankRows, adding a RowError for each problem to ``errors``."""

    def __init__(self, *, option_letters: str, lookups: BankLookups, user, errors: list[RowError]):
        self.letters = option_letters
        self.lookups = lookups
        self.errors = errors
        self.can_update = user.has_perm("quizzes.change_question")
        self.row_of_id: dict[int, int] = {}

    def read(self, number: int, cells: dict[str, str]) -> BankRow | None:
        if cells[fmt.ID] == fmt.EXAMPLE_MARK:
            return None
        problems: dict[str, list[str]] = {}

        def problem(column: str, message: str) -> None:
            problems.setdefault(column, []).append(message)

        question_id = self._question_id(cells[fmt.ID], number, problem)
        kind = fmt.read_kind(cells[fmt.KIND])
        if kind is None:
            problem(fmt.KIND, _("Write one of %(kinds)s.") % {"kinds": "、".join(fmt.KIND_WORDS.values())})
        elif question_id and kind != self.lookups.existing[question_id].kind and question_id in self.lookups.answered:
            problem(fmt.KIND, _("This question has already been answered in quizzes, so its type cannot change."))
        choices, true_false = self._answer(kind, cells, problem)
        points = self._points(cells[fmt.POINTS], problem)
        scoring, order = fmt.read_scoring(cells[fmt.SCORING]), fmt.read_order(cells[fmt.ORDER])
        if scoring is None:
            words = "、".join(fmt.SCORING_WORDS.values())
            problem(fmt.SCORING, _("Write one of %(words)s, or leave it empty.") % {"words": words})
        if order is None:
            words = "、".join(fmt.ORDER_WORDS.values())
            problem(fmt.ORDER, _("Write one of %(words)s, or leave it empty.") % {"words": words})
        spec_values = {
            "stem": cells[fmt.STEM],
            "choices": choices,
            "true_false_answer": true_false,
            "blanks": tuple(fmt.split_items(cells[fmt.BLANKS])),
        }
        if kind is not None:
            for found in question_problems(kind=kind, points=points, **spec_values):
                column = _FIELD_COLUMNS[found.field]
                if column not in problems:  # one reason per cell: the cell could not even be read
                    problem(column, found.message)
        categories = self._categories(cells[fmt.CATEGORIES], problem)
        articles = self._articles(cells[fmt.ARTICLES], problem)
        for column, messages in problems.items():
            self.errors.extend(RowError(number, column, message) for message in messages)
        if problems:
            return None
        spec = QuestionSpec(
            kind=kind,
            explanation=cells[fmt.EXPLANATION],
            points=points,
            scoring=scoring,
            choice_order=order,
            category_ids=frozenset(categories),
            article_ids=frozenset(articles),
            **spec_values,
        )
        return BankRow(number, question_id, spec)

    def check_duplicates(self, bank: list[BankRow]) -> None:
        """A new row that repeats a stored question or an earlier row would add the same question twice."""
        first_row: dict[tuple, int] = {}
        for row in bank:
            if row.question_id is not None:
                continue
            content = row.spec.content
            stored = self.lookups.same_content.get(content)
            if stored:
                message = _("The bank already has this question as number %(id)s: put %(id)s in 编号 to update it.")
                self.errors.append(RowError(row.row, fmt.STEM, message % {"id": stored}))
            elif content in first_row:
                message = _("Row %(row)s already has this question.") % {"row": first_row[content]}
                self.errors.append(RowError(row.row, fmt.STEM, message))
            else:
                first_row[content] = row.row

    def _question_id(self, text: str, number: int, problem: Callable) -> int | None:
        if not text:
            return None
        if not text.isdigit():
            message = _("“%(value)s” is not a question number: leave it empty to add a question.")
            problem(fmt.ID, message % {"value": text})
            return None
        pk = int(text)
        if pk not in self.lookups.existing:
            problem(fmt.ID, _("There is no question number %(id)s: leave it empty to add a question.") % {"id": pk})
            return None
        if not self.can_update:
            problem(fmt.ID, _("You may add questions but not change existing ones: leave it empty."))
        if pk in self.row_of_id:
            problem(fmt.ID, _("Question %(id)s is also on row %(row)s.") % {"id": pk, "row": self.row_of_id[pk]})
        self.row_of_id.setdefault(pk, number)
        return pk

    def _answer(self, kind: str | None, cells: dict[str, str], problem: Callable):
        """The options with their correct flags, and the true/false answer, as far as the cells can be read."""
        texts = [cells[fmt.option_header(letter)] for letter in self.letters]
        filled = [index for index, text in enumerate(texts) if text]
        gap = _("This option is empty but a later one is filled: options run from 选项A without gaps.")
        for index in range(filled[-1] if filled else 0):
            if not texts[index]:
                problem(fmt.option_header(self.letters[index]), gap)
        answer = cells[fmt.ANSWER]
        choices = tuple((texts[index], False) for index in filled)
        if kind in CHOICE_KINDS:
            try:
                letters = fmt.read_letters(answer)
            except ValueError as error:
                message = _("“%(value)s” is not an option letter: write letters such as AC.")
                problem(fmt.ANSWER, message % {"value": error})
                return choices, None
            for letter in letters:
                if fmt.ALL_OPTION_LETTERS.index(letter) not in filled:
                    words = {"letter": letter, "column": fmt.option_header(letter)}
                    problem(fmt.ANSWER, _("The answer names %(letter)s but %(column)s is empty.") % words)
            return tuple((texts[index], self.letters[index] in letters) for index in filled), None
        if kind == QuestionKind.TRUE_FALSE:
            value = fmt.read_true_false(answer) if answer else None
            if answer and value is None:
                words = {"value": answer, "true": fmt.TRUE_WORD, "false": fmt.FALSE_WORD}
                problem(fmt.ANSWER, _("“%(value)s” is neither %(true)s nor %(false)s.") % words)
            return choices, value
        if answer and kind == QuestionKind.FILL_BLANK:
            problem(fmt.ANSWER, _("Leave this empty: the answers to the blanks go in 填空答案."))
        elif answer and kind == QuestionKind.ESSAY:
            problem(fmt.ANSWER, _("Leave this empty: an essay has no answer key; a model answer can go in 解析."))
        return choices, None

    def _points(self, text: str, problem: Callable) -> int | None:
        if not text:
            return 1
        try:
            return int(text)
        except ValueError:
            problem(fmt.POINTS, _("“%(value)s” is not a whole number.") % {"value": text})
            return None

    def _categories(self, text: str, problem: Callable) -> set[int]:
        paths = fmt.split_items(text)
        if not paths:
            problem(fmt.CATEGORIES, _("Give at least one category."))
        found: set[int] = set()
        for path in paths:
            category = self.lookups.category(path)
            if category is not None:
                found.add(category.pk)
                continue
            message = _("There is no category “%(path)s”; categories are added under Question categories.") % {
                "path": path
            }
            close = self.lookups.close_categories(path)
            if close:
                message += " " + _("Did you mean %(names)s?") % {"names": "、".join(close)}
            problem(fmt.CATEGORIES, message)
        return found

    def _articles(self, text: str, problem: Callable) -> set[int]:
        try:
            refs = fmt.read_article_refs(text)
        except ValueError as error:
            problem(fmt.ARTICLES, _("Cannot read “%(value)s”: write 《regulation title》第十条.") % {"value": error})
            return set()
        found: set[int] = set()
        for title, label in refs:
            article_id, reason = self.lookups.article(title, label)
            if article_id is None:
                problem(fmt.ARTICLES, reason)
            else:
                found.add(article_id)
        return found
