"""The marker's form: a score and a comment per markable answer. Only parsing here; the rules are in
quizzes.services_marking.mark_attempt, whose refusals come back onto the answers they concern."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from quizzes.models import AttemptAnswer
from quizzes.presentation import QuestionView
from quizzes.services_marking import Mark


@dataclass
class MarkLine:
    view: QuestionView
    awarded: forms.BoundField
    comment: forms.BoundField


class MarkingForm(forms.Form):
    """Fields named awarded-<answer id> / comment-<answer id>, plus the confirm button.

    A blank score leaves that answer as it is, so a marker may mark part of an attempt and come back."""

    confirm = forms.BooleanField(required=False)

    def __init__(self, *args, answers: Iterable[AttemptAnswer], **kwargs):
        super().__init__(*args, **kwargs)
        self.answers = list(answers)
        for answer in self.answers:
            self.fields[f"awarded-{answer.pk}"] = forms.DecimalField(
                required=False,
                initial=answer.awarded,
                error_messages={"invalid": _("Enter the score as a number.")},
                # The browser's hint only: the range is the service's rule.
                widget=forms.NumberInput(attrs={"min": 0, "max": answer.points, "step": "0.5"}),
            )
            self.fields[f"comment-{answer.pk}"] = forms.CharField(
                required=False, initial=answer.marker_comment, widget=forms.Textarea(attrs={"rows": 2})
            )

    def marks(self) -> list[Mark]:
        data = self.cleaned_data
        return [
            Mark(answer_id=a.pk, awarded=data[f"awarded-{a.pk}"], comment=data[f"comment-{a.pk}"])
            for a in self.answers
            if data[f"awarded-{a.pk}"] is not None
        ]

    def add_refusals(self, errors: dict[int, str]) -> None:
        """Put each refusal from the service beside the score of its answer."""
        for answer_id, message in errors.items():
            name = f"awarded-{answer_id}"
            self.add_error(name if name in self.fields else None, message)

    def lines(self, views: Iterable[QuestionView]) -> list[MarkLine]:
        return [
            MarkLine(view=v, awarded=self[f"awarded-{v.answer.pk}"], comment=self[f"comment-{v.answer.pk}"])
            for v in views
        ]
