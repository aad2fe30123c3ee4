"""Admin: the queue of handed-in report drafts and the marking page of one, for holders of
report_writing.mark_report_draft (审核, 管理员). Laid out like the drills' marking (drills/admin_marking.py); the rule
is in report_writing.marking.mark_draft."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import include, path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.api import record_view
from core.admin_views import PermissionRequiredAdminMixin
from report_writing import exercises
from report_writing.checks import run_checks
from report_writing.forms_marking import MarkDraftForm
from report_writing.marking import MarkingError, mark_draft
from report_writing.models import DraftStatus, ReportDraft
from report_writing.models.drafts import MARK_PERMISSION
from report_writing.selectors import check_context, content_of_draft, only_roles_of


class _MarkerMixin(PermissionRequiredAdminMixin):
    permission_required = MARK_PERMISSION


class ReportMarkingQueueView(_MarkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Report marking")
    header_icon = "tick"
    template_name = "report_writing/admin/marking_queue.html"

    def get_context_data(self, **kwargs):
        drafts = list(exercises.marking_queue(marker=self.request.user))
        if drafts:
            # The queue names the people whose drafts wait.
            record_view(
                action="report_writing.marking_queue_viewed",
                request=self.request,
                people=list({d.writer for d in drafts}),
            )
        return {**super().get_context_data(**kwargs), "drafts": drafts}


def _parts(content, form, findings):
    """Each section, problem and recommendation with its comment box and the checks' findings on it."""
    by_target: dict[str, list] = {}
    for finding in findings:
        by_target.setdefault(finding.target, []).append(finding)

    def rows(items):
        return [
            {"item": item, "field": form[f"note-{item.key}"], "findings": by_target.get(item.key, [])} for item in items
        ]

    problem_numbers = {p.key: p.number for p in content.problems}
    recommendations = rows(content.recommendations)
    for row in recommendations:
        row["answers"] = [problem_numbers[k] for k in row["item"].problem_keys if k in problem_numbers]
    return {
        "sections": rows(content.sections),
        "problems": rows(content.problems),
        "recommendations": recommendations,
        "general_findings": by_target.get("", []),
    }


class MarkDraftView(_MarkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Mark a report draft")
    header_icon = "tick"
    template_name = "report_writing/admin/mark_draft.html"

    def get_draft(self) -> ReportDraft:
        try:
            return exercises.draft_to_mark(pk=self.kwargs["pk"], marker=self.request.user)
        except ReportDraft.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, *, draft: ReportDraft | None = None, form: MarkDraftForm | None = None, **kwargs):
        draft = draft or self.get_draft()
        record_view(
            action="report_writing.draft_marking_viewed", request=self.request, target=draft, subject=draft.writer
        )
        content = content_of_draft(draft=draft)
        comments = exercises.inline_comments(draft=draft)
        form = form or MarkDraftForm(draft=draft, content=content, comments=comments)
        findings = run_checks(content=content, context=check_context(), only_roles=only_roles_of(draft=draft))
        exercise = exercises.draft_result(draft=draft).exercise
        return {
            **super().get_context_data(**kwargs),
            "draft": draft,
            "content": content,
            "exercise": exercise,
            "form": form,
            "markable": draft.status == DraftStatus.SUBMITTED,
            "finding_count": len(findings),
            **_parts(content, form, findings),
        }

    def post(self, request, *args, **kwargs):
        draft = self.get_draft()
        content = content_of_draft(draft=draft)
        form = MarkDraftForm(request.POST, draft=draft, content=content)
        if form.is_valid():
            try:
                mark_draft(
                    draft=draft,
                    marker=request.user,
                    scores=form.scores(),
                    comment=form.cleaned_data["comment"],
                    inline_comments=form.inline_comments(),
                    request=request,
                )
            except MarkingError as error:
                form.add_error(None, error.message)
                messages.error(request, _("Nothing was saved."))
            else:
                messages.success(request, _("Marks saved: the writer sees them on their result page."))
                return redirect("report_writing_marking")
        else:
            messages.error(request, _("Nothing was saved. Give each criterion a score."))
        return self.render_to_response(self.get_context_data(draft=draft, form=form, **kwargs))


urlpatterns = [
    path("marking/", ReportMarkingQueueView.as_view(), name="report_writing_marking"),
    path("marking/<int:pk>/", MarkDraftView.as_view(), name="report_writing_mark_draft"),
]


class ReportMarkingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MARK_PERMISSION)


@hooks.register("register_admin_urls")
def register_report_marking_urls():
    return [path("report-writing/", include(urlpatterns))]


@hooks.register("register_admin_menu_item")
def register_report_marking_menu_item():
    # Beside the drills' 定性阅卷 (order 321).
    return ReportMarkingMenuItem(
        gettext_lazy("Report marking"), reverse("report_writing_marking"), icon_name="tick", order=322
    )
