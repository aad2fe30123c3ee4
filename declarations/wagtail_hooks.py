"""The commitment texts in the admin: 承诺文本. People's agreements are read through the round dashboards."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from declarations.models import AcknowledgementText


class AcknowledgementTextForm(WagtailAdminModelForm):
    """A version somebody has agreed to is kept as they read it: a change is a new version."""

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.has_changed() and self.instance.acknowledgements.exists():
            raise ValidationError(
                _("People have already signed this version. To change the wording, add a new version instead.")
            )
        return cleaned


class AcknowledgementTextViewSet(SnippetViewSet):
    model = AcknowledgementText
    icon = "doc-full"
    menu_label = _("Acknowledgement texts")
    menu_order = 345
    add_to_admin_menu = True
    list_display = ["title", "kind", "version", "created_at"]
    list_filter = ["kind"]
    edit_handler = ObjectList(AcknowledgementText.panels, base_form_class=AcknowledgementTextForm)


register_snippet(AcknowledgementTextViewSet)
