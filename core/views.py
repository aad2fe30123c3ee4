from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils._os import safe_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.utils.sendfile import sendfile as wagtail_sendfile

from core import resubmit as kept_posts
from core.selectors import collection_refuses, image_for_media_path
from core.sendfile import sendfile
from core.services import set_large_text


@require_POST
def text_size(request):
    set_large_text(user=request.user, enabled=request.POST.get("large") == "1")
    target = request.POST.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = "/"
    return HttpResponseRedirect(target)


@login_not_required
def healthz(request):
    # For nginx and monitoring; says nothing about content.
    return HttpResponse("ok", content_type="text/plain")


def protected_media(request, path: str):
    """Image files (originals and renditions) for users their collection lets see them; nothing else.

    The middleware has checked the login. The file must belong to a Wagtail image, and the image's
    collection privacy (the same CollectionViewRestriction Wagtail applies to documents) must accept
    the request. Documents are served only by Wagtail's /documents/<id>/<name> view; any other path 404s.
    Behind nginx (XCXT_MEDIA_ACCEL_PREFIX) the answer is an X-Accel-Redirect to an internal location.
    """
    try:
        full_path = safe_join(settings.MEDIA_ROOT, path)
    except (ValueError, SuspiciousFileOperation) as exc:
        raise Http404 from exc
    image = image_for_media_path(path=path)
    if image is None or collection_refuses(collection=image.collection, request=request):
        raise Http404
    return wagtail_sendfile(request, full_path, backend=sendfile)


def resubmit(request):
    """登录已过期，你刚才提交的内容还没有保存: the kept fields as a form (fresh CSRF token) to post again, or 放弃.

    A GET only shows them; the form posts straight to the page they were posted to (core.resubmit).
    """
    context = {"stash": kept_posts.pending(request), "marker": kept_posts.MARKER}
    return render(request, "core/resubmit.html", context)


@require_POST
def resubmit_discard(request):
    """放弃: drop the kept submission and go back to the page it was posted to (or home)."""
    stash = kept_posts.discard(request)
    return HttpResponseRedirect(stash.path if stash is not None else "/")
