"""The practice 线索登记 form of a lead step: the standard fields, every one required, kept short.

Training material only (巡察工作秘密: never a real lead); the page shows the training-material notice.
"""

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

SOURCES = [
    ("petition", _("Letters and visits")),
    ("interview", _("Individual interview")),
    ("records", _("Documents examined")),
    ("visit", _("Field visit")),
    ("survey", _("Survey or questionnaire")),
    ("other", _("Other")),
]
CATEGORIES = [
    ("political", _("Political discipline")),
    ("organisational", _("Organisational discipline")),
    ("integrity", _("Integrity discipline")),
    ("public", _("Discipline towards the public")),
    ("work", _("Work discipline")),
    ("life", _("Discipline in daily life")),
    ("appointments", _("Selection and appointment of cadres")),
    ("other", _("Other")),
]
CHECKABILITY = [
    ("strong", _("Can be checked: time, people and records are named")),
    ("some", _("Partly checkable: some details to be found")),
    ("weak", _("Hard to check: vague, nothing concrete")),
]
DISPOSITIONS = [
    ("fix_now", _("Correct at once (立行立改)")),
    ("to_discipline", _("Hand over to the discipline inspection and supervision commission")),
    ("to_organisation", _("Hand over to the organisation department")),
    ("keep_learning", _("Keep finding out")),
    ("to_leading_group", _("Report to the leading group")),
]

CHOICE_LABELS = {
    "source": dict(SOURCES),
    "category": dict(CATEGORIES),
    "checkability": dict(CHECKABILITY),
    "disposition": dict(DISPOSITIONS),
}


def _fill_in(label) -> str:
    return gettext("Fill in “%(field)s”.") % {"field": label}


def _required(label):
    # Lazy: the message is translated when shown, in the reader's language.
    return {"required": lazy(_fill_in, str)(label)}


class LeadRegistrationForm(forms.Form):
    source = forms.ChoiceField(
        label=_("Source of the lead"), choices=[("", "—")] + SOURCES, error_messages=_required(_("Source of the lead"))
    )
    subject = forms.CharField(
        label=_("Person reported (pseudonym)"),
        max_length=40,
        help_text=_("A pseudonym such as 某镇干部甲: never a real name."),
        error_messages=_required(_("Person reported (pseudonym)")),
    )
    problem = forms.CharField(
        label=_("Main problem reported"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("Main problem reported")),
    )
    category = forms.ChoiceField(
        label=_("Problem category"), choices=[("", "—")] + CATEGORIES, error_messages=_required(_("Problem category"))
    )
    checkability = forms.ChoiceField(
        label=_("First view: can it be checked?"),
        choices=CHECKABILITY,
        widget=forms.RadioSelect,
        error_messages=_required(_("First view: can it be checked?")),
    )
    disposition = forms.ChoiceField(
        label=_("Proposed handling"),
        choices=DISPOSITIONS,
        widget=forms.RadioSelect,
        error_messages=_required(_("Proposed handling")),
    )


def lead_for_display(lead: dict | None) -> list[tuple[str, str]]:
    """A stored lead form as (label, value) lines, select values shown by their label."""
    if not lead:
        return []
    form = LeadRegistrationForm()
    lines = []
    for name, field in form.fields.items():
        value = lead.get(name, "")
        lines.append((str(field.label), str(CHOICE_LABELS.get(name, {}).get(value, value))))
    return lines
