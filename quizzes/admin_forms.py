"""The admin's question form refuses what the importer refuses: both call quizzes.validation."""

from django import forms
from django.db.models import Q
from wagtail.admin.forms import WagtailAdminModelForm

from quizzes.models import QuestionCategory
from quizzes.validation import POINTS, STEM, TRUE_FALSE, question_problems
from regulations.api import RegulationArticle, article_choice_label, articles_current_first


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
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Categories as a tree of tick boxes; articles of editions in force (plus any already linked).
        categories = self.fields["categories"]
        categories.queryset = QuestionCategory.objects.in_tree_order()
        categories.widget = forms.CheckboxSelectMultiple(choices=categories.choices)
        linked = self.instance.articles.all() if self.instance.pk else RegulationArticle.objects.none()
        self.fields["articles"].queryset = articles_current_first(
            RegulationArticle.objects.filter(Q(regulation__live=True) | Q(pk__in=linked.values("pk")))
        )
        self.fields["articles"].label_from_instance = article_choice_label  # 《…》第十五条（现行有效）

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
