"""Forms of the schedule: the series (weekdays as checkboxes, stored as the RFC 5545 day codes the rule
reads), and cancelling or moving one evening.

Imports nothing of the app but the weekdays: the series model names its form here while the models load.
"""

from datetime import datetime, tzinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.admin.forms import WagtailAdminModelForm

from studysessions.models.weekday import Weekday

APPOINT_HOST_PERMISSION = "studysessions.appoint_host"


class _HostGateMixin:
    """Only those who may appoint hosts see or change the host field: hosting gives the roster, minutes and
    printed record. Without the permission the field is left out (its panel hides with it), and a POST that
    names a host anyway is refused rather than quietly dropped."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "for_user", None)
        self.may_appoint_host = user is not None and user.has_perm(APPOINT_HOST_PERMISSION)
        if not self.may_appoint_host:
            self.fields.pop("host", None)

    def clean(self):
        data = super().clean()
        if not self.may_appoint_host and self.is_bound and "host" in self.data:
            raise ValidationError(_("Only an administrator may appoint or change a host."))
        return data


class StudySeriesForm(_HostGateMixin, WagtailAdminModelForm):
    weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("weekdays"), choices=Weekday.choices, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["weekdays"] = self.instance.weekday_codes

    def clean_weekdays(self) -> str:
        chosen = set(self.cleaned_data["weekdays"])
        # Week order, whatever order the boxes were ticked in.
        return ",".join(code for code in Weekday.values if code in chosen)


class _MinutesGateMixin:
    """The minutes belong to the evening's record (the host, the round's managers and 管理员: ``selectors.
    may_see_record``), not to everyone who plans evenings. The admin view says whether this person may see
    them (``may_see_minutes``); without it the field is left out, a POST that carries minutes anyway is
    refused, and a new or copied evening starts with none."""

    def __init__(self, *args, may_see_minutes: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.may_see_minutes = may_see_minutes
        if not may_see_minutes:
            self.fields.pop("minutes", None)
            if self.instance.pk is None:
                self.instance.minutes = ""

    def clean(self):
        data = super().clean()
        if not self.may_see_minutes and self.is_bound and "minutes" in self.data:
            raise ValidationError(
                _("Only the host, the managers of its round and an administrator may see or change the minutes.")
            )
        return data


class StudySessionForm(_MinutesGateMixin, _HostGateMixin, WagtailAdminModelForm):
    """One evening's edit form (agenda, place, minutes); its stand-in host is an appointment too, and its
    minutes are shown only to those who may read its record."""


class CancelForm(forms.Form):
    def __init__(self, *args, **kwargs):
        # Both forms sit on one page and both have a note: keep their ids apart.
        super().__init__(*args, auto_id="cancel_%s", **kwargs)

    note = forms.CharField(
        label=gettext_lazy("Note for participants"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Why it is cancelled; shown on the schedule and in the calendar."),
    )


class MoveForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="move_%s", **kwargs)

    date = forms.DateField(label=gettext_lazy("New date"), widget=forms.DateInput(attrs={"type": "date"}))
    start = forms.TimeField(label=gettext_lazy("New start time"), widget=forms.TimeInput(attrs={"type": "time"}))
    end = forms.TimeField(label=gettext_lazy("New end time"), widget=forms.TimeInput(attrs={"type": "time"}))
    note = forms.CharField(label=gettext_lazy("Note for participants"), max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise forms.ValidationError(_("A session must end after it starts."))
        return data

    def times(self, *, zone: tzinfo) -> tuple[datetime, datetime]:
        """The new start and end in ``zone``, the site's wall-clock zone (occurrences.local_zone)."""
        day = self.cleaned_data["date"]
        return (
            datetime.combine(day, self.cleaned_data["start"], tzinfo=zone),
            datetime.combine(day, self.cleaned_data["end"], tzinfo=zone),
        )


def form_errors(form: forms.Form) -> str:
    """Every error of the form on one line, for a message."""
    return "；".join(str(e) for errors in form.errors.values() for e in errors)
