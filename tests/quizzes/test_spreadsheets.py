"""The question bank as Excel: the template, export → import round trips, and a file refused whole with its reasons."""

import io
import zipfile

import pytest
from django.contrib.auth.models import Permission
from openpyxl import load_workbook
from wagtail.models import ModelLogEntry

from quizzes import spreadsheet_format as fmt
from quizzes import spreadsheet_reading
from quizzes.models import (
    Attempt,
    AttemptAnswer,
    ChoiceOrder,
    Question,
    QuestionKind,
    Scoring,
)
from quizzes.spreadsheets import ImportRejected, export_question_bank, import_question_bank, question_bank_template
from tests.factories import (
    RegulationArticleFactory,
    RegulationIndexPageFactory,
    RegulationPageFactory,
    UserFactory,
)
from tests.quizzes.factories import QuestionCategoryFactory, QuestionFactory, QuizFactory
from tests.quizzes.workbooks import single_row, workbook

pytestmark = pytest.mark.django_db

REGULATION = "某县党委巡察工作实施办法"


@pytest.fixture
def bank():
    """Two categories (one a child), a regulation with two articles, and one question of each kind."""
    parent = QuestionCategoryFactory(name="巡察工作条例")
    child = QuestionCategoryFactory(name="巡察程序", parent=parent)
    regulation = RegulationPageFactory(parent=RegulationIndexPageFactory(), title=REGULATION)
    tenth = RegulationArticleFactory(regulation=regulation, number=10)
    eleventh = RegulationArticleFactory(regulation=regulation, number=11)
    single = QuestionFactory(
        kind=QuestionKind.SINGLE,
        stem="巡察组对谁负责？",
        options=[("领导小组", True), ("被巡察单位", False)],
        points=2,
        choice_order=ChoiceOrder.RANDOM,
        categories=[child],
    )
    single.articles.set([tenth, eleventh])
    multiple = QuestionFactory(
        kind=QuestionKind.MULTIPLE,
        stem="=哪些是巡察方式？\n（多选）",
        options=[("谈话", True), ("调阅资料", True), ("处分", False)],
        scoring=Scoring.PARTIAL,
        explanation="第一行\n第二行",
        categories=[parent, child],
    )
    true_false = QuestionFactory(kind=QuestionKind.TRUE_FALSE, true_false_answer=False, categories=[parent])
    fill = QuestionFactory(
        kind=QuestionKind.FILL_BLANK, stem="____对____负责。", blanks=["巡察组", "领导小组|巡察工作领导小组"]
    )
    fill.categories.set([child])
    essay = QuestionFactory(kind=QuestionKind.ESSAY, stem="简述移交程序。", points=10, categories=[parent])
    return {
        "parent": parent,
        "child": child,
        "questions": [single, multiple, true_false, fill, essay],
        "articles": (tenth, eleventh),
    }


def snapshot() -> list[tuple]:
    """Every stored question as plain values, to compare before and after."""
    rows = []
    for q in Question.objects.prefetch_related("choices", "blanks", "categories", "articles").order_by("pk"):
        rows.append(
            (
                q.pk,
                q.kind,
                q.stem,
                q.explanation,
                q.points,
                q.scoring,
                q.choice_order,
                q.true_false_answer,
                [(c.pk, c.text, c.is_correct) for c in q.choices.all()],
                [b.accepted for b in q.blanks.all()],
                sorted(c.pk for c in q.categories.all()),
                sorted(a.pk for a in q.articles.all()),
            )
        )
    return rows


def sheet_rows(data: bytes, sheet: str = fmt.BANK_SHEET) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data))[sheet].iter_rows(values_only=True))


def test_the_template_has_the_headers_the_guide_and_one_skipped_example_per_kind(bank, editor):
    data = question_bank_template()
    rows = sheet_rows(data)
    assert list(rows[0]) == fmt.headers()
    examples = rows[1:]
    assert {row[0] for row in examples} == {fmt.EXAMPLE_MARK}
    assert sorted(row[1] for row in examples) == sorted(fmt.KIND_WORDS.values())
    guide = " ".join(str(cell) for row in sheet_rows(data, fmt.GUIDE_SHEET) for cell in row if cell)
    assert all(name in guide for name in (fmt.KIND, fmt.ANSWER, fmt.BLANKS, fmt.CATEGORIES, fmt.ARTICLES))
    assert ("巡察工作条例/巡察程序",) in sheet_rows(data, fmt.CATEGORY_SHEET)
    # The examples alone are not an import: they are skipped and the file is said to be empty.
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=data, user=editor)
    assert [e.row for e in rejected.value.errors] == [None]


def test_export_then_import_changes_nothing_and_duplicates_nothing(bank, editor):
    before = snapshot()
    result = import_question_bank(data=export_question_bank(), user=editor)
    assert (result.created, result.updated, result.unchanged) == (0, 0, 5)
    assert snapshot() == before


def test_an_edited_export_updates_in_place_and_adds_rows_without_a_number(bank, editor):
    single = bank["questions"][0]
    choice_ids = [c.pk for c in single.choices.all()]
    book = load_workbook(io.BytesIO(export_question_bank()))
    sheet = book[fmt.BANK_SHEET]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(2, header.index(fmt.STEM) + 1, "巡察组对谁负责并报告工作？")
    sheet.cell(2, header.index(fmt.ANSWER) + 1, "B")
    sheet.append([single_row(**{fmt.STEM: "新题"}).get(name, "") for name in header])
    buffer = io.BytesIO()
    book.save(buffer)

    result = import_question_bank(data=buffer.getvalue(), user=editor)

    assert (result.created, result.updated, result.unchanged) == (1, 1, 4)
    single.refresh_from_db()
    assert single.stem == "巡察组对谁负责并报告工作？"
    # Options keep their ids, so attempts already taken still point at the right option.
    assert [(c.pk, c.is_correct) for c in single.choices.all()] == [(choice_ids[0], False), (choice_ids[1], True)]
    assert ModelLogEntry.objects.filter(action="wagtail.edit", object_id=str(single.pk), user=editor).exists()
    new = Question.objects.get(stem="新题")
    assert [c.text for c in new.choices.all()] == ["领导小组", "被巡察单位"]
    assert list(new.categories.all()) == [bank["child"]]


def test_more_options_than_the_template_has_round_trip_in_extra_columns(bank, editor):
    options = [(f"选项{n}", n == 9) for n in range(1, 10)]
    QuestionFactory(kind=QuestionKind.SINGLE, stem="九个选项", options=options, categories=[bank["child"]])
    data = export_question_bank()
    assert "选项I" in sheet_rows(data)[0]
    before = snapshot()
    assert import_question_bank(data=data, user=editor).unchanged == 6
    assert snapshot() == before


def test_updates_need_the_change_permission(bank):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_question"))
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=export_question_bank(), user=user)
    assert {(e.row, e.column) for e in rejected.value.errors} == {(row, fmt.ID) for row in range(2, 7)}


def test_new_rows_of_every_kind_are_imported_with_their_answers(bank, editor):
    data = workbook(
        single_row(**{fmt.ARTICLES: f"《{REGULATION}》第十条、第11条", fmt.POINTS: "3"}),
        {
            fmt.KIND: "判断",
            fmt.STEM: "新判断题",
            fmt.ANSWER: "√",
            fmt.CATEGORIES: "巡察程序",
            fmt.ORDER: "随机",
        },
        {fmt.KIND: "填空题", fmt.STEM: "甲____乙____", fmt.BLANKS: "一；二|贰", fmt.CATEGORIES: "巡察工作条例"},
        {fmt.KIND: "多选题", fmt.STEM: "新多选", "选项A": "甲", "选项B": "乙", "选项C": "丙", fmt.ANSWER: "a、c"}
        | {fmt.CATEGORIES: "巡察工作条例", fmt.SCORING: "按比例得分"},
    )
    assert import_question_bank(data=data, user=editor).created == 4
    single = Question.objects.get(stem="巡察组对谁负责并报告工作？")
    assert single.points == 3 and set(single.articles.all()) == set(bank["articles"])
    true_false = Question.objects.get(stem="新判断题")
    assert true_false.true_false_answer is True and true_false.choice_order == ChoiceOrder.RANDOM
    assert [b.accepted for b in Question.objects.get(stem="甲____乙____").blanks.all()] == ["一", "二|贰"]
    multiple = Question.objects.get(stem="新多选")
    assert [c.is_correct for c in multiple.choices.all()] == [True, False, True]
    assert multiple.scoring == Scoring.PARTIAL


BAD_ROWS = {
    "unknown kind": ({fmt.KIND: "选择题"}, fmt.KIND),
    "empty stem": ({fmt.STEM: ""}, fmt.STEM),
    "one option": ({"选项B": ""}, "选项A"),
    "answer names an empty option": ({fmt.ANSWER: "C"}, fmt.ANSWER),
    "answer is not a letter": ({fmt.ANSWER: "甲"}, fmt.ANSWER),
    "single with two correct": ({fmt.ANSWER: "AB"}, fmt.ANSWER),
    "single with none correct": ({fmt.ANSWER: ""}, fmt.ANSWER),
    "multiple with none correct": ({fmt.KIND: "多选题", fmt.ANSWER: ""}, fmt.ANSWER),
    "gap between options": ({"选项B": "", "选项C": "丙"}, "选项B"),
    "repeated option": ({"选项B": "领导小组"}, "选项A"),
    "true/false word unknown": ({fmt.KIND: "判断题", "选项A": "", "选项B": "", fmt.ANSWER: "也许"}, fmt.ANSWER),
    "true/false with options": ({fmt.KIND: "判断题", fmt.ANSWER: "对"}, "选项A"),
    "blanks do not match the stem": (
        {fmt.KIND: "填空题", fmt.STEM: "____和____", "选项A": "", "选项B": "", fmt.ANSWER: "", fmt.BLANKS: "一"},
        fmt.BLANKS,
    ),
    "fill-in without blanks marked": (
        {fmt.KIND: "填空题", "选项A": "", "选项B": "", fmt.ANSWER: "", fmt.BLANKS: "一"},
        fmt.STEM,
    ),
    "essay with an answer": ({fmt.KIND: "简答题", "选项A": "", "选项B": ""}, fmt.ANSWER),
    "points not a number": ({fmt.POINTS: "两分"}, fmt.POINTS),
    "points zero": ({fmt.POINTS: 0}, fmt.POINTS),
    "points too many": ({fmt.POINTS: 1000}, fmt.POINTS),
    "unknown scoring": ({fmt.SCORING: "看情况"}, fmt.SCORING),
    "unknown option order": ({fmt.ORDER: "倒序"}, fmt.ORDER),
    "no category": ({fmt.CATEGORIES: ""}, fmt.CATEGORIES),
    "unknown category": ({fmt.CATEGORIES: "巡察工作条例/巡察程式"}, fmt.CATEGORIES),
    "child under the wrong parent": ({fmt.CATEGORIES: "巡视工作/巡察程序"}, fmt.CATEGORIES),
    "unknown regulation": ({fmt.ARTICLES: "《不存在的办法》第一条"}, fmt.ARTICLES),
    "unknown article": ({fmt.ARTICLES: f"《{REGULATION}》第九十九条"}, fmt.ARTICLES),
    "unreadable article": ({fmt.ARTICLES: "第十条"}, fmt.ARTICLES),
    "unknown question number": ({fmt.ID: 99999}, fmt.ID),
    "question number not a number": ({fmt.ID: "A1"}, fmt.ID),
    "already in the bank": ({fmt.STEM: "巡察组对谁负责？", fmt.ANSWER: "A", "选项B": "被巡察单位"}, fmt.STEM),
}


@pytest.mark.parametrize(("cells", "column"), BAD_ROWS.values(), ids=BAD_ROWS.keys())
def test_a_bad_row_is_reported_with_its_row_and_column_and_nothing_is_written(bank, editor, cells, column):
    before = snapshot()
    good = single_row(**{fmt.STEM: "一道没有问题的题"})
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=workbook(good, single_row(**cells)), user=editor)
    assert [(e.row, e.column) for e in rejected.value.errors][:1] == [(3, column)]
    assert all(e.row == 3 and e.message for e in rejected.value.errors)
    assert snapshot() == before


def test_every_bad_row_is_listed_not_just_the_first(bank, editor):
    data = workbook(
        single_row(**{fmt.KIND: "?"}),
        single_row(**{fmt.STEM: "好题"}),
        single_row(**{fmt.STEM: "另一道", fmt.ANSWER: "Z"}),
        {},
        single_row(**{fmt.STEM: "第三道", fmt.CATEGORIES: "没有的分类"}),
    )
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=data, user=editor)
    # The empty row 5 is skipped, not reported.
    assert [e.row for e in rejected.value.errors] == [2, 4, 6]
    assert not Question.objects.filter(stem="好题").exists()


def test_the_same_new_question_twice_in_one_file_is_refused(bank, editor):
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=workbook(single_row(), single_row()), user=editor)
    assert [(e.row, e.column) for e in rejected.value.errors] == [(3, fmt.STEM)]


def test_one_question_number_on_two_rows_is_refused(bank, editor):
    pk = bank["questions"][0].pk
    data = workbook(single_row(**{fmt.ID: pk}), single_row(**{fmt.ID: pk, fmt.STEM: "又改了"}))
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=data, user=editor)
    assert [(e.row, e.column) for e in rejected.value.errors] == [(3, fmt.ID)]


def test_an_answered_question_keeps_its_type(bank, editor):
    single = bank["questions"][0]
    attempt = Attempt.objects.create(quiz=QuizFactory(), user=editor, number=1, started_at="2026-01-01T08:00:00+08:00")
    AttemptAnswer.objects.create(attempt=attempt, question=single, position=1, points=2)
    row = {fmt.ID: single.pk, fmt.KIND: "简答题", fmt.STEM: single.stem, fmt.CATEGORIES: "巡察程序"}
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=workbook(row), user=editor)
    assert [(e.row, e.column) for e in rejected.value.errors] == [(2, fmt.KIND)]


BAD_FILES = {
    "not a workbook": lambda: b"%PDF-1.4 not a spreadsheet",
    "a zip that is not a workbook": lambda: _zip_without_workbook(),
    "missing columns": lambda: workbook(single_row(), header=[h for h in fmt.headers() if h != fmt.ANSWER]),
    "empty sheet": lambda: workbook(header=[""]),
    "only a header": lambda: workbook(),
    "too large": lambda: b"PK" + b"0" * spreadsheet_reading.MAX_FILE_BYTES,
}


def _zip_without_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "hello")
    return buffer.getvalue()


@pytest.mark.parametrize("make", BAD_FILES.values(), ids=BAD_FILES.keys())
def test_a_bad_file_is_refused_as_a_whole(bank, editor, make):
    before = snapshot()
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=make(), user=editor)
    assert [(e.row, bool(e.message)) for e in rejected.value.errors] == [(None, True)]
    assert snapshot() == before


def test_too_many_rows_are_refused(bank, editor, monkeypatch):
    monkeypatch.setattr(spreadsheet_reading, "MAX_ROWS", 2)
    rows = [single_row(**{fmt.STEM: f"题{n}"}) for n in range(3)]
    with pytest.raises(ImportRejected) as rejected:
        import_question_bank(data=workbook(*rows), user=editor)
    assert [e.row for e in rejected.value.errors] == [None]


def test_the_export_reads_the_bank_in_a_fixed_number_of_queries(bank, django_assert_max_num_queries):
    for _ in range(10):
        QuestionFactory(categories=[bank["child"]])
    with django_assert_max_num_queries(8):
        data = export_question_bank()
    assert len(sheet_rows(data)) == 1 + 15


def test_a_formula_like_question_is_exported_as_text(bank):
    book = load_workbook(io.BytesIO(export_question_bank()))
    cell = book[fmt.BANK_SHEET].cell(3, fmt.headers().index(fmt.STEM) + 1)
    assert cell.data_type == "s" and cell.value.startswith("=")
