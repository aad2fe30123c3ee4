"""The site's error pages (handler400/403/404 in config/urls.py, CSRF_FAILURE_VIEW): Chinese, with a way back.

Django's defaults answer in English ("403 Forbidden", "CSRF verification failed"). These render the
templates in site/templates; 403 and 404 extend base.html and offer 返回上一页 (the page the person came
from, when it is on this site) and 回到首页. The 500 page is Django's own handler with site/templates/500.html,
which needs no request context (it renders when anything, even the database, may be broken).
"""

from django.core.exceptions import DisallowedHost
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme


def back_url(request) -> str | None:
    """The page the person came from, if it is on this site and is not the page that failed."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host = request.get_host()
        this_page = request.build_absolute_uri()
    except DisallowedHost:
        return None
    if not referer or referer == this_page:
        return None
    if not url_has_allowed_host_and_scheme(referer, {host}, request.is_secure()):
        return None
    return referer


def bad_request(request, exception):
    # A 400 may come from a refused Host header: no request context, no base.html (it reads the request).
    return HttpResponseBadRequest(loader.get_template("400.html").render())


def permission_denied(request, exception):
    return render(request, "403.html", {"back_url": back_url(request)}, status=403)


def page_not_found(request, exception):
    return render(request, "404.html", {"back_url": back_url(request)}, status=404)


def csrf_failure(request, reason=""):
    """A form posted with an expired security token (the person logged in again elsewhere, or the page sat open
    for a long time): say so in Chinese and that the submission was not saved."""
    return render(request, "403_csrf.html", {"back_url": back_url(request)}, status=403)
