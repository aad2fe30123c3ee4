"""Series and their evenings in the admin under 夜学."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from studysessions.models import StudySeries, StudySession
from studysessions.schedule import admin_urls
from studysessions.schedule.admin_views import (
    EveningCreateView,
    EveningEditView,
    EveningsColumn,
    HostAuditedCopyView,
    HostAuditedCreateView,
    HostAuditedEditView,
    HostColumn,
)


class StudySeriesViewSet(SnippetViewSet):
    model = StudySeries
    icon = "date"
    add_view_class = HostAuditedCreateView
    copy_view_class = HostAuditedCopyView
    edit_view_class = HostAuditedEditView
    menu_label = _("Study series")
    list_display = [
        "title",
        "place",
        HostColumn("host", label=_("Host")),
        "audience",
        "first_date",
        "last_date",
        EveningsColumn("evenings", label=_("Evenings")),
    ]

    def get_queryset(self, request):
        return self.model.objects.select_related("host")


class StudySessionViewSet(SnippetViewSet):
    model = StudySession
    icon = "time"
    # The minutes only for those who may read the evening's record. No blank or copied evening: each one is
    # a slot of its series (one per slot), made from the series' evenings page.
    add_view_class = EveningCreateView
    copy_view_enabled = False
    edit_view_class = EveningEditView
    menu_label = _("Study sessions")
    list_display = ["__str__", "status", "starts_at"]
    list_filter = ["series", "status"]
    # Evenings are created from their series (schedule.services.materialise), never from a blank form.
    add_to_admin_menu = False

    def get_queryset(self, request):
        return self.model.objects.select_related("series")


class StudySessionsGroup(SnippetViewSetGroup):
    menu_label = _("Evening study")
    menu_icon = "date"
    menu_order = 336
    items = (StudySeriesViewSet, StudySessionViewSet)


register_snippet(StudySessionsGroup)


@hooks.register("register_admin_urls")
def register_evening_admin_urls():
    # The evenings of a series: plan, cancel or move one (studysessions.schedule.admin_views).
    return [path("studysessions/", include(admin_urls.urlpatterns))]
