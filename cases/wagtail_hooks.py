from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from cases.models import DiscoveryMethod, ProblemCategory
from core.wagtail_hooks import UnitTypeViewSet


class ProblemCategoryViewSet(SnippetViewSet):
    model = ProblemCategory
    icon = "tag"
    menu_label = _("Problem categories")
    list_display = ["name", "parent", "slug", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return self.model.objects.in_tree_order()


class DiscoveryMethodViewSet(SnippetViewSet):
    model = DiscoveryMethod
    icon = "search"
    menu_label = _("Discovery methods")
    list_display = ["name", "slug", "sort_order"]


class CaseTaxonomyGroup(SnippetViewSetGroup):
    menu_label = _("Case taxonomy")
    menu_icon = "folder-open-inverse"
    menu_order = 300
    items = (ProblemCategoryViewSet, DiscoveryMethodViewSet, UnitTypeViewSet)


register_snippet(CaseTaxonomyGroup)
