"""The series form: weekdays as checkboxes, stored as the RFC 5545 day codes the rule reads."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from studysessions.models.weekday import Weekday


class StudySeriesForm(WagtailAdminModelForm):
    weekdays = forms.MultipleChoiceField(
        label=_("weekdays"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["weekdays"] = self.instance.weekday_codes

    def clean_weekdays(self) -> str:
        chosen = set(self.cleaned_data["weekdays"])
        # Week order, whatever order the boxes were ticked in.
        return ",".join(code for code in Weekday.values if code in chosen)
