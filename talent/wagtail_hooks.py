"""Admin: the specialisms editors keep (专长), as a snippet."""

from django.utils.translation import gettext_lazy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from talent.models import Specialism


class SpecialismViewSet(SnippetViewSet):
    model = Specialism
    icon = "tag"
    menu_label = gettext_lazy("Specialisms")
    menu_order = 340
    add_to_admin_menu = True
    list_display = ["name", "sort_order"]
    search_fields = ["name"]


register_snippet(SpecialismViewSet)
