"""Admin: the marker's queue and the marking page of one attempt, both limited to the attempts in the
marker's scope (quizzes.selectors.marking_user_ids). Rules live in quizzes.services_marking."""

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
from quizzes import selectors, services_marking
from quizzes.forms_marking import MarkingForm
from quizzes.marking_queues import other_queues
from quizzes.models import Attempt, AttemptStatus
from quizzes.presentation import question_view
from quizzes.selectors import MARK_PERMISSION, ReviewOptions
from quizzes.services import QuizError

_MARKER_SEES = ReviewOptions(score=True, correctness=True, answers=True, explanations=True)


class _MarkerMixin(PermissionRequiredAdminMixin):
    permission_required = MARK_PERMISSION


class MarkingQueueView(_MarkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Marking")
    header_icon = "tick"
    template_name = "quizzes/admin/marking_queue.html"

    def get_context_data(self, **kwargs):
        marker = self.request.user
        return {
            **super().get_context_data(**kwargs),
            "attempts": selectors.marking_queue(marker=marker),
            # When the queue is empty, a marker who does not see everyone is told why.
            "scoped": selectors.marking_user_ids(marker=marker) is not None,
            # Marking of apps above quizzes (the 定性 drills' sentences), so all of a marker's work is found here.
            "other_queues": other_queues(marker=marker),
        }


class MarkAttemptView(_MarkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Mark an attempt")
    header_icon = "tick"
    template_name = "quizzes/admin/mark_attempt.html"

    def get_attempt(self) -> Attempt:
        """A submitted attempt in the marker's scope; any other is not known to exist (404)."""
        try:
            return selectors.attempt_to_mark(pk=self.kwargs["pk"], marker=self.request.user)
        except Attempt.DoesNotExist:
            raise Http404 from None

    def get_context_data(self, *, attempt: Attempt | None = None, form: MarkingForm | None = None, **kwargs):
        attempt = attempt or self.get_attempt()
        record_view(action="quizzes.attempt_marking_viewed", request=self.request, target=attempt, subject=attempt.user)
        markable = list(services_marking.markable_answers(attempt=attempt))
        form = form or MarkingForm(answers=markable)
        views = [question_view(a) for a in selectors.attempt_answers(attempt=attempt)]
        markable_ids = {a.pk for a in markable}
        return {
            **super().get_context_data(**kwargs),
            "attempt": attempt,
            "form": form,
            "to_mark": form.lines(v for v in views if v.answer.pk in markable_ids),
            "auto": [v for v in views if v.answer.pk not in markable_ids],
            "options": _MARKER_SEES,
        }

    def post(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        form = MarkingForm(request.POST, answers=services_marking.markable_answers(attempt=attempt))
        if form.is_valid():
            try:
                attempt = services_marking.mark_attempt(
                    attempt=attempt, marker=request.user, marks=form.marks(), confirm=form.cleaned_data["confirm"]
                )
            except services_marking.NotYoursToMark:
                # Left the marker's scope between the check above and the row lock (a round's managers changed).
                raise Http404 from None
            except services_marking.MarksRefused as refused:
                form.add_refusals(refused.errors)
            except QuizError as error:
                form.add_error(None, str(error))
            else:
                if attempt.status == AttemptStatus.COMPLETED:
                    messages.success(request, _("Marking finished: the result is now released to the taker."))
                    return redirect("quizzes_marking")
                messages.success(request, _("Marks saved."))
                return redirect("quizzes_mark_attempt", pk=attempt.pk)
        # The page again, with what the marker typed and each error beside its answer.
        messages.error(request, _("Nothing was saved. Correct the marked answers."))
        return self.render_to_response(self.get_context_data(attempt=attempt, form=form, **kwargs))


urlpatterns = [
    path("marking/", MarkingQueueView.as_view(), name="quizzes_marking"),
    path("marking/<int:pk>/", MarkAttemptView.as_view(), name="quizzes_mark_attempt"),
]


class _MarkingMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(MARK_PERMISSION)


def _marking_menu_item():
    return _MarkingMenuItem(gettext_lazy("Marking"), reverse("quizzes_marking"), icon_name="tick", order=900)


menu_items = [_marking_menu_item]
