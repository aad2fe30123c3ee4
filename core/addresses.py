"""The client's address, one rule for lockouts, throttles and the audit log; and the site's own address for what
leaves without a request (e-mails sent by commands).

Behind nginx (site/deploy/nginx.conf), gunicorn listens on 127.0.0.1 and sees every request come from the
proxy. When the request comes from a trusted proxy (TRUSTED_PROXIES, default this machine), the address
nginx appended last to X-Forwarded-For is taken: the one nginx saw, which a client cannot forge; anything
earlier in that header was written by the client and is ignored.
"""

from ipaddress import ip_address

from django.conf import settings

DEFAULT_TRUSTED_PROXIES = ("127.0.0.1", "::1")


def client_address(request) -> str | None:
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote in getattr(settings, "TRUSTED_PROXIES", DEFAULT_TRUSTED_PROXIES) and forwarded:
        try:
            return str(ip_address(forwarded.split(",")[-1].strip()))
        except ValueError:
            return remote
    return remote


def site_url(path: str) -> str:
    """``path`` on this site, absolute. Commands have no request: the site's own address comes from the setting
    Wagtail uses for its admin e-mails (WAGTAILADMIN_BASE_URL)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
