"""Production: everything secret or host-specific comes from the environment.

The intranet may terminate TLS at nginx; the secure defaults below can be relaxed per
deployment through the environment, never by editing this file.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
if not SECRET_KEY:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set in production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set in production.")


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes"}


SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = _flag("DJANGO_SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = _flag("DJANGO_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = _flag("DJANGO_SECURE_COOKIES", True)
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _flag("DJANGO_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
# Wagtail's live preview shows the page in a same-origin frame, so SAMEORIGIN rather than DENY.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = [
    "security.W019",  # X_FRAME_OPTIONS is SAMEORIGIN on purpose (above).
    "security.W021",  # HSTS preload lists are for public domains; an intranet host cannot be listed.
]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

EMAIL_BACKEND = os.environ.get("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("DJANGO_EMAIL_HOST", "localhost")
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "xuncha@localhost")
# Audit log retention in days (audit app): at least 180 (等保); a shorter value fails `check` and the prune.
AUDIT_RETENTION_DAYS = int(os.environ.get("XCXT_AUDIT_RETENTION_DAYS", "180"))
