from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from regulations.models import RegulationArticle


class RegulationArticleViewSet(SnippetViewSet):
    """Articles are written by the importer; the admin lists them and offers them in choosers."""

    model = RegulationArticle
    icon = "doc-full"
    menu_label = _("Regulation articles")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["label", "regulation", "chapter"]
    list_filter = ["regulation"]
    search_fields = ["label", "text"]
    list_per_page = 50


register_snippet(RegulationArticleViewSet)
