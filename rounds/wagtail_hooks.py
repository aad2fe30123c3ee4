"""Rounds, teams and study packs in the admin under 巡察轮次."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CopyView, CreateView, EditView, SnippetViewSet, SnippetViewSetGroup

from rounds import services
from rounds.models import InspectionRound, InspectionTeam, Region, StudyPack, UnitSystem
from rounds.selectors import manager_ids


class _AuditManagersMixin:
    """Saves run inside the view's transaction: the security event commits with the change or not at all."""

    def save_instance(self):
        before = manager_ids(inspection_round=self.form.instance)
        instance = super().save_instance()
        services.note_managers_changed(inspection_round=instance, before=before, request=self.request)
        return instance


class RoundCreateView(_AuditManagersMixin, CreateView):
    pass


class RoundCopyView(_AuditManagersMixin, CopyView):
    pass


class RoundEditView(_AuditManagersMixin, EditView):
    pass


class InspectionRoundViewSet(SnippetViewSet):
    model = InspectionRound
    icon = "date"
    add_view_class = RoundCreateView
    copy_view_class = RoundCopyView
    edit_view_class = RoundEditView
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


class UnitSystemViewSet(SnippetViewSet):
    """系统 for recusal matching (教育、卫健 ...)."""

    model = UnitSystem
    icon = "tag"
    menu_label = _("Unit systems")
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]


class RegionViewSet(SnippetViewSet):
    """区域 for recusal matching: townships and their villages."""

    model = Region
    icon = "site"
    menu_label = _("Regions")
    list_display = ["name", "parent", "slug", "sort_order"]
    list_filter = ["parent"]
    search_fields = ["name"]

    def get_queryset(self, request):
        return self.model.objects.in_tree_order()


class RoundsGroup(SnippetViewSetGroup):
    menu_label = _("Inspection rounds")
    menu_icon = "date"
    menu_order = 335
    items = (InspectionRoundViewSet, InspectionTeamViewSet, StudyPackViewSet, UnitSystemViewSet, RegionViewSet)


register_snippet(RoundsGroup)
