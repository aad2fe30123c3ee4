"""The "studied" button. 我的学习 (the trainee's home with their readiness) is the readiness app's."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from courses import services
from courses.selectors import studiable_item_exists


@require_POST
def mark_done(request):
    """Record that the reader studied a lesson, article, case or guide; then go back where they were."""
    kind = request.POST.get("kind", "")
    try:
        item_id = int(request.POST.get("item", ""))
    except ValueError:
        raise Http404 from None
    if not studiable_item_exists(kind=kind, item_id=item_id):
        raise Http404
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "readiness:my_learning"
    try:
        _record, created = services.mark_studied(user=request.user, kind=kind, item_id=item_id)
    except services.LessonLocked as locked:
        # Back to the page, which says why the lesson is locked and links to what comes first.
        messages.error(request, locked.lock.message)
        return redirect(target)
    messages.success(request, _("Recorded as studied.") if created else _("Recorded as studied again."))
    return redirect(target)
