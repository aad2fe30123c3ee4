"""Admin: the queue of unmarked 定性 sentences and the marking page of one, for holders of
drills.mark_drill_sentence (审核, 管理员). Laid out like quizzes' marking (quizzes/admin_marking.py); the rule is in
drills.services.mark_sentence."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from audit.api import record_view
from core.admin_views import PermissionRequiredAdminMixin
from drills import selectors
from drills.forms import MarkForm
from drills.models import MARK_PERMISSION, DrillAttempt
from drills.services import DrillError, mark_sentence


class _MarkerMixin(PermissionRequiredAdminMixin):
    permission_required = MARK_PERMISSION


class DrillMarkingQueueView(_MarkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Characterisation marking")
    header_icon = "tick"
    template_name = "drills/admin/marking_queue.html"

    def get_context_data(self, **kwargs):
        attempts = list(selectors.marking_queue(marker=self.request.user))
        if attempts:
            # The queue names the people whose sentences wait.
            record_view(
                action="drills.marking_queue_viewed",
                request=self.request,
                people=list({a.user for a in attempts}),
            )
        return {**super().get_context_data(**kwargs), "attempts": attempts}


class MarkSentenceView(_MarkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Mark a characterisation")
    header_icon = "tick"
    template_name = "drills/admin/mark_sentence.html"

    def get_attempt(self) -> DrillAttempt:
        try:
            return selectors.attempt_to_mark(pk=self.kwargs["pk"], marker=self.request.user)
        except DrillAttempt.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, *, attempt: DrillAttempt | None = None, form: MarkForm | None = None, **kwargs):
        attempt = attempt or self.get_attempt()
        record_view(action="drills.sentence_marking_viewed", request=self.request, target=attempt, subject=attempt.user)
        return {
            **super().get_context_data(**kwargs),
            **selectors.result_context(attempt=attempt),
            "form": form or MarkForm(attempt=attempt),
        }

    def post(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        form = MarkForm(request.POST, attempt=attempt)
        if form.is_valid():
            try:
                mark_sentence(
                    attempt=attempt, marker=request.user, scores=form.scores(), comment=form.cleaned_data["comment"]
                )
            except DrillError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Marks saved: the trainee sees them on their result page."))
                return redirect("drills_marking")
        messages.error(request, _("Nothing was saved. Give each criterion a score."))
        return self.render_to_response(self.get_context_data(attempt=attempt, form=form, **kwargs))


urlpatterns = [
    path("marking/", DrillMarkingQueueView.as_view(), name="drills_marking"),
    path("marking/<int:pk>/", MarkSentenceView.as_view(), name="drills_mark_sentence"),
]


class DrillMarkingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MARK_PERMISSION)


def marking_menu_item() -> MenuItem:
    # Beside quizzes' 题库与测验 (order 320), whose 阅卷 the drills cannot join: quizzes sits below drills.
    return DrillMarkingMenuItem(
        gettext_lazy("Characterisation marking"), reverse("drills_marking"), icon_name="tick", order=321
    )
