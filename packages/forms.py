"""Forms of the packages' admin pages: they read what was typed or chosen; the rules are in exporting/importing."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from packages import selectors
from packages.kinds import KINDS

STEM_SHOWN = 60


class OfficeNameForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Office name"), max_length=60)


def _item_label(kind, instance) -> str:
    if kind.key == "question":
        stem = " ".join((getattr(instance, "stem", "") or "").split())
        return stem if len(stem) <= STEM_SHOWN else stem[: STEM_SHOWN - 1] + "…"
    return kind.title_of(instance)


class ExportForm(forms.Form):
    """Title, note, optionally the package this is a later version of, and a box per item that may leave."""

    title = forms.CharField(label=gettext_lazy("Title"), max_length=120)
    note = forms.CharField(
        label=gettext_lazy("Note for receivers"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    key = forms.ChoiceField(label=gettext_lazy("New version of"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [("", _("— a new package —"))] + [
            (key, _("%(title)s (now version %(version)s)") % {"title": title, "version": version})
            for key, title, version in selectors.package_keys()
        ]
        self.kind_fields = []
        for kind in KINDS:
            name = f"items_{kind.key}"
            self.fields[name] = forms.TypedMultipleChoiceField(
                label=kind.label,
                required=False,
                coerce=int,
                choices=[(obj.pk, _item_label(kind, obj)) for obj in kind.choices()],
                widget=forms.CheckboxSelectMultiple(attrs={"class": "packages-item"}),
            )
            self.kind_fields.append((kind, name))

    def kind_sections(self):
        """(kind, bound field) of each kind that has something to choose, for the template."""
        return [(kind, self[name]) for kind, name in self.kind_fields if self.fields[name].choices]

    def chosen_items(self) -> list[tuple[str, int]]:
        return [(kind.key, pk) for kind, name in self.kind_fields for pk in self.cleaned_data.get(name, [])]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Package file (.zip)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".zip"):
            raise forms.ValidationError(_("Choose the package file: it ends in .zip."))
        return upload
