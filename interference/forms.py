"""The report form: parsing only. What a report accepts is interference.services' rule."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from interference.models import (
    APPROACHER_MAX_LENGTH,
    NOTE_MAX_LENGTH,
    REQUEST_MAX_LENGTH,
    RESPONSE_MAX_LENGTH,
    Channel,
)

FIELDS = ("happened_on", "channel", "approacher", "request", "response")


class ReportForm(forms.Form):
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, widget=forms.RadioSelect)
    happened_on = forms.DateField(
        label=_("When it happened"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Enter the date it happened."), "invalid": _("Enter a date like 2026-05-01.")},
    )
    channel = forms.ChoiceField(
        label=_("How"),
        choices=Channel.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose how they approached you.")},
    )
    approacher = forms.CharField(
        label=_("Who approached you"),
        help_text=_("Their position and unit are enough, no name needed."),
        max_length=APPROACHER_MAX_LENGTH,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. head of a section of the inspected unit")}),
        error_messages={"required": _("Say who approached you (their position and unit are enough).")},
    )
    request = forms.CharField(
        label=_("What they asked for"),
        max_length=REQUEST_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what they asked for.")},
    )
    response = forms.CharField(
        label=_("How you answered (optional)"),
        max_length=RESPONSE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, rounds=None, **kwargs):
        super().__init__(*args, **kwargs)
        rounds = list(rounds or [])
        self.rounds = {r.pk: r for r in rounds}
        if len(rounds) > 1:
            self.fields["round"].choices = [(r.pk, r.name) for r in rounds]
            self.fields["round"].error_messages["required"] = _("Choose the round.")
        else:
            # One round (or a correction): nothing to choose.
            del self.fields["round"]

    def chosen_round(self):
        if "round" in self.fields:
            return self.rounds[self.cleaned_data["round"]]
        return next(iter(self.rounds.values()), None)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. reminded the unit of the rules")}),
    )
