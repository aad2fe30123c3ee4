"""The marker's form: the rubric (six criteria, 0–2 each), an overall comment, and a comment box beside each section,
problem and recommendation of the draft."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.rubric import RubricFormMixin
from report_writing.content import ReportContent
from report_writing.marking import COMMENT_MAX_LENGTH, OVERALL_COMMENT_MAX_LENGTH
from report_writing.models import ReportDraft
from report_writing.models.drafts import RUBRIC, RUBRIC_MAX

INLINE_PREFIX = "note-"


def content_keys(content: ReportContent) -> list[str]:
    return (
        [s.key for s in content.sections] + [p.key for p in content.problems] + [r.key for r in content.recommendations]
    )


class MarkDraftForm(RubricFormMixin, forms.Form):
    comment = forms.CharField(
        required=False,
        max_length=OVERALL_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        label=_("Overall comment for the writer"),
    )

    def __init__(self, *args, draft: ReportDraft, content: ReportContent, comments: dict[str, str] | None = None, **kw):
        super().__init__(*args, **kw)
        self.add_rubric_fields(rubric=RUBRIC, maximum=RUBRIC_MAX, marked=draft)
        self.fields["comment"].initial = draft.marker_comment
        self.keys = content_keys(content)
        for key in self.keys:
            self.fields[INLINE_PREFIX + key] = forms.CharField(
                required=False,
                max_length=COMMENT_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
                label=_("Comment on this part"),
                initial=(comments or {}).get(key, ""),
            )

    def inline_comments(self) -> dict[str, str]:
        return {key: self.cleaned_data.get(INLINE_PREFIX + key, "") for key in self.keys}

    def comment_field(self, key: str):
        return self[INLINE_PREFIX + key]
