"""Settings shared by every environment. Values that differ per deployment come from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.conf import global_settings
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("XCXT_VAR_DIR", BASE_DIR / "var"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # Project apps first so their templates and translations win.
    "core",
    "accounts",
    "audit",
    "regulations",
    "cases",
    "guides",
    "courses",
    "quizzes",
    "declarations",
    "supervision",
    "drills",
    "scenarios",
    "report_writing",
    "rounds",
    "reviews",
    "studysessions",
    "readiness",
    "privacy",
    "revision_impact",
    "desensitisation",
    "interference",
    "hours",
    "reminders",
    "talent",
    "packages",
    "search",
    "operations",
    "fixtures",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "core.staff_apps.StaffUsersAppConfig",  # wagtail.users with the 三员分立 user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    # Security and operations (issue 13): lockout, second factor, background tasks.
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The second factor: request.user.is_verified() (django-otp).
    "django_otp.middleware.OTPMiddleware",
    # Idle timeout and absolute lifetime; staff pass the second factor before anything else (accounts).
    "accounts.middleware.SessionLifetimeMiddleware",
    "accounts.middleware.SecondFactorRequiredMiddleware",
    # A person with an initial password chooses their own before anything else (accounts).
    "accounts.middleware.ForcedPasswordChangeMiddleware",
    # Intranet: every front-end view needs a login; the admin keeps its own login.
    "core.middleware.IntranetLoginRequiredMiddleware",
    # Cache-Control: private, no-store on every response to a signed-in user (core.middleware).
    "core.middleware.PrivateNoStoreMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An admin delete refused by a protected row: a Chinese message instead of a 500 (core.middleware).
    "core.middleware.ProtectedDeleteMiddleware",
    # A malformed POST to one of Wagtail's own admin views: a 400 in Chinese, not a 500 (core.middleware).
    "core.middleware.IncompleteAdminPostMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Content-Security-Policy header (django-csp; the admin's own policy under /admin/); the policies
    # are in the "Content-Security-Policy" block.
    "core.middleware.PathPolicyCSPMiddleware",
    # Lockout after repeated failed logins (django-axes): last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.reading_preferences",
                "core.context_processors.browser",
            ],
        },
    },
]

# SQLite is the embedded default. WAL plus IMMEDIATE transactions make concurrent
# writers wait for the lock (up to the timeout) instead of failing with "database is locked".
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and sessions (lockout, second factor, session lifetime, password policy) ---
# The numbers 等保 level 3 asks for; each can be changed per deployment through the environment.
# Password policy: length, three character classes, refused passwords (accounts/validators.py); Django's
# validators stay, all answer in Chinese.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("XCXT_PASSWORD_MIN_LENGTH", "10"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "accounts.validators.RefusedPasswordValidator"},
]
# Django's hashers, then one for initial passwords only (random one-time secrets on a printed slip; see
# accounts/hashers.py): read by their stored prefix, re-hashed with the default at the first log-in.
PASSWORD_HASHERS = [*global_settings.PASSWORD_HASHERS, "accounts.hashers.InitialPasswordHasher"]
# AxesBackend refuses a locked-out account or address before ModelBackend checks the password. It is a
# ModelBackend too, so a session that names it (force_login takes the first backend) can load its user.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_VERBOSE = False  # no banner on every start
# Axes keeps the failures it counts; successful logins go to the audit log (audit app), not a second table.
AXES_DISABLE_ACCESS_LOG = True
# Lockout: 5 failures, then 15 minutes, counted per account and, apart, per address (either one locks).
AXES_FAILURE_LIMIT = int(os.environ.get("XCXT_LOCKOUT_FAILURES", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("XCXT_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# The window runs from the lockout: trying again while locked does not push it further.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_RESET_ON_SUCCESS = True
# The answer to a locked-out login, on every login form: a Chinese page with the reason (status 429).
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Behind nginx the address is the last X-Forwarded-For entry nginx added, not 127.0.0.1 for everyone.
AXES_CLIENT_IP_CALLABLE = "core.addresses.client_address"
# Second factor (django-otp): TOTP from a phone app, and one-time recovery codes.
OTP_TOTP_ISSUER = "巡察学堂"
ACCOUNTS_RECOVERY_CODES = 10
# Sessions: idle timeout and an absolute lifetime of a working day (accounts.middleware).
ACCOUNTS_IDLE_TIMEOUT = timedelta(minutes=int(os.environ.get("XCXT_IDLE_TIMEOUT_MINUTES", "30")))
ACCOUNTS_SESSION_LIFETIME = timedelta(hours=int(os.environ.get("XCXT_SESSION_LIFETIME_HOURS", "10")))
SESSION_COOKIE_AGE = int(ACCOUNTS_SESSION_LIFETIME.total_seconds())
# Requests a page makes by itself do not keep a forgotten session alive: the room's 2-second state poll
# and the projector's sign-in code refresh. (A phone's step refresh counts: the host moved the evening.)
ACCOUNTS_PASSIVE_VIEWS = ["studysessions:state", "studysessions:sign_in_code", "studysessions:rehearsal_sign_in_code"]
# Password reset by e-mail only where the deployment has mail; off, its pages are 404 and no link shows.
ACCOUNTS_PASSWORD_RESET_ENABLED = os.environ.get("XCXT_PASSWORD_RESET", "") == "on"
ACCOUNTS_PASSWORD_RESET_LIMIT = 3  # mails per account, and ten times that per address, in an hour
WAGTAIL_PASSWORD_RESET_ENABLED = False  # Wagtail's own reset is not throttled: ours is the only one
# Wagtail's login for private pages (/_util/login/) shows our login page; axes guards it like the others.
WAGTAIL_FRONTEND_LOGIN_TEMPLATE = "accounts/login.html"
# --- end of accounts and sessions ---

LOGIN_URL = "login"
# A form posted with a stale token: a Chinese page saying the submission was not saved (core.errors).
CSRF_FAILURE_VIEW = "core.errors.csrf_failure"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", VAR_DIR / "media"))
# Uploads are never served by path. Documents: Wagtail's /documents/<id>/<name> view checks the
# collection's privacy first ("serve_view"). Images: core.views.protected_media checks the image's
# collection. Both then hand the file to core.sendfile: with nginx in front (this prefix set), an
# X-Accel-Redirect to nginx's `internal` location; without, Django streams it.
MEDIA_ACCEL_PREFIX = os.environ.get("XCXT_MEDIA_ACCEL_PREFIX", "")
WAGTAILDOCS_SERVE_METHOD = "serve_view"
SENDFILE_BACKEND = "core.sendfile"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Wagtail
WAGTAIL_SITE_NAME = "巡察学堂"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAILADMIN_COMMENTS_ENABLED = True
# The intranet has no internet: no Gravatar, no embeds fetched from outside, no update check.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False  # its links lead to Wagtail's English guide, off the intranet
WAGTAILEMBEDS_FINDERS = []

# Search: the project's own Whoosh + jieba backend by default (Chinese needs word segmentation);
# Wagtail's database backend, or Elasticsearch/OpenSearch for deployments beyond one machine.
SEARCH_BACKEND = os.environ.get("SEARCH_BACKEND", "whoosh")
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", VAR_DIR / "search-index"))
if SEARCH_BACKEND == "whoosh":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.backend", "INDEX_DIR": str(SEARCH_INDEX_DIR)}}
elif SEARCH_BACKEND == "postgres":
    # Several app servers on one PostgreSQL: the same jieba analysis, stored as tsvector (search.postgres_backend).
    if "postgresql" not in DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs a PostgreSQL DATABASE_URL.")
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.postgres_backend"}}
elif SEARCH_BACKEND == "database":
    WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
elif SEARCH_BACKEND == "elasticsearch":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": os.environ.get("ELASTICSEARCH_BACKEND", "wagtail.search.backends.elasticsearch8"),
            "URLS": [os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200")],
            "INDEX_PREFIX": os.environ.get("ELASTICSEARCH_INDEX_PREFIX", "xuncha_"),
        }
    }
else:
    raise ImproperlyConfigured(
        f"SEARCH_BACKEND must be whoosh, postgres, database or elasticsearch, not {SEARCH_BACKEND!r}."
    )
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "doc", "xlsx", "txt"]
TAGGIT_CASE_INSENSITIVE = True

# --- Content-Security-Policy (django-csp 4) ---
# Enforced. The site's own pages load scripts and styles from /static/ only: no inline <script>, no
# <style>, no style="" attribute (bar widths are pct-N classes in site.css, charts carry a class).
# Images may be data: URLs (the sign-in QR). frame-ancestors 'self' lets Wagtail's preview frame a page.
_CSP_COMMON = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "frame-ancestors": ["'self'"],
    "form-action": ["'self'"],
}
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": _CSP_COMMON | {"script-src": ["'self'"], "style-src": ["'self'"]},
}
# The Wagtail admin (/admin/, chosen by core.middleware.PathPolicyCSPMiddleware) writes inline scripts
# (its JSON config, the Stimulus/React bootstrapping) and style attributes in its own templates, which
# the project cannot move: it gets 'unsafe-inline' for scripts and styles, still nothing from outside,
# and blob: images for upload previews. The admin is for the office's staff only, behind its own login
# and a second factor.
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": _CSP_COMMON
    | {
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
    },
}
# --- end of Content-Security-Policy ---

# --- Background tasks (django-tasks; the database backend from django-tasks-db) ---
TASKS = {
    # modelsearch queues a task on every save to index the object: that stays in the request.
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    # Long writes (the question import, quizzes.tasks): rows in the database, run by the worker
    # `manage.py db_worker --backend background` (docs/deployment.md, "Background worker").
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend"},
}
# --- end of background tasks ---

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per background task and per page action drowns real messages.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": os.environ.get("WAGTAIL_LOG_LEVEL", "WARNING")},
    },
}
