"""The trainee's forms. They only read the post; the rules for entries live in declarations.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from declarations.models import AcknowledgementKind, RecusalDecision, RecusalEntry, RecusalOutcome, RelationKind
from declarations.services import CHOICE_FIELDS, ENTRY_FIELDS
from rounds.api import Region, UnitSystem


def _max_length(field: str) -> int:
    return RecusalEntry._meta.get_field(field).max_length


class ConfidentialityForm(forms.Form):
    agree = forms.BooleanField(
        label=_("I have read this and commit to abide by it"),
        error_messages={"required": _("Tick the box to confirm that you agree.")},
    )


class RecusalForm(forms.Form):
    nothing_to_declare = forms.BooleanField(
        label=_("Nothing to declare"),
        required=False,
        help_text=_("Tick this only if none of the ties above applies to you, and leave the rows empty."),
    )
    confirm = forms.BooleanField(
        label=_("I confirm that this declaration is true and complete"),
        error_messages={"required": _("Tick the box to confirm your declaration.")},
    )


class RecusalEntryForm(forms.Form):
    """One row. Every field is optional here: an empty row is skipped, a partly filled one is checked by the service."""

    relation = forms.ChoiceField(label=_("Kind of tie"), choices=[("", "——"), *RelationKind.choices], required=False)
    unit_name = forms.CharField(
        label=_("Unit (full name)"), required=False, max_length=_max_length("unit_name"), strip=True
    )
    person_name = forms.CharField(
        label=_("Relative's name"), required=False, max_length=_max_length("person_name"), strip=True
    )
    relationship = forms.CharField(
        label=_("Relationship to you"),
        required=False,
        max_length=_max_length("relationship"),
        help_text=_("For a relative: spouse, father, sister ..."),
    )
    position = forms.CharField(label=_("Position held"), required=False, max_length=_max_length("position"))
    system = forms.ModelChoiceField(
        label=_("System (if known)"),
        queryset=UnitSystem.objects.all(),
        required=False,
        empty_label="——",
        help_text=_("The line of work of that unit, e.g. education or health."),
        error_messages={"invalid_choice": _("Choose from the list, or leave it empty.")},
    )
    region = forms.ModelChoiceField(
        label=_("Township or village (if known)"),
        queryset=Region.objects.in_tree_order(),
        required=False,
        empty_label="——",
        error_messages={"invalid_choice": _("Choose from the list, or leave it empty.")},
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=_max_length("note"))

    def entry(self) -> dict | None:
        """The row as a service entry, or None when it is empty or ticked for removal."""
        data = getattr(self, "cleaned_data", {})
        if data.get("DELETE"):
            return None
        entry = {field: data.get(field) or "" for field in ENTRY_FIELDS}
        choices = {field: data.get(field) for field in CHOICE_FIELDS}
        if not any(entry.values()) and not any(choices.values()):
            return None
        return {**entry, **{field: value.pk for field, value in choices.items() if value is not None}}


EntryFormSet = forms.formset_factory(
    RecusalEntryForm, extra=3, can_delete=True, can_delete_extra=False, max_num=20, validate_max=True
)


def entry_initial(acknowledgement) -> list[dict]:
    """Rows to show for an earlier declaration, so the person can update it."""
    if acknowledgement is None:
        return []
    return [
        {
            **{field: getattr(entry, field) for field in ENTRY_FIELDS},
            **{field: getattr(entry, f"{field}_id") for field in CHOICE_FIELDS},
        }
        for entry in acknowledgement.entries.all()
    ]


class RoundConfirmForm(forms.Form):
    """One tap: confirm an agreement, unchanged, for a round (确认本轮申报)."""

    kind = forms.ChoiceField(choices=AcknowledgementKind.choices, widget=forms.HiddenInput)


class RecusalDecisionForm(forms.Form):
    """The office's decision on one (member, unit) conflict; the rules live in services.decide_conflict."""

    user = forms.IntegerField(widget=forms.HiddenInput)
    unit = forms.IntegerField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(
        label=_("Decision"),
        choices=RecusalOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a decision: duties reassigned, or no recusal needed.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=RecusalDecision._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the decision in a sentence.")},
    )
