from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils._os import safe_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from wagtail.utils.sendfile import sendfile as wagtail_sendfile

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
