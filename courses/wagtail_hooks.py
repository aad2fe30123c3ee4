"""Tracks and modules in the admin under 培训路径; lessons are pages under 学习课程."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from courses.models import Module, Track


class TrackViewSet(SnippetViewSet):
    model = Track
    icon = "list-ul"
    menu_label = _("Training tracks")
    list_display = ["name", "slug"]


class ModuleViewSet(SnippetViewSet):
    model = Module
    icon = "form"
    menu_label = _("Modules")
    list_display = ["title", "track", "sort_order", "quiz"]
    list_filter = ["track"]
    search_fields = ["title", "description"]

    def get_queryset(self, request):
        return self.model.objects.select_related("track", "quiz").order_by("track__name", "sort_order")


class TrainingGroup(SnippetViewSetGroup):
    menu_label = _("Training tracks")
    menu_icon = "list-ul"
    menu_order = 330
    items = (TrackViewSet, ModuleViewSet)


register_snippet(TrainingGroup)
