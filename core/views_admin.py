"""Admin pages of the site shell (registered in core/wagtail_hooks.py, behind the admin's login): the editor guide,
and approving or sending back a page from the dashboard's 等待你的审查 list with a dialog and a message."""

from django.shortcuts import render
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.admin.views.pages.workflow import WorkflowAction
from wagtail.models import TaskState

from core.editor_guide import editor_guide as load_guide


def editor_guide(request):
    return render(request, "core/editor_guide.html", {"guide": load_guide()})


def approved_message(page) -> str:
    """What approving a page did: published, published later, or passed on to the next review step."""
    page.refresh_from_db()
    title = page.get_admin_display_title()
    if page.current_workflow_state is not None:
        text = gettext("Approved “%(title)s”: it goes on to the next review step.")
    elif page.go_live_at and not page.live:
        text = gettext("Approved “%(title)s”: it will be published at the scheduled time.")
    else:
        text = gettext("Approved and published “%(title)s”.")
    return text % {"title": title}


class DashboardWorkflowAction(WorkflowAction):
    """Wagtail's workflow action for a page (its permission checks, its dialog with an optional comment), that
    also says what it did: Wagtail's own redirects back to the dashboard without a word."""

    submit_url_name = "wagtailadmin_dashboard_workflow_action"

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        self.task_state.refresh_from_db()
        if self.task_state.status == TaskState.STATUS_APPROVED:
            messages.success(request, approved_message(self.object.specific))
        elif self.task_state.status == TaskState.STATUS_REJECTED:
            title = self.object.specific.get_admin_display_title()
            messages.success(request, gettext("Sent “%(title)s” back for changes.") % {"title": title})
        return response
