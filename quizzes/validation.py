"""Whether a question's answer key fits its kind, checked on plain values.

The spreadsheet importer uses it today; the admin question form can call it with its cleaned data and
inline rows, so both refuse the same questions. Each problem names the field it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from quizzes.models.bank import CHOICE_KINDS, QuestionKind
from quizzes.scoring import blank_count, split_variants

MIN_CHOICES = 2
#: A question worth more than this is almost certainly a typo (10 typed as 100).
MAX_POINTS = 100
#: Choice.text and BlankAnswer.accepted are CharFields of this length.
MAX_ANSWER_CHARS = 500

# The fields a problem can belong to: the form field names, plus "correct" for the correct-option flags.
STEM, CHOICES, CORRECT, TRUE_FALSE, BLANKS, POINTS = (
    "stem",
    "choices",
    "correct",
    "true_false_answer",
    "blanks",
    "points",
)


@dataclass(frozen=True)
class QuestionProblem:
    field: str
    message: str


def question_problems(
    *,
    kind: str,
    stem: str,
    choices: Sequence[tuple[str, bool]] = (),
    true_false_answer: bool | None = None,
    blanks: Sequence[str] = (),
    points: int | None = None,
) -> list[QuestionProblem]:
    """Everything wrong with one question; an empty list when it can be saved and scored.

    ``choices`` are (text, is correct) in display order; ``blanks`` the accepted-answers text of each blank.
    """
    problems: list[QuestionProblem] = []

    def problem(field: str, message: str) -> None:
        problems.append(QuestionProblem(field, message))

    if not stem.strip():
        problem(STEM, _("The question text is empty."))
    if points is not None and not 1 <= points <= MAX_POINTS:
        problem(POINTS, _("Points must be a whole number from 1 to %(max)s.") % {"max": MAX_POINTS})

    if kind in CHOICE_KINDS:
        _check_choices(kind, choices, problem)
    elif choices:
        problem(CHOICES, _("Only single and multiple choice questions have options."))

    if kind == QuestionKind.TRUE_FALSE and true_false_answer is None:
        problem(TRUE_FALSE, _("Say whether the statement is true or false."))

    if kind == QuestionKind.FILL_BLANK:
        _check_blanks(stem, blanks, problem)
    elif blanks:
        problem(BLANKS, _("Only fill-in-the-blank questions have blank answers."))
    return problems


def _check_choices(kind: str, choices: Sequence[tuple[str, bool]], problem) -> None:
    texts = [text.strip() for text, _correct in choices]
    if len(texts) < MIN_CHOICES:
        problem(CHOICES, _("A choice question needs at least %(min)s options.") % {"min": MIN_CHOICES})
    if any(not text for text in texts):
        problem(CHOICES, _("Every option needs text."))
    if any(len(text) > MAX_ANSWER_CHARS for text in texts):
        problem(CHOICES, _("An option is longer than %(max)s characters.") % {"max": MAX_ANSWER_CHARS})
    repeated = sorted({text for text in texts if text and texts.count(text) > 1})
    if repeated:
        problem(CHOICES, _("Two options read the same: %(text)s") % {"text": "；".join(repeated)})
    correct = sum(1 for _text, is_correct in choices if is_correct)
    if kind == QuestionKind.SINGLE and correct != 1:
        problem(CORRECT, _("A single choice question needs exactly one correct option, not %(n)s.") % {"n": correct})
    if kind == QuestionKind.MULTIPLE and correct < 1:
        problem(CORRECT, _("Mark at least one correct option."))


def _check_blanks(stem: str, blanks: Sequence[str], problem) -> None:
    marked = blank_count(stem)
    if marked == 0:
        problem(STEM, _("Mark each blank in the question with ____ (two or more underscores)."))
    elif marked != len(blanks):
        problem(
            BLANKS,
            _("The question has %(marked)s blanks but %(given)s answers are given.")
            % {"marked": marked, "given": len(blanks)},
        )
    if any(not split_variants(accepted) for accepted in blanks):
        problem(BLANKS, _("Every blank needs at least one accepted answer."))
    if any(len(accepted) > MAX_ANSWER_CHARS for accepted in blanks):
        problem(BLANKS, _("The answers to one blank are longer than %(max)s characters.") % {"max": MAX_ANSWER_CHARS})
