"""The question bank as an Excel workbook: the blank template, the export, and the import service.

Export and import share one layout (:mod:`quizzes.spreadsheet_format`), so exporting, editing and importing
again changes only what was edited: a row's 编号 ties it to its question, and a row without one is a new
question. The import checks the whole file first (:mod:`quizzes.spreadsheet_reading`) and writes all of it in
one transaction, or nothing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from wagtail.log_actions import log

from core.spreadsheets import append_row
from quizzes import spreadsheet_format as fmt
from quizzes.models import (
    CHOICE_KINDS,
    BlankAnswer,
    Choice,
    ChoiceOrder,
    Question,
    QuestionCategory,
    QuestionKind,
    Scoring,
)
from quizzes.spreadsheet_reading import MAX_ROWS, read_bank
from quizzes.spreadsheet_rows import BankRow, ImportRejected, QuestionSpec, RowError, questions_for_specs
from regulations.api import RegulationArticle

__all__ = [
    "ImportRejected",
    "ImportResult",
    "RowError",
    "deleted_message",
    "export_question_bank",
    "import_question_bank",
    "question_bank_template",
    "question_fields",
    "update_parts",
]

_WIDTHS = {fmt.ID: 8, fmt.KIND: 9, fmt.STEM: 48, fmt.ANSWER: 10, fmt.BLANKS: 24, fmt.CATEGORIES: 24}
_EXAMPLE_FONT = Font(italic=True, color="808080")

_EXAMPLE_ARTICLE = "《某县党委巡察工作实施办法（示例）》第二十一条"
_EXAMPLE_CATEGORY = "巡察工作条例/巡察程序"
#: One example per kind, by column. Rows marked 示例 in 编号 are skipped by the import.
_EXAMPLES = [
    {
        fmt.KIND: fmt.KIND_WORDS[QuestionKind.SINGLE],
        fmt.STEM: "巡察组对谁负责并报告工作？",
        "选项A": "党委巡察工作领导小组",
        "选项B": "被巡察党组织",
        "选项C": "同级组织部门",
        fmt.ANSWER: "A",
        fmt.POINTS: 2,
        fmt.ORDER: fmt.ORDER_WORDS[ChoiceOrder.RANDOM],
        fmt.CATEGORIES: _EXAMPLE_CATEGORY,
        fmt.ARTICLES: _EXAMPLE_ARTICLE,
        fmt.EXPLANATION: "巡察组在党委巡察工作领导小组领导下开展工作。",
    },
    {
        fmt.KIND: fmt.KIND_WORDS[QuestionKind.MULTIPLE],
        fmt.STEM: "巡察组可以采取下列哪些方式开展工作？",
        "选项A": "与干部群众个别谈话",
        "选项B": "受理来信、来电、来访",
        "选项C": "调阅、复制有关资料",
        "选项D": "直接作出党纪处分决定",
        fmt.ANSWER: "ABC",
        fmt.POINTS: 3,
        fmt.SCORING: fmt.SCORING_WORDS[Scoring.PARTIAL],
        fmt.CATEGORIES: _EXAMPLE_CATEGORY,
    },
    {
        fmt.KIND: fmt.KIND_WORDS[QuestionKind.TRUE_FALSE],
        fmt.STEM: "巡察组可以直接处理被巡察单位的具体问题。",
        fmt.ANSWER: fmt.FALSE_WORD,
        fmt.CATEGORIES: _EXAMPLE_CATEGORY,
        fmt.EXPLANATION: "巡察组发现问题后按规定移交，不直接处理。",
    },
    {
        fmt.KIND: fmt.KIND_WORDS[QuestionKind.FILL_BLANK],
        fmt.STEM: "巡察工作坚持____、形成震慑，推动改革、____的方针。",
        fmt.BLANKS: "发现问题\n促进发展",
        fmt.POINTS: 2,
        fmt.SCORING: fmt.SCORING_WORDS[Scoring.PARTIAL],
        fmt.CATEGORIES: "巡察工作条例",
    },
    {
        fmt.KIND: fmt.KIND_WORDS[QuestionKind.ESSAY],
        fmt.STEM: "简述巡察组发现问题线索后的移交程序。",
        fmt.POINTS: 10,
        fmt.CATEGORIES: _EXAMPLE_CATEGORY,
        fmt.EXPLANATION: "参考要点：……",
    },
]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def question_bank_template() -> bytes:
    """An empty bank with one example row per kind, the 说明 sheet and the category list."""
    return _workbook(header=fmt.headers(), rows=[_example_row(example) for example in _EXAMPLES], examples=True)


def export_question_bank(*, questions: QuerySet[Question] | None = None) -> bytes:
    """Every question (or those given), one row each, in the layout the import reads."""
    questions = (
        (Question.objects.all() if questions is None else questions)
        .order_by("pk")
        .prefetch_related(
            "choices",
            "blanks",
            Prefetch("categories", queryset=QuestionCategory.objects.in_tree_order()),
            Prefetch("articles", queryset=RegulationArticle.objects.select_related("regulation")),
        )
    )
    questions = list(questions)
    most = max((len(q.choices.all()) for q in questions if q.kind in CHOICE_KINDS), default=0)
    letters = fmt.ALL_OPTION_LETTERS[: max(len(fmt.DEFAULT_OPTION_LETTERS), most)]
    header = fmt.headers(letters)
    return _workbook(header=header, rows=[_question_row(q, header) for q in questions], examples=False)


def import_question_bank(*, data: bytes, user) -> ImportResult:
    """Add and update questions from a workbook, in one transaction, indexing each question as it is saved.

    Raises ImportRejected, having written nothing, when any row is wrong. Fine for a few dozen rows (tests, a
    shell); the admin queues uploads for the background worker instead (:mod:`quizzes.tasks`), which writes in
    short batches: this one transaction would hold SQLite's write lock for as long as the whole file takes.
    """
    bank = read_bank(data, user=user)
    with transaction.atomic():
        return _write_bank(bank, user=user)


def _write_bank(bank: list[BankRow], *, user) -> ImportResult:
    ids = [row.question_id for row in bank if row.question_id]
    # Locked so an edit in the admin between the check and the write cannot be silently overwritten half-way.
    stored = questions_for_specs().select_for_update().in_bulk(ids)
    vanished = [row for row in bank if row.question_id and row.question_id not in stored]
    if vanished:
        raise ImportRejected(
            [RowError(row.row, fmt.ID, deleted_message(row.question_id)) for row in vanished],
        )
    created = updated = 0
    for row in bank:
        if row.question_id is None:
            question = _create(row.spec)
            log(instance=question, action="wagtail.create", user=user)
            created += 1
        elif QuestionSpec.of(stored[row.question_id]) != row.spec:
            _update(stored[row.question_id], row.spec)
            log(instance=stored[row.question_id], action="wagtail.edit", user=user)
            updated += 1
    return ImportResult(created=created, updated=updated, unchanged=len(bank) - created - updated)


def deleted_message(question_id: int) -> str:
    return _("Question %(id)s was deleted while the file was being checked.") % {"id": question_id}


def question_fields(spec: QuestionSpec) -> dict:
    """The Question row's own fields, as the spec says."""
    return {
        "kind": spec.kind,
        "stem": spec.stem,
        "explanation": spec.explanation,
        "points": spec.points,
        "scoring": spec.scoring,
        "choice_order": spec.choice_order,
        "true_false_answer": spec.true_false_answer,
    }


def _create(spec: QuestionSpec) -> Question:
    question = Question(**question_fields(spec))
    question.save()
    Choice.objects.bulk_create(
        Choice(question=question, text=text, is_correct=correct, sort_order=order)
        for order, (text, correct) in enumerate(spec.choices)
    )
    BlankAnswer.objects.bulk_create(
        BlankAnswer(question=question, accepted=accepted, sort_order=order)
        for order, accepted in enumerate(spec.blanks)
    )
    question.categories.set(spec.category_ids)
    question.articles.set(spec.article_ids)
    return question


def _update(question: Question, spec: QuestionSpec) -> None:
    for name, value in question_fields(spec).items():
        setattr(question, name, value)
    question.save()
    update_parts(question, spec)


def update_parts(question: Question, spec: QuestionSpec) -> None:
    """Options, blanks, categories and articles as the spec says (the question's own row is the caller's)."""
    # Options and blanks are changed in place, by position: attempts already taken refer to option ids.
    _sync(list(question.choices.all()), spec.choices, question, Choice, ("text", "is_correct"))
    _sync(list(question.blanks.all()), [(accepted,) for accepted in spec.blanks], question, BlankAnswer, ("accepted",))
    question.categories.set(spec.category_ids)
    question.articles.set(spec.article_ids)


def _sync(rows: list, wanted, question: Question, model, names: tuple[str, ...]) -> None:
    for order, values in enumerate(wanted):
        fields = {**dict(zip(names, values, strict=True)), "sort_order": order}
        if order < len(rows):
            row = rows[order]
            if any(getattr(row, name) != value for name, value in fields.items()):
                model.objects.filter(pk=row.pk).update(**fields)
        else:
            model.objects.create(question=question, **fields)
    surplus = [row.pk for row in rows[len(wanted) :]]
    if surplus:
        model.objects.filter(pk__in=surplus).delete()


def _example_row(example: dict) -> list:
    return [fmt.EXAMPLE_MARK if name == fmt.ID else example.get(name, "") for name in fmt.headers()]


def _question_row(question: Question, header: list[str]) -> list:
    cells = {
        fmt.ID: question.pk,
        fmt.KIND: fmt.KIND_WORDS.get(question.kind, question.kind),
        fmt.STEM: question.stem,
        fmt.POINTS: question.points,
        fmt.SCORING: fmt.SCORING_WORDS.get(question.scoring, ""),
        fmt.ORDER: fmt.ORDER_WORDS.get(question.choice_order, ""),
        fmt.CATEGORIES: "；".join(fmt.category_path(c) for c in question.categories.all()),
        fmt.ARTICLES: fmt.format_article_refs(question.articles.all()),
        fmt.EXPLANATION: question.explanation,
    }
    if question.kind in CHOICE_KINDS:
        choices = list(question.choices.all())
        cells.update({fmt.option_header(fmt.ALL_OPTION_LETTERS[i]): c.text for i, c in enumerate(choices)})
        cells[fmt.ANSWER] = "".join(fmt.ALL_OPTION_LETTERS[i] for i, c in enumerate(choices) if c.is_correct)
    elif question.kind == QuestionKind.TRUE_FALSE and question.true_false_answer is not None:
        cells[fmt.ANSWER] = fmt.TRUE_WORD if question.true_false_answer else fmt.FALSE_WORD
    elif question.kind == QuestionKind.FILL_BLANK:
        cells[fmt.BLANKS] = "\n".join(b.accepted for b in question.blanks.all())
    return [cells.get(name, "") for name in header]


def _workbook(*, header: list[str], rows: list[list], examples: bool) -> bytes:
    book = Workbook()
    bank = book.active
    bank.title = fmt.BANK_SHEET
    _bank_sheet(bank, header, rows, examples=examples)
    _guide_sheet(book.create_sheet(fmt.GUIDE_SHEET))
    categories = book.create_sheet(fmt.CATEGORY_SHEET)
    categories.append([fmt.CATEGORIES])
    categories["A1"].font = Font(bold=True)
    for category in QuestionCategory.objects.in_tree_order():
        categories.append([fmt.category_path(category)])
    categories.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _bank_sheet(sheet: Worksheet, header: list[str], rows: list[list], *, examples: bool) -> None:
    comments = dict(fmt.guide_rows())
    option_headers = {fmt.option_header(letter) for letter in fmt.ALL_OPTION_LETTERS}
    sheet.append(header)
    for cell, name in zip(sheet[1], header, strict=True):
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        note = comments.get(name) or (comments[fmt.OPTIONS_LABEL] if name in option_headers else "")
        if note:
            cell.comment = Comment(note, "巡察学堂", width=320, height=160)
    wrap = Alignment(wrap_text=True, vertical="top")
    for values in rows:
        # Questions are written as text: quote prefix before = + - @, no control characters.
        for cell in append_row(sheet, values):
            cell.alignment = wrap
            if examples:
                cell.font = _EXAMPLE_FONT
    for index, name in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(1, index).column_letter].width = _WIDTHS.get(name, 16)
    sheet.freeze_panes = "D2"
    _dropdown(sheet, header, fmt.KIND, fmt.KIND_WORDS.values())
    _dropdown(sheet, header, fmt.SCORING, fmt.SCORING_WORDS.values())
    _dropdown(sheet, header, fmt.ORDER, fmt.ORDER_WORDS.values())


def _dropdown(sheet: Worksheet, header: list[str], name: str, words) -> None:
    # A suggestion list, not a rule: the importer also accepts short forms such as 单选 or 随机.
    validation = DataValidation(type="list", formula1=f'"{",".join(words)}"', allow_blank=True, showErrorMessage=False)
    letter = sheet.cell(1, header.index(name) + 1).column_letter
    validation.add(f"{letter}2:{letter}{MAX_ROWS + 1}")
    sheet.add_data_validation(validation)


def _guide_sheet(sheet: Worksheet) -> None:
    for note in fmt.guide_notes():
        sheet.append([note])
    sheet.append([])
    sheet.append([_("Column"), _("What to write")])
    sheet.cell(sheet.max_row, 1).font = sheet.cell(sheet.max_row, 2).font = Font(bold=True)
    for column, text in fmt.guide_rows():
        sheet.append([column, text])
        sheet.cell(sheet.max_row, 2).alignment = Alignment(wrap_text=True, vertical="top")
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 90
