"""Tests: fast hashing, in-memory cache, plain static storage, immediate tasks."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher", "accounts.hashers.InitialPasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
MEDIA_ROOT = tempfile.mkdtemp(prefix="xcxt-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Background tasks run at once, in the test's thread.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
}
STATIC_ROOT = tempfile.mkdtemp(prefix="xcxt-test-static-")
# makemigrations --check reads the migration history of the default database; give it a folder.
VAR_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
# Most tests roll the database back after each test; a persistent Whoosh index would outlive
# them. Tests of the Whoosh backend configure it with a fresh index directory of their own.
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
