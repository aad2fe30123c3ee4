import html

from django.contrib import messages as django_messages
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.action_menu import WorkflowMenuItem
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page
from wagtail.snippets.views.snippets import SnippetViewSet

from core import views_admin
from core.models import UnitType


class UnitTypeViewSet(SnippetViewSet):
    """Registered inside the case taxonomy menu group (cases/wagtail_hooks.py)."""

    model = UnitType
    icon = "site"
    menu_label = _("Unit types")
    list_display = ["name", "slug", "sort_order"]


# --- The editor guide: our own manual instead of Wagtail's external English guide (issue 15, point 9) ---


@hooks.register("register_admin_urls")
def register_editor_guide_url():
    return [
        path("editor-guide/", views_admin.editor_guide, name="editor_guide"),
        path(
            "pages/<int:page_id>/review/<slug:action_name>/<int:task_state_id>/",
            views_admin.DashboardWorkflowAction.as_view(),
            name="wagtailadmin_dashboard_workflow_action",
        ),
    ]


#: Wagtail's help items that lead off the intranet, to Wagtail's English guide and release notes.
EXTERNAL_HELP_ITEMS = ("editor-guide", "whats-new-in-wagtail-")


@hooks.register("construct_help_menu")
def use_our_editor_guide(request, menu_items):
    menu_items[:] = [item for item in menu_items if not item.name.startswith(EXTERNAL_HELP_ITEMS)]


@hooks.register("register_help_menu_item")
def register_editor_guide_menu_item():
    return MenuItem(_("Editor guide"), reverse("editor_guide"), icon_name="help", order=1000, name="our-editor-guide")


class EditorGuidePanel(Component):
    name = "editor_guide"
    template_name = "core/editor_guide_panel.html"
    order = 10


@hooks.register("construct_homepage_panels")
def link_the_editor_guide_from_the_dashboard(request, panels):
    panels.append(EditorGuidePanel())


# --- Approving: one visible button that asks first, and a message that says what happened ---------------


@hooks.register("construct_page_action_menu")
def put_approve_first(menu_items, request, context):
    """A reviewer's main button on a page awaiting review is 批准并发布 (not 保存草稿 with approval behind
    "…"), and it opens Wagtail's approve dialog (with an optional comment) as the confirmation."""
    approve = [item for item in menu_items if isinstance(item, WorkflowMenuItem) and item.name == "approve"]
    if not approve:
        return
    first = approve[0]
    first.launch_modal = True
    for item in approve:
        menu_items.remove(item)
    menu_items.insert(0, first)


@hooks.register("after_edit_page")
def say_what_approving_did(request, page):
    if request.POST.get("workflow-action-name") != "approve":
        return None
    page.refresh_from_db()
    updated = gettext("Page '%(page_title)s' has been updated.") % {"page_title": page.get_admin_display_title()}
    kept = [
        message
        for message in django_messages.get_messages(request)
        if html.unescape(str(message.message)).strip() != updated
    ]
    for message in kept:
        django_messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
    messages.success(request, views_admin.approved_message(page))
    return None


class ReviewsToDoPanel(WorkflowObjectsToModeratePanel):
    """The dashboard's 等待你的审查: every action opens Wagtail's dialog first (批准 with an optional comment, 请求修改
    with the reason) instead of 批准 approving at one click, and the action says what it did afterwards."""

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        for state in context["states"]:
            if isinstance(state["obj"], Page):
                state["workflow_action_url_name"] = "wagtailadmin_dashboard_workflow_action"
                state["actions"] = _each_action_once_with_its_dialog(state["actions"])
        return context


def _each_action_once_with_its_dialog(actions):
    """[(name, label, opens a dialog)] with every action opening its dialog, each name once: Wagtail's 批准 and
    带评论批准 become one 批准 whose dialog has the optional comment."""
    kept = {}
    for name, label, _modal in actions:
        kept.setdefault(name, (name, label, True))
    return list(kept.values())


@hooks.register("construct_homepage_panels")
def approve_from_the_dashboard_with_a_dialog(request, panels):
    panels[:] = [ReviewsToDoPanel() if type(panel) is WorkflowObjectsToModeratePanel else panel for panel in panels]
