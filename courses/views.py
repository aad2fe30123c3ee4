"""我的学习 (the trainee's home) and the "studied" button. Readiness rules live in rounds.readiness."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import services
from courses.models import ItemKind
from courses.selectors import next_step
from rounds.readiness import readiness_for_user


def my_learning(request):
    rounds = []
    for readiness in readiness_for_user(user=request.user):
        rounds.append({"readiness": readiness, "next": next_step(readiness)})
    context = {"rounds": rounds, "reviews": _review_summary(request.user)}
    return render(request, "courses/my_learning.html", context)


def _review_summary(user):
    from reviews.selectors import review_summary

    return review_summary(user=user)


@require_POST
def mark_done(request):
    """Record that the reader studied a lesson, article, case or guide; then go back where they were."""
    kind = request.POST.get("kind", "")
    try:
        item_id = int(request.POST.get("item", ""))
    except ValueError:
        raise Http404 from None
    if kind not in ItemKind.values or not _exists(kind, item_id):
        raise Http404
    _record, created = services.record_completion(user=request.user, kind=kind, item_id=item_id)
    messages.success(request, _("Recorded as studied.") if created else _("You had already studied this."))
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "courses:my_learning"
    return redirect(target)


def _exists(kind: str, item_id: int) -> bool:
    from cases.models import CasePage
    from courses.models import LessonPage
    from guides.models import InterviewGuidePage
    from regulations.models import RegulationArticle

    model = {
        ItemKind.LESSON: LessonPage,
        ItemKind.CASE: CasePage,
        ItemKind.GUIDE: InterviewGuidePage,
        ItemKind.ARTICLE: RegulationArticle,
    }[kind]
    queryset = model.objects.filter(pk=item_id)
    if kind != ItemKind.ARTICLE:
        queryset = queryset.live()
    return queryset.exists()
