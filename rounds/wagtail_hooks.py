"""Rounds, teams and study packs in the admin under 巡察轮次."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from rounds.models import InspectionRound, InspectionTeam, StudyPack


class InspectionRoundViewSet(SnippetViewSet):
    model = InspectionRound
    icon = "date"
    menu_label = _("Inspection rounds")
    list_display = ["name", "starts_on", "ends_on", "track"]


class InspectionTeamViewSet(SnippetViewSet):
    model = InspectionTeam
    icon = "group"
    menu_label = _("Inspection teams")
    list_display = ["name", "round"]
    list_filter = ["round"]

    def get_queryset(self, request):
        return self.model.objects.select_related("round")


class StudyPackViewSet(SnippetViewSet):
    model = StudyPack
    icon = "folder-inverse"
    menu_label = _("Study packs")
    list_display = ["title", "round", "unit_type", "quiz"]
    list_filter = ["round"]

    def get_queryset(self, request):
        return self.model.objects.select_related("round", "unit_type", "quiz")


class RoundsGroup(SnippetViewSetGroup):
    menu_label = _("Inspection rounds")
    menu_icon = "date"
    menu_order = 335
    items = (InspectionRoundViewSet, InspectionTeamViewSet, StudyPackViewSet)


register_snippet(RoundsGroup)
