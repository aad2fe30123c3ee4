"""The question-bank spreadsheet: its columns, the words allowed in its cells, and how cells are read and written.

The headers and cell words (题型, 单选题, 正确 ...) are the file format the importer parses, not interface
text: they stay Chinese whatever the admin language, so a file exported by one person imports for everyone.
The explanations on the 说明 sheet are interface text and go through gettext.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from quizzes.models.bank import ChoiceOrder, QuestionKind, Scoring
from quizzes.validation import MAX_POINTS

BANK_SHEET, GUIDE_SHEET, CATEGORY_SHEET = "题库", "说明", "分类列表"

ID = "编号"
KIND = "题型"
STEM = "题干"
ANSWER = "正确答案"
BLANKS = "填空答案"
POINTS = "分值"
SCORING = "计分方式"
ORDER = "选项顺序"
CATEGORIES = "分类"
ARTICLES = "关联条文"
EXPLANATION = "解析"
OPTION_PREFIX = "选项"
#: The template offers eight options; an export adds 选项I … when a question has more.
DEFAULT_OPTION_LETTERS = "ABCDEFGH"
ALL_OPTION_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
#: How the 说明 sheet names the option columns together.
OPTIONS_LABEL = f"{OPTION_PREFIX}A–{OPTION_PREFIX}H"

#: Rows whose 编号 says this are the template's examples: the importer skips them.
EXAMPLE_MARK = "示例"


def option_header(letter: str) -> str:
    return f"{OPTION_PREFIX}{letter}"


def headers(option_letters: str = DEFAULT_OPTION_LETTERS) -> list[str]:
    options = [option_header(letter) for letter in option_letters]
    return [ID, KIND, STEM, *options, ANSWER, BLANKS, POINTS, SCORING, ORDER, CATEGORIES, ARTICLES, EXPLANATION]


REQUIRED_HEADERS = headers()

KIND_WORDS = {
    QuestionKind.SINGLE: "单选题",
    QuestionKind.MULTIPLE: "多选题",
    QuestionKind.TRUE_FALSE: "判断题",
    QuestionKind.FILL_BLANK: "填空题",
    QuestionKind.ESSAY: "简答题",
}
SCORING_WORDS = {Scoring.ALL_OR_NOTHING: "全对得分", Scoring.PARTIAL: "按比例得分"}
ORDER_WORDS = {ChoiceOrder.CONTENT: "按录入顺序", ChoiceOrder.RANDOM: "随机打乱"}
TRUE_WORD, FALSE_WORD = "正确", "错误"

_KIND_ALIASES = {"问答题": QuestionKind.ESSAY, "主观题": QuestionKind.ESSAY}
_SCORING_ALIASES = {"全对": Scoring.ALL_OR_NOTHING, "部分得分": Scoring.PARTIAL, "按比例": Scoring.PARTIAL}
_ORDER_ALIASES = {"固定": ChoiceOrder.CONTENT, "随机": ChoiceOrder.RANDOM, "打乱": ChoiceOrder.RANDOM}
_TRUE_WORDS = {TRUE_WORD, "对", "√", "✓", "✔", "T", "TRUE", "是", "Y"}
_FALSE_WORDS = {FALSE_WORD, "错", "×", "✗", "✘", "X", "F", "FALSE", "否", "N"}

_ITEM_SEPARATORS = re.compile(r"[；;\n]+")
_LETTER_SEPARATORS = re.compile(r"[\s,，、;；/]+")
_LABEL_SEPARATORS = re.compile(r"[、，,\s]+")
_ARTICLE_ENTRY = re.compile(r"^(?:《(?P<title>[^《》]+)》)?(?P<labels>.*)$", re.DOTALL)
ARTICLE_LABEL = re.compile(r"^第(?P<number>[零〇一二两三四五六七八九十百千]+|\d+)条(?:之[一二三四五六七八九十]+)?$")


def cell_text(value) -> str:
    """A cell as the text a person sees: whole numbers without .0, one kind of line break, no outer space."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _word(text: str) -> str:
    # Full-width letters and spaces typed by Chinese input methods read as their plain forms.
    return "".join(unicodedata.normalize("NFKC", text).split()).upper()


def read_kind(text: str) -> str | None:
    word = _word(text)
    for kind, label in KIND_WORDS.items():
        if word in (label, label.removesuffix("题")):
            return kind
    return _KIND_ALIASES.get(word)


def read_scoring(text: str) -> str | None:
    """The stored value for a 计分方式 cell; the default when empty, None when the word is unknown."""
    return _read_word(text, SCORING_WORDS, _SCORING_ALIASES, Scoring.ALL_OR_NOTHING)


def read_order(text: str) -> str | None:
    return _read_word(text, ORDER_WORDS, _ORDER_ALIASES, ChoiceOrder.CONTENT)


def _read_word(text: str, words: dict, aliases: dict, default: str) -> str | None:
    word = _word(text)
    if not word:
        return default
    return next((value for value, label in words.items() if label == word), None) or aliases.get(word)


def read_true_false(text: str) -> bool | None:
    word = _word(text)
    if word in _TRUE_WORDS:
        return True
    if word in _FALSE_WORDS:
        return False
    return None


def read_letters(text: str) -> list[str]:
    """Option letters: "AC", "A,C", "a、c" -> ["A", "C"]. Raises ValueError with the first non-letter."""
    letters: list[str] = []
    for char in _LETTER_SEPARATORS.sub("", unicodedata.normalize("NFKC", text)).upper():
        if char not in ALL_OPTION_LETTERS:
            raise ValueError(char)
        if char not in letters:
            letters.append(char)
    return letters


def split_items(text: str) -> list[str]:
    """Entries of a list cell: one a line or separated by ；."""
    return [item.strip() for item in _ITEM_SEPARATORS.split(text) if item.strip()]


def read_article_refs(text: str) -> list[tuple[str, str]]:
    """《办法》第十条、第十一条；《条例》第三条 -> [(办法, 第十条), (办法, 第十一条), (条例, 第三条)].

    An entry without 《》 refers to the regulation named before it in the cell. Raises ValueError
    with the entry that cannot be read.
    """
    refs: list[tuple[str, str]] = []
    title = ""
    for entry in split_items(text):
        match = _ARTICLE_ENTRY.match(entry)
        title = (match["title"] or title).strip()
        labels = [label for label in _LABEL_SEPARATORS.split(match["labels"]) if label]
        if not title or not labels or not all(ARTICLE_LABEL.match(label) for label in labels):
            raise ValueError(entry)
        refs.extend((title, label) for label in labels)
    return refs


def category_path(category) -> str:
    return f"{category.parent.name}/{category.name}" if category.parent_id else category.name


def format_article_refs(articles: Iterable) -> str:
    """Articles grouped by regulation, in the form read_article_refs reads."""
    grouped: dict[str, list[str]] = {}
    for article in articles:
        grouped.setdefault(article.regulation.title, []).append(article.label)
    return "；".join(f"《{title}》{'、'.join(labels)}" for title, labels in grouped.items())


def guide_rows() -> list[tuple[str, str]]:
    """(column, what to write in it) for the 说明 sheet and the header comments."""
    kinds = "、".join(KIND_WORDS.values())
    words = {
        "kinds": kinds,
        "mark": EXAMPLE_MARK,
        "single": KIND_WORDS[QuestionKind.SINGLE],
        "multiple": KIND_WORDS[QuestionKind.MULTIPLE],
        "tf": KIND_WORDS[QuestionKind.TRUE_FALSE],
        "fill": KIND_WORDS[QuestionKind.FILL_BLANK],
        "essay": KIND_WORDS[QuestionKind.ESSAY],
        "true": TRUE_WORD,
        "false": FALSE_WORD,
        "all": SCORING_WORDS[Scoring.ALL_OR_NOTHING],
        "partial": SCORING_WORDS[Scoring.PARTIAL],
        "content": ORDER_WORDS[ChoiceOrder.CONTENT],
        "random": ORDER_WORDS[ChoiceOrder.RANDOM],
        "sheet": CATEGORY_SHEET,
        "max": MAX_POINTS,
    }
    rows = [
        (
            ID,
            _(
                "Leave empty to add a new question. The export fills in each question's number: "
                "keep it and the import updates that question instead of adding a copy. "
                "Rows marked %(mark)s here are examples and are skipped."
            ),
        ),
        (KIND, _("One of %(kinds)s.")),
        (STEM, _("The question. In a %(fill)s mark each blank with ____ (two or more underscores).")),
        (
            OPTIONS_LABEL,
            _(
                "Options of a %(single)s or %(multiple)s: at least two, filled from 选项A on without gaps. "
                "Leave them empty for other types."
            ),
        ),
        (
            ANSWER,
            _(
                "%(single)s: the letter of the correct option, e.g. B. %(multiple)s: every correct letter, e.g. AC. "
                "%(tf)s: %(true)s or %(false)s (对/错, √/×, T/F also work). Empty for %(fill)s and %(essay)s."
            ),
        ),
        (
            BLANKS,
            _(
                "%(fill)s only: the answer to each blank in order, one blank per line or separated by ；. "
                "Separate accepted variants of one blank with |, e.g. 一把手|主要负责人."
            ),
        ),
        (POINTS, _("A whole number from 1 to %(max)s; empty means 1.")),
        (
            SCORING,
            _("%(all)s (the default) or %(partial)s. Partial credit applies to %(multiple)s and %(fill)s."),
        ),
        (ORDER, _("%(content)s (the default) or %(random)s for each attempt.")),
        (
            CATEGORIES,
            _(
                "At least one, written 父类/子类 or just the category name; several separated by ；. "
                "Categories are not created by the import: add new ones under Question categories first. "
                "The %(sheet)s sheet lists the existing ones."
            ),
        ),
        (
            ARTICLES,
            _(
                "Optional. The regulation title in 《》 followed by the article, "
                "e.g. 《某县党委巡察工作实施办法》第十条; several separated by ；, or 《…》第十条、第十一条."
            ),
        ),
        (EXPLANATION, _("Optional. Shown with the answer after the question is answered.")),
    ]
    return [(column, str(text) % words) for column, text in rows]


def guide_notes() -> list[str]:
    return [
        str(_("Fill in the %(sheet)s sheet, one question per row, and keep its header row.") % {"sheet": BANK_SHEET}),
        str(
            _(
                "The import checks every row first. If any row is wrong nothing is imported, "
                "and every problem is listed with its row number."
            )
        ),
        str(_("Figures (images) are not in the file: add them in the admin. An update keeps a question's figure.")),
    ]
