"""What a question screen shows: options in the taker's order, blanks inside the stem, feedback."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import pgettext

from quizzes.models import AttemptAnswer, QuestionKind
from quizzes.scoring import split_stem_at_blanks, split_variants


@dataclass
class OptionView:
    pk: int | str
    text: str
    letter: str
    selected: bool
    correct: bool


@dataclass
class QuestionView:
    answer: AttemptAnswer
    options: list[OptionView] = field(default_factory=list)
    stem_parts: list[str] = field(default_factory=list)
    blanks: list[dict] = field(default_factory=list)
    text: str = ""

    @property
    def question(self):
        return self.answer.question

    @property
    def correct_letters(self) -> str:
        return "".join(o.letter for o in self.options if o.correct)


LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def option_letter(index: int) -> str:
    """The letter of the option at this position (0 → A): the same on the quiz page, the result and the room."""
    return LETTERS[index % len(LETTERS)]


def true_false_labels() -> tuple[str, str]:
    """The two options of a true-or-false question, lettered A and B."""
    return pgettext("true/false answer", "True"), pgettext("true/false answer", "False")


def question_view(answer: AttemptAnswer) -> QuestionView:
    """Build from an answer whose question's choices and blanks are prefetched."""
    question = answer.question
    response = answer.response or {}
    view = QuestionView(answer=answer)
    if question.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        by_id = {c.pk: c for c in question.choices.all()}
        order = [pk for pk in answer.choice_order if pk in by_id] + [
            pk for pk in by_id if pk not in answer.choice_order
        ]
        chosen = set(response.get("choices", []))
        view.options = [
            OptionView(pk, by_id[pk].text, option_letter(i), pk in chosen, by_id[pk].is_correct)
            for i, pk in enumerate(order)
        ]
    elif question.kind == QuestionKind.TRUE_FALSE:
        value = response.get("value")
        true, false = true_false_labels()
        view.options = [
            OptionView("true", true, option_letter(0), value is True, question.true_false_answer is True),
            OptionView("false", false, option_letter(1), value is False, question.true_false_answer is False),
        ]
    elif question.kind == QuestionKind.FILL_BLANK:
        view.stem_parts = split_stem_at_blanks(question.stem)
        given = response.get("blanks", [])
        accepted = [split_variants(b.accepted) for b in question.blanks.all()]
        view.blanks = [
            {"number": i + 1, "value": given[i] if i < len(given) else "", "accepted": variants}
            for i, variants in enumerate(accepted)
        ]
    elif question.kind == QuestionKind.ESSAY:
        view.text = response.get("text", "")
    return view


def practice_view(question) -> QuestionView:
    """A question outside any attempt (the wrong-answer book): options as entered, nothing answered."""
    return question_view(AttemptAnswer(question=question, choice_order=[c.pk for c in question.choices.all()]))
