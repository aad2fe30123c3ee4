from django import forms
from django.utils.translation import gettext_lazy as _

from talent.models import Specialism
from talent.selectors import STAFFING_ROLES

MONTH_CHOICES = [
    ("", _("Any time")),
    ("6", _("Within 6 months")),
    ("12", _("Within a year")),
    ("24", _("Within two years")),
]
ROUND_CHOICES = [
    ("", _("Any")),
    ("1", _("At least once")),
    ("2", _("At least twice")),
    ("3", _("At least three times")),
]


class SpecialismsForm(forms.Form):
    specialisms = forms.ModelMultipleChoiceField(
        label=_("My specialisms"),
        queryset=Specialism.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick what you know well. The office uses it when staffing a round."),
    )


class PoolSearchForm(forms.Form):
    """The 人才库 filters, read from GET. Bad values are reported, not guessed."""

    name = forms.CharField(label=_("Name"), required=False, max_length=40)
    specialism = forms.ModelMultipleChoiceField(
        label=_("Specialism (any of)"),
        queryset=Specialism.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    rounds = forms.TypedChoiceField(
        label=_("Rounds served"), choices=ROUND_CHOICES, coerce=int, empty_value=0, required=False
    )
    ready = forms.TypedChoiceField(
        label=_("Became ready"), choices=MONTH_CHOICES, coerce=int, empty_value=None, required=False
    )
    role = forms.ChoiceField(
        label=_("Role served"),
        choices=[("", _("Any role")), *((role.value, role.label) for role in STAFFING_ROLES)],
        required=False,
    )
    order = forms.ChoiceField(
        label=_("Order"),
        choices=[("rounds", _("Most rounds served first")), ("score", _("Best average quiz score first"))],
        required=False,
    )
