from django.utils.translation import gettext_lazy as _
from wagtail import blocks


def in_force(page):
    """The page a reader should be sent to: a page that has been replaced (a revised regulation edition)
    says which one stands in its place through ``version_in_force()``; any other page is itself."""
    if page is None:
        return None
    # The class is known from the content type (no query); only a page that can be replaced is loaded whole.
    if not hasattr(page.specific_class, "version_in_force"):
        return page
    return page.specific.version_in_force()


class StartStepBlock(blocks.StructBlock):
    """One step on the home page's "where to start" list."""

    title = blocks.CharBlock(label=_("title"), max_length=80)
    text = blocks.TextBlock(label=_("text"), required=False)
    page = blocks.PageChooserBlock(label=_("link to page"), required=False)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["target"] = in_force(value["page"])
        return context

    class Meta:
        icon = "list-ol"
        label = _("step")
        template = "core/blocks/start_step.html"
