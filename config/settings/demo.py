"""The demo that `bash scripts/run.sh` starts: the development settings, as a newcomer meets the site.

DEBUG is off, so the demo answers as production does: the site's own Chinese 403, 404 and 500 pages, not
Django's English technical pages. (DEBUG stays on in `config.settings.dev`, for developers.) With DEBUG off
runserver no longer serves static files; WhiteNoise, already in MIDDLEWARE for production, serves them
straight from the apps and site/static (its finders mode), so no collectstatic is needed.

The console shows warnings and errors only: the INFO lines of the demo loader and the search index
("Edition 8 marked as revised by 10") are for operators' logs, not for someone trying the site, and the
development server's line per request drowns the set-up's own progress lines.
"""

from .dev import *  # noqa: F403

DEBUG = False
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        # Django's own INFO lines ("Watching for file changes with StatReloader") would reach the console too.
        "django": {"level": "WARNING"},
        # A 404 for /favicon.ico is not news; a 500 still prints its traceback.
        "django.request": {"level": "ERROR"},
        "django.server": {"level": "ERROR"},
        # A fresh clone has no search index yet: its creation is expected here, not a warning to act on.
        "search.index_store": {"level": "ERROR"},
    },
}
