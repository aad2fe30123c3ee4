"""Admin: the marker's queue and the marking page of one attempt. Rules live in quizzes.services."""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from quizzes import selectors, services
from quizzes.models import Attempt, AttemptStatus, MarkingStatus
from quizzes.presentation import question_view
from quizzes.selectors import ReviewOptions

MARK_PERMISSION = "quizzes.mark_attempt"
_MARKER_SEES = ReviewOptions(score=True, correctness=True, answers=True, explanations=True)


class _MarkerMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MARK_PERMISSION):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]


class MarkingQueueView(_MarkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Marking")
    header_icon = "tick"
    template_name = "quizzes/admin/marking_queue.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "attempts": selectors.marking_queue()}


class MarkAttemptView(_MarkerMixin, WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Mark an attempt")
    header_icon = "tick"
    template_name = "quizzes/admin/mark_attempt.html"

    def get_attempt(self) -> Attempt:
        return get_object_or_404(
            Attempt.objects.select_related("quiz", "user").exclude(status=AttemptStatus.IN_PROGRESS),
            pk=self.kwargs["pk"],
        )

    @staticmethod
    def markable_answers(attempt: Attempt):
        """Essays; on an exam paper, every answer (the marker may correct an automatic score)."""
        answers = attempt.answers.all()
        return answers if attempt.quiz.exam_paper else answers.exclude(marking=MarkingStatus.AUTO)

    def get_context_data(self, **kwargs):
        attempt = self.get_attempt()
        views = [question_view(a) for a in selectors.attempt_answers(attempt=attempt)]
        markable = {a.pk for a in self.markable_answers(attempt)}
        return {
            **super().get_context_data(**kwargs),
            "attempt": attempt,
            "to_mark": [v for v in views if v.answer.pk in markable],
            "auto": [v for v in views if v.answer.pk not in markable],
            "options": _MARKER_SEES,
        }

    def post(self, request, *args, **kwargs):
        attempt = self.get_attempt()
        try:
            for answer in self.markable_answers(attempt):
                pk = answer.pk
                raw = request.POST.get(f"awarded-{pk}", "").strip()
                if raw == "":
                    continue
                try:
                    awarded = Decimal(raw)
                except InvalidOperation:
                    raise services.QuizError(_("Enter the score as a number.")) from None
                services.mark_answer(
                    answer=answer, marker=request.user, awarded=awarded, comment=request.POST.get(f"comment-{pk}", "")
                )
            if "confirm" in request.POST:
                services.confirm_attempt(attempt=attempt, marker=request.user)
        except services.QuizError as error:
            messages.error(request, str(error))
            return redirect("quizzes_mark_attempt", pk=attempt.pk)
        attempt.refresh_from_db()
        if attempt.status == AttemptStatus.COMPLETED:
            messages.success(request, _("Marking finished: the result is now released to the taker."))
            return redirect("quizzes_marking")
        messages.success(request, _("Marks saved."))
        return redirect("quizzes_mark_attempt", pk=attempt.pk)


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
