"""The drill form: parsing only. What counts as an answer is drills.services.submit_drill's rule."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from core.rubric import RubricFormMixin
from drills.models import RUBRIC, RUBRIC_MAX, SENTENCE_MAX_LENGTH

SEARCH = "search"


class DrillForm(forms.Form):
    """One drill: the category (a radio list of the two-level taxonomy), the ticked articles, the sentence, and the
    article search box. The search button posts the whole form back, so nothing typed is lost without JavaScript."""

    category = forms.IntegerField(required=False)
    sentence = forms.CharField(
        required=False,
        strip=True,
        widget=forms.TextInput(attrs={"maxlength": SENTENCE_MAX_LENGTH, "autocomplete": "off"}),
    )
    q = forms.CharField(required=False, max_length=100)
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.article_ids: list[int] = []
        if self.is_bound:
            for value in self.data.getlist("articles"):
                try:
                    self.article_ids.append(int(value))
                except (TypeError, ValueError):
                    continue
        else:
            self.initial.setdefault("token", uuid.uuid4())

    @property
    def searching(self) -> bool:
        return self.is_bound and self.data.get("action") == SEARCH

    def chosen_category_id(self) -> int | None:
        if self.is_bound and self.is_valid():
            return self.cleaned_data["category"]
        return None


class MarkForm(RubricFormMixin, forms.Form):
    """The marker's rubric: five scores 0–2 and a comment."""

    comment = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 3}), label=_("Comment for the trainee")
    )

    def __init__(self, *args, attempt=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_rubric_fields(rubric=RUBRIC, maximum=RUBRIC_MAX, marked=attempt)
        if attempt is not None:
            self.fields["comment"].initial = attempt.marker_comment
