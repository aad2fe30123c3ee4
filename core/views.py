from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

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
