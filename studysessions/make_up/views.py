"""The make-up page (补学): the agenda on one page, a 我已学完 button and the evening's quiz."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from quizzes.api import has_passed
from studysessions.agenda.selectors import agenda_steps, session_quiz
from studysessions.make_up import services
from studysessions.make_up.selectors import make_up_of, make_up_refusal
from studysessions.schedule.shortcuts import evening_context, occurrence_or_404

TEMPLATE = "studysessions/make_up/make_up.html"


@require_http_methods(["GET", "POST"])
def make_up(request, key):
    """补学: the agenda on one page, a 我已学完 button and the evening's quiz; recorded apart from attendance."""
    occurrence = occurrence_or_404(key, user=request.user)
    session = occurrence.session
    now = timezone.now()
    context = evening_context(occurrence)
    refusal = make_up_refusal(session=session, user=request.user, now=now)
    if refusal is not None:
        if refusal.code == "not_expected":
            # Seen but not expected (the host, a round manager): nothing to make up.
            raise PermissionDenied
        return render(request, TEMPLATE, context | {"refusal": refusal})
    # A GET only shows the agenda and the checklist: the make-up row is written by the buttons (POST).
    if request.method == "POST":
        if request.POST.get("action") == "complete":
            # Back after passing the quiz: 完成补学 records the make-up as complete.
            services.start_make_up(session=session, user=request.user, now=now)
        else:
            services.mark_studied(session=session, user=request.user, now=now)
            messages.success(request, _("Recorded: you have worked through the agenda."))
        return redirect("studysessions:make_up", key=occurrence.key)
    row = make_up_of(session=session, user=request.user)
    quiz = session_quiz(session)
    quiz_passed = quiz is not None and has_passed(quiz=quiz, user=request.user)
    context |= {
        "make_up": row,
        "steps": [s for s in agenda_steps(session) if s.kind != "quiz"],
        "quiz": quiz,
        "quiz_passed": quiz_passed,
        "may_complete": row is not None and row.studied_at and not row.completed_at and quiz_passed,
    }
    return render(request, TEMPLATE, context)
