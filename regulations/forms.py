from django import forms
from django.utils.translation import gettext_lazy as _

from regulations.models import RegulationPage
from regulations.parsing import MAX_SOURCE_BYTES


class RegulationImportForm(forms.Form):
    file = forms.FileField(label=_("Regulation file"), help_text=_(".txt (UTF-8 or GBK) or .docx"))
    title = forms.CharField(label=_("Title"), max_length=255)
    revises = forms.ModelChoiceField(
        label=_("Revises edition"),
        queryset=RegulationPage.objects.order_by("title"),
        required=False,
        help_text=_("Choose the earlier edition if this text is a revision; a comparison page is built."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_SOURCE_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(limit)s MB."), params={"limit": MAX_SOURCE_BYTES // (1024 * 1024)}
            )
        return upload
