from django.utils.translation import gettext_lazy as _
from wagtail.snippets.views.snippets import SnippetViewSet

from core.models import UnitType


class UnitTypeViewSet(SnippetViewSet):
    """Registered inside the case taxonomy menu group (cases/wagtail_hooks.py)."""

    model = UnitType
    icon = "site"
    menu_label = _("Unit types")
    list_display = ["name", "slug", "sort_order"]
