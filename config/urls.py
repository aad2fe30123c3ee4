from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import views as core_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("", include("search.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("core.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("review/", include("reviews.urls")),
    path("learning/", include("courses.urls")),
    path("", include("readiness.urls")),
    path("declarations/", include("declarations.urls")),
    path("supervision/", include("supervision.urls")),
    path("drills/", include("drills.urls")),
    path("scenarios/", include("scenarios.urls")),
    path("reports/", include("report_writing.urls")),
    path("sessions/", include("studysessions.urls")),
    path("privacy/", include("privacy.urls")),
    path("interference/", include("interference.urls")),
    path("hours/", include("hours.urls")),
    path("reminders/", include("reminders.urls")),
    path("talent/", include("talent.urls")),
    re_path(r"^media/(?P<path>.+)$", core_views.protected_media, name="protected_media"),
    path("", include(wagtail_urls)),
]

# The site's own Chinese error pages with a way back (core.errors); 500 is Django's handler with 500.html.
handler400 = "core.errors.bad_request"
handler403 = "core.errors.permission_denied"
handler404 = "core.errors.page_not_found"
