"""The host's minutes, typed as plain text (see history.services.minutes_html)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MinutesForm(forms.Form):
    text = forms.CharField(
        label=_("Minutes"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("A blank line starts a new paragraph."),
    )
