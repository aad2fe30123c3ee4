"""The admin's question form refuses what the importer refuses: both call quizzes.validation."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.validation import POINTS, STEM, TRUE_FALSE, question_problems


def _kept_rows(formset) -> list[dict]:
    if not formset.is_valid():
        return []
    return [
        f.cleaned_data
        for f in formset.forms
        if f.cleaned_data
        and not f.cleaned_data.get("DELETE")
        and not (formset.can_delete and f in formset.deleted_forms)
    ]


class QuestionAdminForm(WagtailAdminModelForm):
    def clean(self):
        cleaned = super().clean()
        choices = [(row.get("text", ""), bool(row.get("is_correct"))) for row in _kept_rows(self.formsets["choices"])]
        blanks = [row.get("accepted", "") for row in _kept_rows(self.formsets["blanks"])]
        problems = question_problems(
            kind=cleaned.get("kind", ""),
            stem=cleaned.get("stem", ""),
            choices=choices,
            true_false_answer=cleaned.get("true_false_answer"),
            blanks=blanks,
            points=cleaned.get("points"),
        )
        for problem in problems:
            field = (
                problem.field if problem.field in (STEM, TRUE_FALSE, POINTS) and problem.field in self.fields else None
            )
            self.add_error(field, forms.ValidationError(problem.message))
        return cleaned
