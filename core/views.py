from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.utils._os import safe_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django.views.static import serve

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
    """Uploaded files (images, renditions) for signed-in users only: the middleware has checked the login.

    Behind nginx, set XCXT_MEDIA_ACCEL_PREFIX so nginx sends the file from an internal location.
    """
    try:
        safe_join(settings.MEDIA_ROOT, path)
    except (ValueError, SuspiciousFileOperation) as exc:
        raise Http404 from exc
    if settings.MEDIA_ACCEL_PREFIX:
        response = HttpResponse()
        response["X-Accel-Redirect"] = settings.MEDIA_ACCEL_PREFIX.rstrip("/") + "/" + path
        del response["Content-Type"]  # nginx sets it from the file
        return response
    return serve(request, path, document_root=settings.MEDIA_ROOT)
