from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from regulations.admin_views import IMPORT_PERMISSION, ImportJobView, ImportPreviewView, ImportUploadView
from regulations.choosers import ArticleChooserViewSet
from regulations.models import RegulationArticle, RegulationCategory


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
    # Editions in force first, each row with its edition and status, found by 第十五条 as well as by words.
    chooser_viewset_class = ArticleChooserViewSet


class RegulationCategoryViewSet(SnippetViewSet):
    model = RegulationCategory
    icon = "tag"
    menu_label = _("Regulation categories")
    list_display = ["name", "slug", "sort_order"]


register_snippet(RegulationArticleViewSet)
register_snippet(RegulationCategoryViewSet)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [
        path("regulations/import/", ImportUploadView.as_view(), name="regulation_import"),
        path("regulations/import/<int:pk>/", ImportPreviewView.as_view(), name="regulation_import_preview"),
        path("regulations/import/<int:pk>/job/", ImportJobView.as_view(), name="regulation_import_job"),
    ]


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(IMPORT_PERMISSION)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return _ImportMenuItem(_("Import regulation"), reverse("regulation_import"), icon_name="upload", order=305)
