from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class StartStepBlock(blocks.StructBlock):
    """One step on the home page's "where to start" list."""

    title = blocks.CharBlock(label=_("title"), max_length=80)
    text = blocks.TextBlock(label=_("text"), required=False)
    page = blocks.PageChooserBlock(label=_("link to page"), required=False)

    class Meta:
        icon = "list-ol"
        label = _("step")
        template = "core/blocks/start_step.html"
